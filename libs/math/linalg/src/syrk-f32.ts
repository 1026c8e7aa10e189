import { checkF32, type MatrixF32 } from './gemm-f32';
import { copyInF32, f32Runtime } from './kernels-f32';
import { checkSyrkOperands, syrkTs } from './syrk';

/**
 * Single-precision SYRK: C := alpha·op(A)·op(A)ᵀ + beta·C, op(A) = A (trans false: A·Aᵀ) or Aᵀ (trans
 * true: Aᵀ·A). Same contract and errors as syrk() (f64): the lower triangle is computed (in WASM by the
 * recursive SYRK over the f32x4 GEMM, accumulating in f32 like BLAS ssyrk), then mirrored, so C is
 * exactly symmetric; only C's lower triangle is read when beta ≠ 0. The TypeScript twin runs the f64
 * kernel on widened copies and rounds once. Returns C.
 */
export function syrkF32(trans: boolean, alpha: number, a: MatrixF32, beta: number, c: MatrixF32): MatrixF32 {
  checkF32(a, 'a');
  checkF32(c, 'c');
  const { n, k } = checkSyrkOperands(trans, alpha, a, beta, c);
  if (!syrkF32Wasm(trans, n, k, alpha, a.data, beta, c.data)) syrkF32Ts(trans, n, k, alpha, a.data, beta, c.data);
  return c;
}

/** A·Aᵀ (trans false) or Aᵀ·A (trans true) as a new symmetric single-precision matrix. */
export function gramF32(a: MatrixF32, trans = false): MatrixF32 {
  checkF32(a, 'a');
  const n = trans ? a.cols : a.rows;
  return syrkF32(trans, 1, a, 0, { rows: n, cols: n, data: new Float32Array(n * n) });
}

/** WASM path (a and c copied in, the mirrored result out); false when unavailable. */
function syrkF32Wasm(trans: boolean, n: number, k: number, alpha: number, a: Float32Array, beta: number, c: Float32Array): boolean {
  const w = f32Runtime();
  if (w === null) return false;
  if (n === 0) return true;
  const p = copyInF32(w, [a, c], w.exports.workBytesF32(n, n, k) + 64);
  if (p === null) return false;
  const heapC = new Float32Array(w.memory.buffer, p[1], n * n);
  if (beta === 0) heapC.fill(0);
  else if (beta !== 1) for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) heapC[i * n + j] *= beta;
  w.exports.syrkLowerF32(trans ? 1 : 0, n, k, alpha, p[0], trans ? n : k, p[1], n, (p[2] + 63) & ~63);
  c.set(new Float32Array(w.memory.buffer, p[1], n * n));
  for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) c[j * n + i] = c[i * n + j];
  return true;
}

/** The TypeScript path: syrkTs (f64) on widened copies, rounded once into c. */
export function syrkF32Ts(trans: boolean, n: number, k: number, alpha: number, a: Float32Array, beta: number, c: Float32Array): void {
  const c64 = Float64Array.from(c);
  syrkTs(trans, n, k, alpha, Float64Array.from(a), beta, c64);
  c.set(c64);
}
