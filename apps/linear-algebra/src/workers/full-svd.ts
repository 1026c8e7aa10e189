// la.svd full: u m×m and vt n×n (numpy's full_matrices=True) from the thin SVD, by completing the
// orthonormal columns of u and of vᵀ to square orthogonal matrices.
import { qr, transpose, zeros, type Matrix, type Svd } from '@modelbus/math-linalg';

/**
 * An m×m orthogonal matrix whose first r columns are q's own (q m×r with orthonormal columns). The
 * Householder QR of [q | I]: its first r columns of Q span q's, the other m − r are orthonormal and
 * orthogonal to them to working precision. O(m²·(m + r)); the service's reply size keeps m small.
 */
export function completeBasis(q: Matrix): Matrix {
  const { rows: m, cols: r } = q;
  if (r >= m) return q;
  const w = r + m;
  const aug = zeros(m, w);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < r; j++) aug.data[i * w + j] = q.data[i * r + j];
    aug.data[i * w + r + i] = 1;
  }
  const extra = qr(aug).q; // m×m
  const out = zeros(m, m);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < r; j++) out.data[i * m + j] = q.data[i * r + j];
    for (let j = r; j < m; j++) out.data[i * m + j] = extra.data[i * m + j];
  }
  return out;
}

/** The full SVD from a thin one: same s, u completed to m×m, vt to n×n (the thin factors are the leading block). */
export function fullSvd(thin: Svd): Svd {
  return { u: completeBasis(thin.u), s: thin.s, vt: transpose(completeBasis(transpose(thin.vt))) };
}
