// AssemblyScript SYRK (f32): the lower triangle of C := alpha·op(A)·op(A)ᵀ + C by the same recursion as
// syrkLower in syrk.ts, with the f32 GEMM (gemm-f32.ts) doing the flops. `work` is gemm scratch of
// workBytesF32(n, n, k) bytes.
import { gemmF32 } from './gemm-f32';
import { half } from './syrk';

/** Below this order the recursion stops and one square GEMM computes the block (upper part scratch). */
const LEAF: i32 = 96;

/** Lower triangle of C (n×n) += alpha·op(A)·op(A)ᵀ, op(A) n×k (trans = 0: A is n×k; 1: A is k×n). */
export function syrkLowerF32(trans: i32, n: i32, k: i32, alpha: f32, a: usize, lda: i32, c: usize, ldc: i32, work: usize): void {
  if (n <= 0 || k <= 0) return;
  if (n <= LEAF) {
    gemmF32(trans, trans ^ 1, n, n, k, alpha, a, lda, a, lda, 1, c, ldc, work);
    return;
  }
  const n1 = half(n);
  const a2 = trans ? a + (<usize>n1 << 2) : a + (<usize>(n1 * lda) << 2); // rows n1.. of op(A)
  syrkLowerF32(trans, n1, k, alpha, a, lda, c, ldc, work);
  gemmF32(trans, trans ^ 1, n - n1, n1, k, alpha, a2, lda, a, lda, 1, c + (<usize>(n1 * ldc) << 2), ldc, work);
  syrkLowerF32(trans, n - n1, k, alpha, a2, lda, c + (<usize>(n1 * ldc + n1) << 2), ldc, work);
}
