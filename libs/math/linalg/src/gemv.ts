import { InvalidArgumentError } from './errors';
import { checkAlphaBeta } from './gemm';
import { assertFinite, Matrix } from './matrix';
import { checkMatrix } from './validate';
import { wasmRuntime } from './wasm/kernels';
import { ResidentMatrix } from './wasm/resident';

/** Below this many elements of A the copy into WASM memory is not worth it. */
const WASM_MIN_ELEMENTS = 4096;

/**
 * y := alpha·op(A)·x + beta·y in place (op(A) = A or Aᵀ); returns y. x has op(A).cols entries, y
 * op(A).rows. With beta = 0, y's old contents are ignored. WASM SIMD (A read along rows in both cases)
 * for larger A, copying A in per call — memory-bound, so keep A resident (gemvResident) when it is
 * reused. Non-finite input is rejected.
 */
export function gemv(trans: boolean, alpha: number, a: Matrix, x: Float64Array, beta: number, y: Float64Array): Float64Array {
  checkMatrix(a, 'a');
  checkAlphaBeta(alpha, beta);
  const [xLen, yLen] = trans ? [a.rows, a.cols] : [a.cols, a.rows];
  if (!(x instanceof Float64Array) || x.length !== xLen) throw new InvalidArgumentError('x', `must be a Float64Array of length ${xLen}`);
  if (!(y instanceof Float64Array) || y.length !== yLen) throw new InvalidArgumentError('y', `must be a Float64Array of length ${yLen}`);
  assertFinite(a.data, 'a.data');
  assertFinite(x, 'x');
  if (beta !== 0) assertFinite(y, 'y');
  if (a.data.length < WASM_MIN_ELEMENTS || !gemvWasm(trans, a.rows, a.cols, alpha, a.data, 0, x, beta, y)) {
    gemvTs(trans, a.rows, a.cols, alpha, a.data, x, beta, y);
  }
  return y;
}

/** gemv with A resident in WASM memory (only x and y cross the boundary); unchecked beyond shapes. */
export function gemvResident(trans: boolean, alpha: number, a: ResidentMatrix, x: Float64Array, beta: number, y: Float64Array): Float64Array {
  const [xLen, yLen] = trans ? [a.rows, a.cols] : [a.cols, a.rows];
  if (x.length !== xLen || y.length !== yLen) throw new InvalidArgumentError('x', `x and y must have ${xLen} and ${yLen} entries`);
  if (!gemvWasm(trans, a.rows, a.cols, alpha, null, a.ptr, x, beta, y)) throw new Error('WASM memory exhausted');
  return y;
}

/** A (unless already resident at aPtr), x and y copied in; false when the kernels are unavailable. */
export function gemvWasm(
  trans: boolean, m: number, n: number, alpha: number, a: Float64Array | null, aPtr: number, x: Float64Array, beta: number, y: Float64Array,
): boolean {
  const w = wasmRuntime();
  if (w === null) return false;
  const base = w.arena.scratchBase();
  const aAt = a === null ? aPtr : base;
  const xPtr = a === null ? base : base + ((m * n * 8 + 15) & ~15);
  const yPtr = xPtr + ((x.length * 8 + 15) & ~15);
  if (!w.arena.ensure(yPtr + y.length * 8)) return false;
  const buf = w.memory.buffer;
  if (a !== null) new Float64Array(buf, aAt, m * n).set(a);
  new Float64Array(buf, xPtr, x.length).set(x);
  if (beta !== 0) new Float64Array(buf, yPtr, y.length).set(y);
  w.exports.gemv(trans ? 1 : 0, m, n, alpha, aAt, n, xPtr, beta, yPtr);
  y.set(new Float64Array(w.memory.buffer, yPtr, y.length));
  return true;
}

/** The TypeScript path: row dot products (no transpose) or row axpys (transposed). */
export function gemvTs(trans: boolean, m: number, n: number, alpha: number, a: Float64Array, x: Float64Array, beta: number, y: Float64Array): void {
  if (beta === 0) y.fill(0);
  else if (beta !== 1) for (let i = 0; i < y.length; i++) y[i] *= beta;
  if (alpha === 0) return;
  for (let i = 0; i < m; i++) {
    const row = i * n;
    if (!trans) {
      let s = 0;
      for (let j = 0; j < n; j++) s += a[row + j] * x[j];
      y[i] += alpha * s;
    } else {
      const xi = alpha * x[i];
      if (xi !== 0) for (let j = 0; j < n; j++) y[j] += xi * a[row + j];
    }
  }
}
