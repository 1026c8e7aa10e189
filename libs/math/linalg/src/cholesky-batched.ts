import { factorDiagonalBlock } from './cholesky';
import { FailedPreconditionError, InvalidArgumentError } from './errors';
import { solveTriangularInPlace } from './triangular';
import { wasmRuntime } from './wasm/kernels';

/**
 * Many small SPD systems A_s·X_s = B_s (s < count, each A_s n×n, B_s n×nrhs) solved in one call, for ALS
 * and similar inner loops. With the WASM kernels the operands live in the shared WASM memory for the
 * batch's lifetime: the caller fills matrices() and rhs() in place (no per-system copies, no per-system
 * JS→WASM call), factorSolve() runs every factorisation and solve in one WASM call, and the solutions are
 * read back from rhs(). Without the kernels the same API runs the TypeScript loops on ordinary arrays.
 * Only the lower triangle of each A_s is read; on return it holds L_s (the strict upper triangle is
 * scratch). Views are fresh per call: re-take them after allocating anything else.
 */
export class SpdBatch {
  private ptr = -1;
  private plain: { a: Float64Array; b: Float64Array } | null = null;

  private constructor(
    readonly count: number,
    readonly n: number,
    readonly nrhs: number,
  ) {}

  /** Reserves count·n·(n + nrhs) doubles (zero-filled). */
  static create(count: number, n: number, nrhs = 1): SpdBatch {
    for (const [field, v] of [['count', count], ['n', n], ['nrhs', nrhs]] as const) {
      if (!Number.isInteger(v) || v < 0) throw new InvalidArgumentError(field, 'must be a non-negative integer');
    }
    const batch = new SpdBatch(count, n, nrhs);
    const doubles = count * n * (n + nrhs);
    const w = wasmRuntime();
    const ptr = w === null ? -1 : w.arena.alloc(doubles * 8 + w.exports.workBytes(n, n, n));
    if (w === null || ptr < 0) {
      batch.plain = { a: new Float64Array(count * n * n), b: new Float64Array(count * n * nrhs) };
    } else {
      batch.ptr = ptr;
      new Float64Array(w.memory.buffer, ptr, doubles).fill(0);
    }
    return batch;
  }

  /** True when the operands are resident in WASM memory (false: TypeScript fallback arrays). */
  get resident(): boolean {
    return this.ptr >= 0;
  }

  /** The count matrices back to back, row-major: A_s[i][j] at s·n² + i·n + j. */
  matrices(): Float64Array {
    if (this.plain) return this.plain.a;
    return new Float64Array(this.buffer(), this.live(), this.count * this.n * this.n);
  }

  /** The right-hand sides (solutions after factorSolve()): B_s[i][r] at s·n·nrhs + i·nrhs + r. */
  rhs(): Float64Array {
    if (this.plain) return this.plain.b;
    return new Float64Array(this.buffer(), this.live() + this.count * this.n * this.n * 8, this.count * this.n * this.nrhs);
  }

  /**
   * Factors every A_s = L_s·L_sᵀ in place and overwrites B_s with X_s. Throws FailedPreconditionError
   * naming the first system that is not positive definite (systems before it are solved).
   */
  factorSolve(): void {
    const { count, n, nrhs } = this;
    if (this.plain) {
      const { a, b } = this.plain;
      for (let s = 0; s < count; s++) {
        const as = a.subarray(s * n * n, (s + 1) * n * n);
        try {
          factorDiagonalBlock(as, n, 0, n);
        } catch (e) {
          if (e instanceof FailedPreconditionError) throw new FailedPreconditionError(`system ${s}: ${e.message}`);
          throw e;
        }
        const bs = b.subarray(s * n * nrhs, (s + 1) * n * nrhs);
        solveTriangularInPlace(as, n, bs, nrhs, true, false, false, 'l');
        solveTriangularInPlace(as, n, bs, nrhs, true, true, false, 'l');
      }
      return;
    }
    const w = wasmRuntime();
    if (w === null) throw new Error('WASM kernels not loaded');
    const aPtr = this.live();
    const bPtr = aPtr + count * n * n * 8;
    const work = bPtr + count * n * nrhs * 8;
    const failed = w.exports.posvBatched(aPtr, bPtr, count, n, nrhs, work);
    if (failed >= 0) {
      const pivot = Number(w.exports.lastFailedPivot().toPrecision(6));
      throw new FailedPreconditionError(`system ${failed}: a is not positive definite: pivot ${w.exports.lastFailedRow()} is ${pivot}`);
    }
  }

  /** Returns the WASM region; the batch is unusable afterwards. Idempotent. */
  dispose(): void {
    if (this.ptr >= 0) wasmRuntime()?.arena.free(this.ptr);
    this.ptr = -1;
    this.plain = null;
  }

  private live(): number {
    if (this.ptr < 0) throw new Error('SpdBatch used after dispose()');
    return this.ptr;
  }

  private buffer(): ArrayBufferLike {
    const w = wasmRuntime();
    if (w === null) throw new Error('WASM kernels not loaded');
    return w.memory.buffer;
  }
}

/**
 * One-shot form: solves the count systems given as back-to-back arrays (a: count·n·n, lower triangles
 * read; b: count·n·nrhs) and returns the solutions; a and b are not modified. One copy in, one call,
 * one copy out. Throws like SpdBatch.factorSolve.
 */
export function choleskySolveBatched(a: Float64Array, b: Float64Array, count: number, n: number, nrhs = 1): Float64Array {
  if (a.length !== count * n * n) throw new InvalidArgumentError('a', `has ${a.length} values, expected count·n·n = ${count * n * n}`);
  if (b.length !== count * n * nrhs) throw new InvalidArgumentError('b', `has ${b.length} values, expected count·n·nrhs = ${count * n * nrhs}`);
  const batch = SpdBatch.create(count, n, nrhs);
  try {
    batch.matrices().set(a);
    batch.rhs().set(b);
    batch.factorSolve();
    return batch.rhs().slice();
  } finally {
    batch.dispose();
  }
}
