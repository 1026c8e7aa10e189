/**
 * Householder reduction of a square matrix to upper Hessenberg form, H = Vᵀ·A·V (EISPACK orthes,
 * as in JAMA), in place on row-major H (n×n), returning the orthogonal V. All loops walk rows.
 */
export function hessenbergInPlace(H: Float64Array, n: number): Float64Array {
  const ort = new Float64Array(n);
  const f = new Float64Array(n);
  const high = n - 1;
  for (let m = 1; m <= high - 1; m++) {
    let scale = 0;
    for (let i = m; i <= high; i++) scale += Math.abs(H[i * n + m - 1]);
    if (scale === 0) continue;
    let h = 0;
    for (let i = high; i >= m; i--) {
      ort[i] = H[i * n + m - 1] / scale;
      h += ort[i] * ort[i];
    }
    let g = Math.sqrt(h);
    if (ort[m] > 0) g = -g;
    h -= ort[m] * g;
    ort[m] -= g;
    // H ← (I − u·uᵀ/h)·H on rows m..high: f_j = Σ_i u_i·H_ij, then rank-1 update, row by row.
    f.fill(0, m);
    for (let i = m; i <= high; i++) {
      const u = ort[i];
      const ri = i * n;
      for (let j = m; j < n; j++) f[j] += u * H[ri + j];
    }
    for (let j = m; j < n; j++) f[j] /= h;
    for (let i = m; i <= high; i++) {
      const u = ort[i];
      const ri = i * n;
      for (let j = m; j < n; j++) H[ri + j] -= f[j] * u;
    }
    // H ← H·(I − u·uᵀ/h): each row's dot with u, then an axpy.
    for (let i = 0; i <= high; i++) {
      const ri = i * n;
      let s = 0;
      for (let j = m; j <= high; j++) s += ort[j] * H[ri + j];
      s /= h;
      for (let j = m; j <= high; j++) H[ri + j] -= s * ort[j];
    }
    ort[m] *= scale;
    H[m * n + m - 1] = scale * g;
  }
  // Accumulate V (backwards), again with row-oriented rank-1 updates.
  const V = new Float64Array(n * n);
  for (let i = 0; i < n; i++) V[i * n + i] = 1;
  for (let m = high - 1; m >= 1; m--) {
    const hm = H[m * n + m - 1];
    if (hm === 0) continue;
    for (let i = m + 1; i <= high; i++) ort[i] = H[i * n + m - 1];
    f.fill(0, m);
    for (let i = m; i <= high; i++) {
      const u = ort[i];
      const ri = i * n;
      for (let j = m; j <= high; j++) f[j] += u * V[ri + j];
    }
    for (let j = m; j <= high; j++) f[j] = f[j] / ort[m] / hm;
    for (let i = m; i <= high; i++) {
      const u = ort[i];
      const ri = i * n;
      for (let j = m; j <= high; j++) V[ri + j] += f[j] * u;
    }
  }
  // Entries below the subdiagonal hold nothing useful: clear them.
  for (let i = 2; i < n; i++) H.fill(0, i * n, i * n + i - 1);
  return V;
}
