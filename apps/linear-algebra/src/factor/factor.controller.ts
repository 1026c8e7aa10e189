import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  EigshRequest, LA_FACTOR_SUBJECTS as S, LstsqRequest, MatrixRequest, PcaRequest, QrRequest, SolveRequest, SvdRequest,
  type CholeskyReply, type DetReply, type EigReply, type EighReply, type EigshReply, type InvReply, type LdltReply, type LstsqReply, type PcaReply,
  type QrReply, type SolveReply, type SvdReply,
} from '@modelbus/contracts';
import type { Matrix } from '@modelbus/math-linalg';
import { WorkerPoolService } from '@modelbus/platform';
import { buffersOf, matrixFromDto as fromDto, matrixToJson as toJson, vectorToJson as vec } from '../matrix-json';

/**
 * Factorisations and solvers. Each handler converts the validated JSON to typed arrays, moves them
 * into a pool worker (transfer, no copy), and turns the typed-array result back into JSON (a reply
 * too big for one NATS message is refused by the platform's envelope serializer).
 */
@Controller()
export class FactorController {
  constructor(private readonly pool: WorkerPoolService) {}

  private run<R>(op: string, args: Record<string, unknown>, ...moved: Matrix[]): Promise<R> {
    return this.pool.run<R>(op, args, { transfer: buffersOf(...moved) });
  }

  @MessagePattern(S.laSolve)
  async solve(@Payload() req: SolveRequest): Promise<SolveReply> {
    const a = fromDto(req.a), b = fromDto(req.b);
    const { x, cond1 } = await this.run<{ x: Matrix; cond1: number }>('solve', { a, b }, a, b);
    return { x: toJson(x), cond1 };
  }

  @MessagePattern(S.laLstsq)
  async lstsq(@Payload() req: LstsqRequest): Promise<LstsqReply> {
    const a = fromDto(req.a), b = fromDto(req.b);
    const r = await this.run<{ x: Matrix; residuals: Float64Array; rank: number }>('lstsq', { a, b, ridge: req.ridge, method: req.method }, a, b);
    return { x: toJson(r.x), residuals: vec(r.residuals), rank: r.rank };
  }

  @MessagePattern(S.laInv)
  async inv(@Payload() req: MatrixRequest): Promise<InvReply> {
    const a = fromDto(req.a);
    const { inv } = await this.run<{ inv: Matrix }>('inv', { a }, a);
    return { inv: toJson(inv) };
  }

  /** det overflows to ±∞ for large matrices: it is then null (JSON has no ∞); logAbsDet is null when singular. */
  @MessagePattern(S.laDet)
  async det(@Payload() req: MatrixRequest): Promise<DetReply> {
    const a = fromDto(req.a);
    const r = await this.run<{ det: number; logAbsDet: number; sign: number; cond1: number }>('det', { a }, a);
    return {
      det: Number.isFinite(r.det) ? r.det : null,
      logAbsDet: Number.isFinite(r.logAbsDet) ? r.logAbsDet : null,
      sign: r.sign,
      cond1: Number.isFinite(r.cond1) ? r.cond1 : null,
    };
  }

  @MessagePattern(S.laCholesky)
  async cholesky(@Payload() req: MatrixRequest): Promise<CholeskyReply> {
    const a = fromDto(req.a);
    const { l } = await this.run<{ l: Matrix }>('cholesky', { a }, a);
    return { l: toJson(l) };
  }

  @MessagePattern(S.laQr)
  async qr(@Payload() req: QrRequest): Promise<QrReply> {
    const a = fromDto(req.a);
    const { q, r, perm, rank } = await this.run<{ q: Matrix; r: Matrix; perm?: Int32Array; rank?: number }>(
      'qr', { a, pivoting: req.pivoting, tolerance: req.tolerance }, a,
    );
    return { q: toJson(q), r: toJson(r), ...(perm ? { perm: Array.from(perm), rank } : {}) };
  }

  /** Symmetric indefinite factorisation with inertia (Bunch–Kaufman); cond1 null when singular. */
  @MessagePattern(S.laLdlt)
  async ldlt(@Payload() req: MatrixRequest): Promise<LdltReply> {
    const a = fromDto(req.a);
    const r = await this.run<{ l: Matrix; d: Matrix; perm: Int32Array; inertia: LdltReply['inertia']; cond1: number }>('ldlt', { a }, a);
    return { l: toJson(r.l), d: toJson(r.d), perm: Array.from(r.perm), inertia: r.inertia, cond1: Number.isFinite(r.cond1) ? r.cond1 : null };
  }

  @MessagePattern(S.laEigsh)
  async eigsh(@Payload() req: EigshRequest): Promise<EigshReply> {
    const a = fromDto(req.a);
    const { k, which, tolerance, seed } = req;
    const r = await this.run<{ values: Float64Array; vectors: Matrix; residuals: Float64Array; iterations: number; converged: boolean }>(
      'eigsh', { a, k, which, tolerance, seed }, a,
    );
    return { values: vec(r.values), vectors: toJson(r.vectors), residuals: vec(r.residuals), iterations: r.iterations, converged: r.converged };
  }

  @MessagePattern(S.laEigh)
  async eigh(@Payload() req: MatrixRequest): Promise<EighReply> {
    const a = fromDto(req.a);
    const { values, vectors } = await this.run<{ values: Float64Array; vectors: Matrix }>('eigh', { a }, a);
    return { values: vec(values), vectors: toJson(vectors) };
  }

  @MessagePattern(S.laEig)
  async eig(@Payload() req: MatrixRequest): Promise<EigReply> {
    const a = fromDto(req.a);
    const r = await this.run<{ valuesRe: Float64Array; valuesIm: Float64Array; vectorsRe: Matrix; vectorsIm: Matrix }>('eig', { a }, a);
    return {
      valuesRe: vec(r.valuesRe), valuesIm: vec(r.valuesIm), vectorsRe: toJson(r.vectorsRe), vectorsIm: toJson(r.vectorsIm),
    };
  }

  @MessagePattern(S.laSvd)
  async svd(@Payload() req: SvdRequest): Promise<SvdReply> {
    const a = fromDto(req.a);
    const { u, s, vt } = await this.run<{ u: Matrix; s: Float64Array; vt: Matrix }>('svd', { a, k: req.k, full: req.full }, a);
    return { u: toJson(u), s: vec(s), vt: toJson(vt) };
  }

  @MessagePattern(S.laPca)
  async pca(@Payload() req: PcaRequest): Promise<PcaReply> {
    const x = fromDto(req.x);
    const { k, center, scale, whiten, transform } = req;
    const r = await this.run<{
      components: Matrix; explainedVariance: Float64Array; explainedVarianceRatio: Float64Array; mean: Float64Array;
      scale?: Float64Array; transformed?: Matrix;
    }>('pca', { x, k, center, scale, whiten, transform }, x);
    return {
      components: toJson(r.components),
      explainedVariance: vec(r.explainedVariance),
      explainedVarianceRatio: vec(r.explainedVarianceRatio),
      mean: vec(r.mean),
      ...(r.scale ? { scale: vec(r.scale) } : {}),
      ...(r.transformed ? { transformed: toJson(r.transformed) } : {}),
    };
  }
}
