import { InvalidArgumentError } from './errors';
import { checkAlphaBeta } from './gemm';
import { gemmKernelTs } from './gemm-kernel';
import { assertFinite, Matrix } from './matrix';
import { checkMatrix } from './validate';
import { wasmRuntime } from './wasm/kernels';

/**
 * Symmetric rank-k update C := alpha·op(A)·op(A)ᵀ + beta·C, op(A) = A (trans false: A·Aᵀ, C is rows×rows)
 * or Aᵀ (trans true: Aᵀ·A, C is cols×cols). Computes the lower triangle (recursive, GEMM-based, in WASM
 * when available: about half the flops of a GEMM) and mirrors it, so C is exactly symmetric. Only C's
 * lower triangle is read when beta ≠ 0. Returns C.
 */
export function syrk(trans: boolean, alpha: number, a: Matrix, beta: number, c: Matrix): Matrix {
  checkMatrix(a, 'a');
  checkMatrix(c, 'c');
  const { n, k } = checkSyrkOperands(trans, alpha, a, beta, c);
  if (!syrkWasm(trans, n, k, alpha, a.data, beta, c.data)) syrkTs(trans, n, k, alpha, a.data, beta, c.data);
  return c;
}

/**
 * The checks syrk and syrkF32 share (after each has checked its matrices' type): alpha/beta finite,
 * c n×n for op(A) n×k, no aliasing, finite inputs (c only where it is read). Returns n and k.
 */
export function checkSyrkOperands(trans: boolean, alpha: number, a: { rows: number; cols: number; data: ArrayLike<number> & { buffer: ArrayBufferLike } }, beta: number, c: { rows: number; cols: number; data: ArrayLike<number> & { buffer: ArrayBufferLike } }): { n: number; k: number } {
  checkAlphaBeta(alpha, beta);
  const n = trans ? a.cols : a.rows;
  const k = trans ? a.rows : a.cols;
  if (c.rows !== n || c.cols !== n) throw new InvalidArgumentError('c', `is ${c.rows}x${c.cols}, expected ${n}x${n}`);
  if (c.data.buffer === a.data.buffer) throw new InvalidArgumentError('c', 'must not share storage with a');
  assertFinite(a.data, 'a.data');
  if (beta !== 0) assertFinite(c.data, 'c.data');
  return { n, k };
}

/** A·Aᵀ (trans false) or Aᵀ·A (trans true) as a new symmetric matrix. */
export function gram(a: Matrix, trans = false): Matrix {
  checkMatrix(a, 'a');
  const n = trans ? a.cols : a.rows;
  return syrk(trans, 1, a, 0, { rows: n, cols: n, data: new Float64Array(n * n) });
}

/** WASM path (a copied in, the lower triangle of c in and the mirrored result out); false when unavailable. */
export function syrkWasm(trans: boolean, n: number, k: number, alpha: number, a: Float64Array, beta: number, c: Float64Array): boolean {
  const w = wasmRuntime();
  if (w === null) return false;
  if (n === 0) return true;
  const aPtr = w.arena.scratchBase();
  const cPtr = aPtr + ((n * k * 8 + 63) & ~63);
  const work = cPtr + ((n * n * 8 + 63) & ~63);
  if (!w.arena.ensure(work + w.exports.workBytes(n, n, k))) return false;
  new Float64Array(w.memory.buffer, aPtr, n * k).set(a.subarray(0, n * k));
  const heapC = new Float64Array(w.memory.buffer, cPtr, n * n);
  if (beta === 0) heapC.fill(0);
  else {
    heapC.set(c.subarray(0, n * n));
    if (beta !== 1) for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) heapC[i * n + j] *= beta;
  }
  w.exports.syrkLower(trans ? 1 : 0, n, k, alpha, aPtr, trans ? n : k, cPtr, n, work);
  c.set(new Float64Array(w.memory.buffer, cPtr, n * n));
  mirrorLower(c, n);
  return true;
}

/** The TypeScript path: the full product with the TS GEMM kernel (twice the flops), then mirrored. */
export function syrkTs(trans: boolean, n: number, k: number, alpha: number, a: Float64Array, beta: number, c: Float64Array): void {
  if (beta !== 0) mirrorLower(c, n); // only the lower triangle of c is input
  gemmKernelTs(trans, !trans, n, n, k, alpha, a, trans ? n : k, a, trans ? n : k, beta, c, n);
  mirrorLower(c, n);
}

function mirrorLower(c: Float64Array, n: number): void {
  for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) c[j * n + i] = c[i * n + j];
}
