import { FailedPreconditionError, type Matrix } from '@modelbus/math-linalg';

/**
 * Univariate treatment of multivariate observations (Durbin & Koopman 2012 §6.4): the observed
 * elements W of y_t are made uncorrelated by H_WW = L D L' (L unit lower triangular), giving
 * y* = L⁻¹y_W, Z* = L⁻¹Z_W, H* = D, which leaves the Gaussian likelihood unchanged (|L| = 1).
 * For diagonal H the transform is the identity. Partially missing rows are handled per time point.
 */
export class ObservationTransform {
  diagonal = true;
  private readonly L: Float64Array; // p × p workspace (only the leading k × k block is used)
  private readonly D: Float64Array;

  constructor(private Z: Matrix, private H: Matrix) {
    const p = H.rows;
    this.L = new Float64Array(p * p);
    this.D = new Float64Array(p);
    this.setSystem(Z, H);
  }

  /** Switches to the Z_t, H_t of another time point (same dimensions): time-varying models. */
  setSystem(Z: Matrix, H: Matrix): void {
    this.Z = Z;
    this.H = H;
    const p = H.rows;
    let diag = true;
    for (let i = 0; i < p && diag; i++) for (let j = 0; j < p; j++) if (i !== j && H.data[i * p + j] !== 0) diag = false;
    this.diagonal = diag;
  }

  /**
   * Writes the k observed, transformed elements of row y (length p) into ys[0..k), zs[0..k·m),
   * hs[0..k) and their original indices into idx; returns k.
   */
  apply(y: Float64Array, yOff: number, idx: Int32Array, ys: Float64Array, zs: Float64Array, hs: Float64Array): number {
    const p = this.H.rows;
    const m = this.Z.cols;
    const Hd = this.H.data;
    const Zd = this.Z.data;
    let k = 0;
    for (let i = 0; i < p; i++) if (!Number.isNaN(y[yOff + i])) idx[k++] = i;
    for (let a = 0; a < k; a++) {
      ys[a] = y[yOff + idx[a]];
      hs[a] = Hd[idx[a] * p + idx[a]];
      for (let j = 0; j < m; j++) zs[a * m + j] = Zd[idx[a] * m + j];
    }
    if (this.diagonal || k <= 1) return k;
    // LDL' of H_WW
    const L = this.L;
    const D = this.D;
    for (let i = 0; i < k; i++) {
      for (let j = 0; j <= i; j++) {
        let s = Hd[idx[i] * p + idx[j]];
        for (let l = 0; l < j; l++) s -= L[i * p + l] * L[j * p + l] * D[l];
        if (i === j) {
          D[i] = s;
          L[i * p + i] = 1;
        } else if (D[j] > 1e-14 * (Hd[idx[j] * p + idx[j]] + 1e-300)) {
          L[i * p + j] = s / D[j];
        } else {
          if (Math.abs(s) > 1e-12 * Math.sqrt(Math.abs(Hd[idx[i] * p + idx[i]] * Hd[idx[j] * p + idx[j]]))) {
            throw new FailedPreconditionError('H is not positive semidefinite (LDL pivot is zero with a non-zero off-diagonal)');
          }
          L[i * p + j] = 0;
        }
      }
      if (D[i] < -1e-12 * (Hd[idx[i] * p + idx[i]] + 1e-300)) throw new FailedPreconditionError('H is not positive semidefinite');
      if (D[i] < 0) D[i] = 0;
    }
    // forward substitution: y* = L⁻¹ y, Z* = L⁻¹ Z
    for (let i = 0; i < k; i++) {
      for (let l = 0; l < i; l++) {
        const f = L[i * p + l];
        if (f === 0) continue;
        ys[i] -= f * ys[l];
        for (let j = 0; j < m; j++) zs[i * m + j] -= f * zs[l * m + j];
      }
      hs[i] = D[i];
    }
    return k;
  }
}
