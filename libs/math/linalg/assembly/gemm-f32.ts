// AssemblyScript: f32 GEMM with a 4×8 micro-kernel on f32x4, driven by gemm-blocked.ts like gemm.ts
// (op(B) packed into 8-wide slivers with alpha folded in, op(A) into 4-tall slivers). 8 vector
// accumulators + 2 B vectors + 1 A splat at a time stay well inside V8's 16 SIMD registers.
// Accumulates in f32 (like BLAS sgemm). Pointers are byte addresses; the caller owns the memory.
import { addEdge, gemmBlocked, workBytesBlocked } from './gemm-blocked';

const MR: i32 = 4;
const NR: i32 = 8;

/** Bytes of scratch gemmF32 needs for these sizes (the caller passes a region this big as `work`). */
export function workBytesF32(m: i32, n: i32, k: i32): usize {
  return workBytesBlocked<f32>(m, n, k);
}

/** C := alpha·op(A)·op(B) + beta·C on row-major f32 arrays with row strides lda, ldb, ldc (elements). */
export function gemmF32(
  transA: i32, transB: i32, m: i32, n: i32, k: i32, alpha: f32,
  a: usize, lda: i32, b: usize, ldb: i32, beta: f32, c: usize, ldc: i32, work: usize,
): void {
  gemmBlocked<f32>(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, work);
}

/** C[0:rows, 0:cols] += (4×kc A sliver)·(kc×8 B sliver). */
@inline export function microF32(kc: i32, pa: usize, pb: usize, c: usize, ldc: i32, rows: i32, cols: i32, edge: usize): void {
  let c00 = f32x4.splat(0), c01 = f32x4.splat(0), c10 = f32x4.splat(0), c11 = f32x4.splat(0);
  let c20 = f32x4.splat(0), c21 = f32x4.splat(0), c30 = f32x4.splat(0), c31 = f32x4.splat(0);
  for (let p = 0; p < kc; p++) {
    const b0 = v128.load(pb);
    const b1 = v128.load(pb, 16);
    let a = v128.load32_splat(pa);
    c00 = f32x4.add(c00, f32x4.mul(a, b0));
    c01 = f32x4.add(c01, f32x4.mul(a, b1));
    a = v128.load32_splat(pa, 4);
    c10 = f32x4.add(c10, f32x4.mul(a, b0));
    c11 = f32x4.add(c11, f32x4.mul(a, b1));
    a = v128.load32_splat(pa, 8);
    c20 = f32x4.add(c20, f32x4.mul(a, b0));
    c21 = f32x4.add(c21, f32x4.mul(a, b1));
    a = v128.load32_splat(pa, 12);
    c30 = f32x4.add(c30, f32x4.mul(a, b0));
    c31 = f32x4.add(c31, f32x4.mul(a, b1));
    pa += MR * 4;
    pb += NR * 4;
  }
  if (rows == MR && cols == NR) {
    const step = <usize>ldc << 2;
    let r = c;
    v128.store(r, f32x4.add(v128.load(r), c00));
    v128.store(r, f32x4.add(v128.load(r, 16), c01), 16);
    r += step;
    v128.store(r, f32x4.add(v128.load(r), c10));
    v128.store(r, f32x4.add(v128.load(r, 16), c11), 16);
    r += step;
    v128.store(r, f32x4.add(v128.load(r), c20));
    v128.store(r, f32x4.add(v128.load(r, 16), c21), 16);
    r += step;
    v128.store(r, f32x4.add(v128.load(r), c30));
    v128.store(r, f32x4.add(v128.load(r, 16), c31), 16);
    return;
  }
  v128.store(edge, c00);
  v128.store(edge, c01, 16);
  v128.store(edge, c10, 32);
  v128.store(edge, c11, 48);
  v128.store(edge, c20, 64);
  v128.store(edge, c21, 80);
  v128.store(edge, c30, 96);
  v128.store(edge, c31, 112);
  addEdge<f32>(rows, cols, NR, c, ldc, edge);
}
