import { Type } from 'class-transformer';
import { IsBoolean, IsDefined, IsIn, IsInt, IsNumber, IsOptional, Max, Min, ValidateNested } from 'class-validator';
import { LIMITS } from '../limits';
import { MatrixDto } from './matrix.dto';
import type { MatrixJson } from './la.dto';

// One message for all of a field's constraints: class-validator reports whichever fails last, so a string k
// read "k must not be greater than 100000" and a string ridge "ridge must not be less than 0".
const msg = (message: string) => ({ message });
const SVD_K = msg(`k must be an integer in [1, ${LIMITS.matrixDim}] (and at most min(rows, cols) of a)`);
const PCA_K = msg(`k must be an integer in [1, ${LIMITS.matrixDim}] (and at most min(rows, cols) of the data)`);
const EIGSH_K = msg(`k must be an integer in [1, ${LIMITS.matrixDim}] (and at most the rows of a)`);
const RIDGE = msg('ridge must be a finite number ≥ 0');
const QR_TOLERANCE = msg('tolerance must be a number in [0, 0.999999]');
const EIGSH_TOLERANCE = msg('tolerance must be a number in [1e-15, 0.1]');
const SEED_MESSAGE = msg('seed must be an integer in [0, 4294967295]');

/**
 * Request/reply subjects of the linear-algebra service beyond `la.matmul` (which lives in SUBJECTS).
 * Size: request and reply each travel in one NATS message, 1 MiB by default (max_payload). A JSON
 * number takes up to ~24 bytes, so a reply holds at most ~40,000 numbers; the service answers
 * RESOURCE_EXHAUSTED when a reply would exceed the limit (ask for fewer components with k).
 */
export const LA_FACTOR_SUBJECTS = {
  laSolve: 'la.solve',
  laLstsq: 'la.lstsq',
  laInv: 'la.inv',
  laDet: 'la.det',
  laCholesky: 'la.cholesky',
  laQr: 'la.qr',
  laEig: 'la.eig',
  laEigh: 'la.eigh',
  laSvd: 'la.svd',
  laPca: 'la.pca',
  laLdlt: 'la.ldlt',
  laEigsh: 'la.eigsh',
} as const;

/** `la.inv`, `la.det`, `la.cholesky`, `la.qr`, `la.eig`, `la.eigh`: one matrix `a`. */
export class MatrixRequest {
  @IsDefined() @ValidateNested() @Type(() => MatrixDto)
  a!: MatrixDto;
}

/** `la.solve`: a·x = b, a square, b with a.rows rows (several right-hand sides as columns). */
export class SolveRequest {
  @IsDefined() @ValidateNested() @Type(() => MatrixDto)
  a!: MatrixDto;

  @IsDefined() @ValidateNested() @Type(() => MatrixDto)
  b!: MatrixDto;
}

/** `la.lstsq`: minimise ‖a·x − b‖² + ridge·‖x‖² (any shape and rank; minimum-norm x). */
export class LstsqRequest extends SolveRequest {
  @IsOptional() @IsNumber({ allowNaN: false, allowInfinity: false }, RIDGE) @Min(0, RIDGE)
  ridge?: number;

  /**
   * min-norm (default): SVD, the minimum-norm solution; basic: QR with column pivoting, a solution with
   * at most rank nonzeros (same residual; no ridge).
   */
  @IsOptional() @IsIn(['min-norm', 'basic'])
  method?: 'min-norm' | 'basic';
}

/** `la.svd`: thin SVD, the k leading triplets (1 ≤ k ≤ min(rows, cols)), or (full) the full SVD. */
export class SvdRequest extends MatrixRequest {
  @IsOptional() @IsInt(SVD_K) @Min(1, SVD_K) @Max(LIMITS.matrixDim, SVD_K)
  k?: number;

  /** u m×m and vt n×n, orthogonal (numpy's full_matrices=True); s keeps min(m, n) values. Not with k. */
  @IsOptional() @IsBoolean()
  full?: boolean;
}

/**
 * `la.qr`: thin QR; with pivoting, rank-revealing QR with column pivoting, a[:, perm] = q·r with
 * |diag r| non-increasing, and the numerical rank: |r_jj| > tolerance·|r_00| (default 10·max(m, n)·eps).
 */
export class QrRequest extends MatrixRequest {
  @IsOptional() @IsBoolean()
  pivoting?: boolean;

  @IsOptional() @IsNumber({ allowNaN: false, allowInfinity: false }, QR_TOLERANCE) @Min(0, QR_TOLERANCE) @Max(0.999999, QR_TOLERANCE)
  tolerance?: number;
}

export const EIGSH_WHICH = ['largest', 'smallest', 'magnitude'] as const;

/** `la.eigsh`: k extreme eigenpairs of a symmetric matrix by Lanczos with full reorthogonalisation. */
export class EigshRequest extends MatrixRequest {
  @IsInt(EIGSH_K) @Min(1, EIGSH_K) @Max(LIMITS.matrixDim, EIGSH_K)
  k!: number;

  /** Algebraically largest (default), smallest, or largest in magnitude. */
  @IsOptional() @IsIn(EIGSH_WHICH)
  which?: (typeof EIGSH_WHICH)[number];

  /** Converged when ‖A·v − λ·v‖ ≤ tolerance·‖A‖ (estimate) for every pair; default 1e-10. */
  @IsOptional() @IsNumber({ allowNaN: false, allowInfinity: false }, EIGSH_TOLERANCE) @Min(1e-15, EIGSH_TOLERANCE) @Max(0.1, EIGSH_TOLERANCE)
  tolerance?: number;

  @IsOptional() @IsInt(SEED_MESSAGE) @Min(0, SEED_MESSAGE) @Max(4294967295, SEED_MESSAGE)
  seed?: number;
}

/** PCA options shared by `la.pca` and `jobs.la.pca`. */
export class PcaOptionsDto {
  /** Components kept, 1 ≤ k ≤ min(rows, cols); default all. */
  @IsOptional() @IsInt(PCA_K) @Min(1, PCA_K) @Max(LIMITS.matrixDim, PCA_K)
  k?: number;

  /** Subtract column means (default true). */
  @IsOptional() @IsBoolean()
  center?: boolean;

  /** Divide columns by their standard deviation, ddof 0 (default false). */
  @IsOptional() @IsBoolean()
  scale?: boolean;

  /** Scores with unit variance (default false). */
  @IsOptional() @IsBoolean()
  whiten?: boolean;

  /** Return (la.pca, default true) or store (jobs.la.pca, default false: as large as the data) the scores. */
  @IsOptional() @IsBoolean()
  transform?: boolean;
}

/** `la.pca`: principal components of the rows of x (observations × features). */
export class PcaRequest extends PcaOptionsDto {
  @IsDefined() @ValidateNested() @Type(() => MatrixDto)
  x!: MatrixDto;
}

export interface SolveReply {
  x: MatrixJson;
  /** Estimate of κ₁(a) = ‖a‖₁·‖a⁻¹‖₁ from the same LU (Hager–Higham): a lower bound, usually exact. */
  cond1: number;
}
export interface LstsqReply {
  x: MatrixJson;
  /** ‖b_j − a·x_j‖² per column of b. */
  residuals: number[];
  rank: number;
}
export interface InvReply {
  inv: MatrixJson;
}
/** logAbsDet is null (JSON has no −∞) when a is exactly singular; sign is then 0. */
export interface DetReply {
  det: number | null;
  logAbsDet: number | null;
  sign: number;
  /** Estimate of κ₁(a) (Hager–Higham, from the same LU); null when a is exactly singular. */
  cond1: number | null;
}
export interface CholeskyReply {
  l: MatrixJson;
}
export interface QrReply {
  q: MatrixJson;
  r: MatrixJson;
  /** With pivoting: a[:, perm] = q·r (0-based column indices) and the numerical rank. */
  perm?: number[];
  rank?: number;
}
/** P·a·Pᵀ = L·D·Lᵀ (Bunch–Kaufman): row i of P·a·Pᵀ is row perm[i] of a; D block diagonal (1×1, 2×2 blocks). */
export interface LdltReply {
  l: MatrixJson;
  d: MatrixJson;
  perm: number[];
  /** Numbers of positive, negative and zero (to working precision) eigenvalues of a. */
  inertia: { positive: number; negative: number; zero: number };
  /** Estimate of κ₁(a); null when a is singular to working precision. */
  cond1: number | null;
}
export interface EigshReply {
  /** Descending for largest (by |λ| for magnitude), ascending for smallest. */
  values: number[];
  /** n×k, eigenvectors as columns. */
  vectors: MatrixJson;
  residuals: number[];
  iterations: number;
  /** False when maxIterations (min(n, max(20k, 200)) Lanczos steps) ran out before the tolerance was met. */
  converged: boolean;
}
export interface EighReply {
  values: number[];
  vectors: MatrixJson;
}
/** Eigenvalues as re/im pairs; eigenvectors as columns of vectorsRe + i·vectorsIm (unit 2-norm). */
export interface EigReply {
  valuesRe: number[];
  valuesIm: number[];
  vectorsRe: MatrixJson;
  vectorsIm: MatrixJson;
}
export interface SvdReply {
  u: MatrixJson;
  s: number[];
  vt: MatrixJson;
}
export interface PcaReply {
  components: MatrixJson;
  explainedVariance: number[];
  explainedVarianceRatio: number[];
  mean: number[];
  scale?: number[];
  transformed?: MatrixJson;
}
