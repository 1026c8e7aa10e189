// AssemblyScript level-3 pieces built on gemm (f64): the lower-triangle rank-k update (SYRK) and the
// right-side triangular solve with a transposed lower factor (TRSM), both recursive so almost all flops
// land in large GEMM calls, as in the recursive formulations of Gustavson/Elmroth. Used by the resident
// Cholesky (cholesky.ts) and exported on their own. Pointers are byte addresses; `work` is gemm scratch
// of workBytes(n, n, k) bytes.
import { gemm } from './gemm';
import { solveRow, solveRowPair } from './substitution';
import { dot } from './vector';

/** Below this order the recursion stops: SYRK runs one square GEMM, TRSM runs substitution. */
const LEAF: i32 = 96;

@inline function at(p: usize, ld: i32, i: i32, j: i32): usize {
  return p + (<usize>(i * ld + j) << 3);
}

/** Split point of a recursion on n: half, rounded to a multiple of 8 (whole micro-kernel tiles). */
@inline export function half(n: i32): i32 {
  const h = ((n >> 1) + 7) & ~7;
  return h < n ? h : n >> 1;
}

/**
 * Lower triangle of C (n×n) := alpha·op(A)·op(A)ᵀ + C, op(A) n×k (trans = 0: A is n×k; 1: A is k×n).
 * The strict upper triangle of C's diagonal blocks of order ≤ LEAF is overwritten with scratch values
 * (callers either ignore the upper triangle or mirror the lower one into it afterwards).
 */
export function syrkLower(trans: i32, n: i32, k: i32, alpha: f64, a: usize, lda: i32, c: usize, ldc: i32, work: usize): void {
  if (n <= 0 || k <= 0) return;
  if (n <= LEAF) {
    gemm(trans, trans ^ 1, n, n, k, alpha, a, lda, a, lda, 1, c, ldc, work);
    return;
  }
  const n1 = half(n);
  const a2 = trans ? a + (<usize>n1 << 3) : at(a, lda, n1, 0); // rows n1.. of op(A)
  syrkLower(trans, n1, k, alpha, a, lda, c, ldc, work);
  gemm(trans, trans ^ 1, n - n1, n1, k, alpha, a2, lda, a, lda, 1, at(c, ldc, n1, 0), ldc, work);
  syrkLower(trans, n - n1, k, alpha, a2, lda, at(c, ldc, n1, n1), ldc, work);
}

/** B (m×n) := B·L⁻ᵀ for L n×n lower triangular (non-unit): row i of B solves L·x = B[i]ᵀ. */
export function trsmRightLowerTrans(m: i32, n: i32, l: usize, ldl: i32, b: usize, ldb: i32, work: usize): void {
  if (m <= 0 || n <= 0) return;
  if (n <= LEAF) {
    // rows of B in pairs, columns in pairs (substitution.ts); an odd last column against dot products
    const even = n & ~1;
    const lLast = at(l, ldl, n - 1, 0);
    const diag = load<f64>(lLast + (<usize>(n - 1) << 3));
    let i = 0;
    for (; i < m; i += 2) {
      const b0 = at(b, ldb, i, 0);
      const pair = i + 1 < m;
      if (pair) solveRowPair(b0, b0 + (<usize>ldb << 3), l, ldl, even);
      else solveRow(b0, l, ldl, even);
      const count = pair ? 2 : 1;
      if (even < n) {
        for (let r = 0; r < count; r++) {
          const br = b0 + (<usize>(r * ldb) << 3);
          const p = br + (<usize>even << 3);
          store<f64>(p, (load<f64>(p) - dot(br, lLast, even)) / diag);
        }
      }
    }
    return;
  }
  const n1 = half(n);
  const b2 = b + (<usize>n1 << 3);
  trsmRightLowerTrans(m, n1, l, ldl, b, ldb, work);
  gemm(0, 1, m, n - n1, n1, -1, b, ldb, at(l, ldl, n1, 0), ldl, 1, b2, ldb, work);
  trsmRightLowerTrans(m, n - n1, at(l, ldl, n1, n1), ldl, b2, ldb, work);
}
