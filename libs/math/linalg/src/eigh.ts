import { Matrix, transpose, zeros } from './matrix';
import { accumulateRight } from './svd-golub-kahan';
import { tridiagonalize } from './tridiagonal';
import { tridiagonalQl } from './tridiagonal-ql';
import { DC_LEAF, tridiagonalEigenDc } from './tridiagonal-dc';
import { applyQTransposeRight } from './eigh-backtransform';
import { powerOfTwoScale } from './scaling';
import { checkSymmetric } from './validate';
import { warmUpOnce } from './eigen-warmup';

/** Inputs from this size get the kernels tiered up first (eigen-warmup.ts). */
const WARM_UP_FROM = 128;

/**
 * Symmetric eigendecomposition a = V·diag(values)·Vᵀ: values ascending, eigenvectors as the columns
 * of `vectors` (orthonormal). Householder tridiagonalisation (tridiagonal.ts, one pass per step over the
 * lower triangle in WASM SIMD when available), then for n > DC_LEAF divide and conquer on the tridiagonal
 * (tridiagonal-dc.ts, LAPACK dstedc) and the eigenvectors mapped back by Qᵀ in compact-WY blocks through
 * GEMM (eigh-backtransform.ts, LAPACK dormtr), as dsyevd; for small n, Q accumulated explicitly and the
 * implicit QL algorithm (EISPACK tql2) rotating its rows. Reads the lower triangle after checking symmetry.
 */
export function eigh(a: Matrix): { values: Float64Array; vectors: Matrix } {
  checkSymmetric(a, 'a');
  const n = a.rows;
  if (n >= WARM_UP_FROM) warmUpOnce('eigh', 48, true, eigh);
  const d = new Float64Array(n);
  const e = new Float64Array(n);
  if (n === 0) return { values: d, vectors: zeros(0, 0) };
  // QL and the secular equation multiply pairs of entries, which over/underflows beyond ~1e±154:
  // work on a / 2^round(log2 max|a_ij|) (exact) and scale the eigenvalues back. Only the lower triangle
  // is read (tridiagonalize's contract), so rounding asymmetry in the input cannot leak in.
  const scale = powerOfTwoScale(a.data);
  const w = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) w[i * n + j] = a.data[i * n + j] / scale;
  const tau = new Float64Array(n);
  tridiagonalize(w, n, d, e, tau);
  let vt: Float64Array;
  if (n > DC_LEAF) {
    // Eigenvectors of T as rows (divide and conquer), then rows ← rows·Qᵀ, i.e. columns Q·z_j.
    vt = tridiagonalEigenDc(d, e.subarray(1), n);
    applyQTransposeRight(vt, w, n, tau);
  } else {
    // Rows of vt are the columns of Q (A = Q·T·Qᵀ); QL rotates them into eigenvectors.
    vt = accumulateRight(w, n, tau);
    tridiagonalQl(vt, n, d, e);
  }
  for (let i = 0; i < n; i++) d[i] *= scale;
  return { values: d, vectors: transpose({ rows: n, cols: n, data: vt }) };
}


