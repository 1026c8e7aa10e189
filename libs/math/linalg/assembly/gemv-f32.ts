// AssemblyScript GEMV (f32): y := alpha·op(A)·x + beta·y, A m×n row-major with row stride lda, the
// f32 twin of gemv.ts (A always read along rows: row dot products, or row axpys when transposed).
// Accumulates in f32 like BLAS sgemv.
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
    for (let i = 0; i < m; i++) {
      const p = y + (<usize>i << 2);
      store<f32>(p, load<f32>(p) + alpha * dotF32(a + (<usize>(i * lda) << 2), x, n));
    }
    return;
  }
  for (let i = 0; i < m; i++) {
    const xi = alpha * load<f32>(x + (<usize>i << 2));
    if (xi != 0) axpyF32(y, a + (<usize>(i * lda) << 2), xi, n);
  }
}
