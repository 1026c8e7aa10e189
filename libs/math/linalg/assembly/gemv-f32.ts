// AssemblyScript GEMV (f32): y := alpha·op(A)·x + beta·y, A m×n row-major with row stride lda, the
// f32 twin of gemv.ts (A always read along rows: row dot products, or row axpys when transposed).
// Accumulates in f32 like BLAS sgemv. No row is skipped (not even for x_i = 0), so a non-finite entry of
// A or x always makes y non-finite: the caller checks y instead of scanning A up front.
import { axpyF32, dotF32 } from './vector-f32';

export function gemvF32(trans: i32, m: i32, n: i32, alpha: f32, a: usize, lda: i32, x: usize, beta: f32, y: usize): void {
  const ylen = trans ? n : m;
  if (beta != 1) {
    for (let i = 0; i < ylen; i++) {
      const p = y + (<usize>i << 2);
      store<f32>(p, beta == 0 ? 0 : beta * load<f32>(p));
    }
  }
  if (alpha == 0) return;
  if (!trans) {
    let i = 0;
    for (; i + 4 <= m; i += 4) rows4(n, alpha, a + (<usize>(i * lda) << 2), lda, x, y + (<usize>i << 2));
    for (; i < m; i++) {
      const p = y + (<usize>i << 2);
      store<f32>(p, load<f32>(p) + alpha * dotF32(a + (<usize>(i * lda) << 2), x, n));
    }
    return;
  }
  for (let i = 0; i < m; i++) {
    const xi = alpha * load<f32>(x + (<usize>i << 2));
    axpyF32(y, a + (<usize>(i * lda) << 2), xi, n);
  }
}

/** y[0:4] += alpha·(A[0:4, :]·x): four rows at once, so each x vector is loaded once and four add chains overlap. */
function rows4(n: i32, alpha: f32, a: usize, lda: i32, x: usize, y: usize): void {
  const step = <usize>lda << 2;
  const a1 = a + step, a2 = a1 + step, a3 = a2 + step;
  let s0 = f32x4.splat(0), s1 = f32x4.splat(0), s2 = f32x4.splat(0), s3 = f32x4.splat(0);
  let k: i32 = 0;
  for (; k + 4 <= n; k += 4) {
    const o = <usize>k << 2;
    const xv = v128.load(x + o);
    s0 = f32x4.add(s0, f32x4.mul(v128.load(a + o), xv));
    s1 = f32x4.add(s1, f32x4.mul(v128.load(a1 + o), xv));
    s2 = f32x4.add(s2, f32x4.mul(v128.load(a2 + o), xv));
    s3 = f32x4.add(s3, f32x4.mul(v128.load(a3 + o), xv));
  }
  let t0 = hsum(s0), t1 = hsum(s1), t2 = hsum(s2), t3 = hsum(s3);
  for (; k < n; k++) {
    const o = <usize>k << 2;
    const xk = load<f32>(x + o);
    t0 += load<f32>(a + o) * xk;
    t1 += load<f32>(a1 + o) * xk;
    t2 += load<f32>(a2 + o) * xk;
    t3 += load<f32>(a3 + o) * xk;
  }
  store<f32>(y, load<f32>(y) + alpha * t0);
  store<f32>(y, load<f32>(y, 4) + alpha * t1, 4);
  store<f32>(y, load<f32>(y, 8) + alpha * t2, 8);
  store<f32>(y, load<f32>(y, 12) + alpha * t3, 12);
}

@inline function hsum(v: v128): f32 {
  return (f32x4.extract_lane(v, 0) + f32x4.extract_lane(v, 1)) + (f32x4.extract_lane(v, 2) + f32x4.extract_lane(v, 3));
}
