// AssemblyScript: f64 GEMM with a 2×8 micro-kernel on f64x2 (v128), compiled to WASM SIMD by
// scripts/build-wasm.mjs; the GotoBLAS blocking and packing (as in src/gemm-kernel.ts) is the generic
// driver in gemm-blocked.ts. Also the WASM entry: re-exports the other kernel files at the end.
// 8 vector accumulators + 4 B vectors + 2 A splats = 14 of V8's 16 SIMD registers (KERNELS.md:
// more accumulators spill; unrolling the k-loop hurt). Memory is owned by the JS caller; this file
// never allocates. Pointers are byte addresses into the (imported, shared) memory.
import { addEdge, gemmBlocked, workBytesBlocked } from './gemm-blocked';

const MR: i32 = 2;
const NR: i32 = 8;

/** First free byte address after static data: the caller lays out its buffers from here. */
export function heapBase(): usize {
  return (__heap_base + 15) & ~(<usize>15);
}

/** Bytes of packing scratch gemm needs for the given sizes (caller passes a region this big as `work`). */
export function workBytes(m: i32, n: i32, k: i32): usize {
  return workBytesBlocked<f64>(m, n, k);
}

/** C := alpha·op(A)·op(B) + beta·C on row-major arrays with row strides lda, ldb, ldc (in elements). */
export function gemm(
  transA: i32, transB: i32, m: i32, n: i32, k: i32, alpha: f64,
  a: usize, lda: i32, b: usize, ldb: i32, beta: f64, c: usize, ldc: i32, work: usize,
): void {
  gemmBlocked<f64>(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, work);
}

/** C[0:rows, 0:cols] += (2×kc A sliver)·(kc×8 B sliver). */
@inline export function microF64(kc: i32, pa: usize, pb: usize, c: usize, ldc: i32, rows: i32, cols: i32, edge: usize): void {
  let c00 = f64x2.splat(0), c01 = f64x2.splat(0), c02 = f64x2.splat(0), c03 = f64x2.splat(0);
  let c10 = f64x2.splat(0), c11 = f64x2.splat(0), c12 = f64x2.splat(0), c13 = f64x2.splat(0);
  for (let p = 0; p < kc; p++) {
    const b0 = v128.load(pb);
    const b1 = v128.load(pb, 16);
    const b2 = v128.load(pb, 32);
    const b3 = v128.load(pb, 48);
    const a0 = v128.load64_splat(pa);
    const a1 = v128.load64_splat(pa, 8);
    c00 = f64x2.add(c00, f64x2.mul(a0, b0));
    c01 = f64x2.add(c01, f64x2.mul(a0, b1));
    c02 = f64x2.add(c02, f64x2.mul(a0, b2));
    c03 = f64x2.add(c03, f64x2.mul(a0, b3));
    c10 = f64x2.add(c10, f64x2.mul(a1, b0));
    c11 = f64x2.add(c11, f64x2.mul(a1, b1));
    c12 = f64x2.add(c12, f64x2.mul(a1, b2));
    c13 = f64x2.add(c13, f64x2.mul(a1, b3));
    pa += MR * 8;
    pb += NR * 8;
  }
  if (rows == MR && cols == NR) {
    const r1 = c + (<usize>ldc << 3);
    v128.store(c, f64x2.add(v128.load(c), c00));
    v128.store(c, f64x2.add(v128.load(c, 16), c01), 16);
    v128.store(c, f64x2.add(v128.load(c, 32), c02), 32);
    v128.store(c, f64x2.add(v128.load(c, 48), c03), 48);
    v128.store(r1, f64x2.add(v128.load(r1), c10));
    v128.store(r1, f64x2.add(v128.load(r1, 16), c11), 16);
    v128.store(r1, f64x2.add(v128.load(r1, 32), c12), 32);
    v128.store(r1, f64x2.add(v128.load(r1, 48), c13), 48);
    return;
  }
  v128.store(edge, c00);
  v128.store(edge, c01, 16);
  v128.store(edge, c02, 32);
  v128.store(edge, c03, 48);
  v128.store(edge, c10, 64);
  v128.store(edge, c11, 80);
  v128.store(edge, c12, 96);
  v128.store(edge, c13, 112);
  addEdge<f64>(rows, cols, NR, c, ldc, edge);
}

export { rotateRows } from './rotations';
export { bidiagonalize } from './bidiagonal';
export { tridiagonalize, tridiagonalizeLower } from './tridiagonal';
export { hessenberg } from './hessenberg';
export { aedWorkBytes, dotRows, francis } from './francis';
export { gemmF32, workBytesF32 } from './gemm-f32';
export { syrkLower, trsmRightLowerTrans } from './syrk';
export { clearUpper, lastFailedPivot, lastFailedRow, posvBatched, potrf, potrs, symmetryDefect } from './cholesky';
export { gemv } from './gemv';
export { bidiagonalizeFused, qrLeaf } from './bidiagonal';
export { secular } from './secular';
export { secularSvd } from './secular-svd';
export { dotF32, axpyF32, sumSquaresF32 } from './vector-f32';
export { gemvF32 } from './gemv-f32';
export { syrkLowerF32 } from './syrk-f32';
