import { InvalidArgumentError } from './errors';
import { checkAlphaBeta } from './gemm';
import { checkF32, type MatrixF32 } from './gemm-f32';
import { copyInF32, f32Runtime } from './kernels-f32';
import { assertFinite } from './matrix';
import type { ResidentMatrixF32 } from './resident-f32';

/** Below this many elements of A the copy into WASM memory is not worth it (as for gemv). */
const WASM_MIN_ELEMENTS = 4096;

/**
 * y := alpha·op(A)·x + beta·y in single precision, in place (op(A) = A or Aᵀ); returns y. Same contract
 * and errors as gemv() (f64). WASM SIMD (f32x4, accumulating in f32 like BLAS sgemv, A read along rows)
 * for larger A, copying A in per call; the TypeScript twin accumulates each entry in f64 and rounds once.
 * Non-finite input is rejected naming the element (y is then left unchanged); a product that overflows
 * f32 from finite input returns ±Infinity entries, as sgemv would.
 */
export function gemvF32(trans: boolean, alpha: number, a: MatrixF32, x: Float32Array, beta: number, y: Float32Array): Float32Array {
  checkF32(a, 'a');
  checkAlphaBeta(alpha, beta);
  const [xLen, yLen] = trans ? [a.rows, a.cols] : [a.cols, a.rows];
  if (!(x instanceof Float32Array) || x.length !== xLen) throw new InvalidArgumentError('x', `must be a Float32Array of length ${xLen}`);
  if (!(y instanceof Float32Array) || y.length !== yLen) throw new InvalidArgumentError('y', `must be a Float32Array of length ${yLen}`);
  if (beta !== 0) assertFinite(y, 'y');
  // Finiteness of A and x is checked lazily: every entry of A and x reaches y (no row is skipped), so a
  // non-finite input always leaves a non-finite y. Scanning A up front cost ~3× the WASM GEMV itself.
  if (alpha === 0 || y.length === 0) checkInputs(a, x);
  const saved = y.slice();
  if (a.data.length < WASM_MIN_ELEMENTS || !gemvF32Wasm(trans, a.rows, a.cols, alpha, a.data, 0, x, beta, y)) {
    gemvF32Ts(trans, a.rows, a.cols, alpha, a.data, x, beta, y);
  }
  if (!allFinite(y)) {
    try {
      checkInputs(a, x); // names the field; finite inputs mean a genuine f32 overflow, which is returned
    } catch (e) {
      y.set(saved); // y unchanged on error
      throw e;
    }
  }
  return y;
}

function allFinite(v: Float32Array): boolean {
  for (let i = 0; i < v.length; i++) if (!Number.isFinite(v[i])) return false;
  return true;
}

function checkInputs(a: MatrixF32, x: Float32Array): void {
  assertFinite(a.data, 'a.data');
  assertFinite(x, 'x');
}

/**
 * gemvF32 with A resident in WASM memory (only x and y cross the boundary, A is read in place); shapes
 * checked, values not (a non-finite x or A gives a non-finite y, as in BLAS).
 */
export function gemvF32Resident(trans: boolean, alpha: number, a: ResidentMatrixF32, x: Float32Array, beta: number, y: Float32Array): Float32Array {
  const [xLen, yLen] = trans ? [a.rows, a.cols] : [a.cols, a.rows];
  if (x.length !== xLen || y.length !== yLen) throw new InvalidArgumentError('x', `x and y must have ${xLen} and ${yLen} entries`);
  checkAlphaBeta(alpha, beta);
  if (!gemvF32Wasm(trans, a.rows, a.cols, alpha, null, a.ptr, x, beta, y)) throw new Error('WASM memory exhausted');
  return y;
}

/** A (unless already resident at aPtr), x and y copied into WASM scratch; false when the kernels are unavailable or memory is short. */
export function gemvF32Wasm(
  trans: boolean, m: number, n: number, alpha: number, a: Float32Array | null, aPtr: number, x: Float32Array, beta: number, y: Float32Array,
): boolean {
  const w = f32Runtime();
  if (w === null) return false;
  const copies = a === null ? [x] : [a, x];
  if (beta !== 0) copies.push(y);
  const p = copyInF32(w, copies, beta !== 0 ? 0 : y.length * 4);
  if (p === null) return false;
  const aAt = a === null ? aPtr : p[0];
  const xPtr = p[copies.length - (beta !== 0 ? 2 : 1)];
  const yPtr = p[copies.length - (beta !== 0 ? 1 : 0)]; // y's copy, or the free bytes after x when beta = 0 (contents ignored)
  w.exports.gemvF32(trans ? 1 : 0, m, n, alpha, aAt, n, xPtr, beta, yPtr);
  y.set(new Float32Array(w.memory.buffer, yPtr, y.length));
  return true;
}

/** The TypeScript path: row dot products in f64 (no transpose) or row axpys into an f64 accumulator (transposed). */
export function gemvF32Ts(trans: boolean, m: number, n: number, alpha: number, a: Float32Array, x: Float32Array, beta: number, y: Float32Array): void {
  const acc = new Float64Array(y.length);
  if (beta !== 0) for (let i = 0; i < y.length; i++) acc[i] = beta * y[i];
  if (alpha !== 0) {
    for (let i = 0; i < m; i++) {
      const row = i * n;
      if (!trans) {
        let s = 0;
        for (let j = 0; j < n; j++) s += a[row + j] * x[j];
        acc[i] += alpha * s;
      } else {
        const xi = alpha * x[i];
        for (let j = 0; j < n; j++) acc[j] += xi * a[row + j]; // no skip when xi = 0: non-finite A must reach y
      }
    }
  }
  y.set(acc);
}
