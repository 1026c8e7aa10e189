import { InvalidArgumentError } from './errors';
import { checkAlphaBeta } from './gemm';
import { checkF32, type MatrixF32 } from './gemm-f32';
import { copyInF32, f32Runtime } from './kernels-f32';
import { assertFinite } from './matrix';

/** Below this many elements of A the copy into WASM memory is not worth it (as for gemv). */
const WASM_MIN_ELEMENTS = 4096;

/**
 * y := alpha·op(A)·x + beta·y in single precision, in place (op(A) = A or Aᵀ); returns y. Same contract
 * and errors as gemv() (f64). WASM SIMD (f32x4, accumulating in f32 like BLAS sgemv, A read along rows)
 * for larger A, copying A in per call; the TypeScript twin accumulates each entry in f64 and rounds once.
 */
export function gemvF32(trans: boolean, alpha: number, a: MatrixF32, x: Float32Array, beta: number, y: Float32Array): Float32Array {
  checkF32(a, 'a');
  checkAlphaBeta(alpha, beta);
  const [xLen, yLen] = trans ? [a.rows, a.cols] : [a.cols, a.rows];
  if (!(x instanceof Float32Array) || x.length !== xLen) throw new InvalidArgumentError('x', `must be a Float32Array of length ${xLen}`);
  if (!(y instanceof Float32Array) || y.length !== yLen) throw new InvalidArgumentError('y', `must be a Float32Array of length ${yLen}`);
  assertFinite(a.data, 'a.data');
  assertFinite(x, 'x');
  if (beta !== 0) assertFinite(y, 'y');
  if (a.data.length < WASM_MIN_ELEMENTS || !gemvF32Wasm(trans, a.rows, a.cols, alpha, a.data, x, beta, y)) {
    gemvF32Ts(trans, a.rows, a.cols, alpha, a.data, x, beta, y);
  }
  return y;
}

/** A, x and y copied into WASM scratch; false when the kernels are unavailable or memory is short. */
export function gemvF32Wasm(trans: boolean, m: number, n: number, alpha: number, a: Float32Array, x: Float32Array, beta: number, y: Float32Array): boolean {
  const w = f32Runtime();
  if (w === null) return false;
  const p = copyInF32(w, beta !== 0 ? [a, x, y] : [a, x], beta !== 0 ? 0 : y.length * 4);
  if (p === null) return false;
  const yPtr = p[2]; // y's copy, or the free bytes after x when beta = 0 (the kernel then ignores y's contents)
  w.exports.gemvF32(trans ? 1 : 0, m, n, alpha, p[0], n, p[1], beta, yPtr);
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
        if (xi !== 0) for (let j = 0; j < n; j++) acc[j] += xi * a[row + j];
      }
    }
  }
  y.set(acc);
}
