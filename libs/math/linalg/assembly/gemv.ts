// AssemblyScript GEMV (f64): y := alpha·op(A)·x + beta·y, A m×n row-major with row stride lda.
// No transpose: one f64x2 dot product per row; transposed: y += (alpha·x_i)·A[i,:] row sweeps, so A is
// always read along rows. Memory-bound: pays when A is resident in WASM memory.
import { axpy, dot } from './vector';

export function gemv(trans: i32, m: i32, n: i32, alpha: f64, a: usize, lda: i32, x: usize, beta: f64, y: usize): void {
  const ylen = trans ? n : m;
  if (beta != 1) {
    for (let i = 0; i < ylen; i++) {
      const p = y + (<usize>i << 3);
      store<f64>(p, beta == 0 ? 0 : beta * load<f64>(p));
    }
  }
  if (alpha == 0) return;
  if (!trans) {
    for (let i = 0; i < m; i++) {
      const p = y + (<usize>i << 3);
      store<f64>(p, load<f64>(p) + alpha * dot(a + (<usize>(i * lda) << 3), x, n));
    }
    return;
  }
  for (let i = 0; i < m; i++) {
    const xi = alpha * load<f64>(x + (<usize>i << 3));
    if (xi != 0) axpy(y, a + (<usize>(i * lda) << 3), xi, n);
  }
}
