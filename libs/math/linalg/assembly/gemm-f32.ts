// AssemblyScript: f32 GEMM with a 4×8 micro-kernel on f32x4, same GotoBLAS structure as gemm.ts
// (op(B) packed into 8-wide slivers with alpha folded in, op(A) into 4-tall slivers). 8 vector
// accumulators + 2 B vectors + 1 A splat at a time stay well inside V8's 16 SIMD registers.
// Accumulates in f32 (like BLAS sgemm). Pointers are byte addresses; the caller owns the memory.
import { addEdge, packA, packB, roundUp, scaleC } from './pack';

const MR: i32 = 4;
const NR: i32 = 8;
const KC: i32 = 384;
const MC: i32 = 128;
const NC: i32 = 2048;
const EDGE_BYTES: usize = MR * NR * 4; // clipped-tile scratch at the start of `work` (thread-private)

/** Bytes of scratch gemmF32 needs for these sizes (the caller passes a region this big as `work`). */
export function workBytesF32(m: i32, n: i32, k: i32): usize {
  const mc = min(MC, roundUp(m, MR));
  const kc = min(KC, k);
  const nc = min(NC, roundUp(n, NR));
  return EDGE_BYTES + (<usize>(mc * kc) + <usize>(kc * nc)) * 4;
}

/** C := alpha·op(A)·op(B) + beta·C on row-major f32 arrays with row strides lda, ldb, ldc (elements). */
export function gemmF32(
  transA: i32, transB: i32, m: i32, n: i32, k: i32, alpha: f32,
  a: usize, lda: i32, b: usize, ldb: i32, beta: f32, c: usize, ldc: i32, work: usize,
): void {
  if (m == 0 || n == 0) return;
  scaleC<f32>(m, n, beta, c, ldc);
  if (k == 0 || alpha == 0) return;
  const edge = work;
  const pa = work + EDGE_BYTES;
  const pb = pa + <usize>(min(MC, roundUp(m, MR)) * min(KC, k)) * 4;
  for (let jc = 0; jc < n; jc += NC) {
    const nc = min(NC, n - jc);
    for (let pc = 0; pc < k; pc += KC) {
      const kc = min(KC, k - pc);
      packB<f32>(NR, transB, b, ldb, pc, jc, kc, nc, alpha, pb);
      for (let ic = 0; ic < m; ic += MC) {
        const mc = min(MC, m - ic);
        packA<f32>(MR, transA, a, lda, ic, pc, mc, kc, pa);
        const cBlock = c + (<usize>(ic * ldc + jc) << 2);
        for (let j0 = 0; j0 < nc; j0 += NR) {
          const cols = min(NR, nc - j0);
          const bs = pb + (<usize>(j0 * kc) << 2);
          for (let i0 = 0; i0 < mc; i0 += MR) {
            const rows = min(MR, mc - i0);
            micro(kc, pa + (<usize>(i0 * kc) << 2), bs, cBlock + (<usize>(i0 * ldc + j0) << 2), ldc, rows, cols, edge);
          }
        }
      }
    }
  }
}



/** C[0:rows, 0:cols] += (4×kc A sliver)·(kc×8 B sliver). */
@inline function micro(kc: i32, pa: usize, pb: usize, c: usize, ldc: i32, rows: i32, cols: i32, edge: usize): void {
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
