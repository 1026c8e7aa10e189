// Shared by the exact-diffuse filters of this library; internal (not exported from index.ts).
import type { UnivariateSystem } from './ssm-loglik';

/** Diffuse and zero-variance tolerances, as kalmanFilter's, so the filters agree step for step. */
const DIFFUSE_TOL = 1e-9;
/** Relative change of the predicted P below which the gain is frozen (steady state; also N backwards in UnivariateScore). */
export const STEADY_TOL = 1e-11;
/** The same for the scalar fast paths (local level, local linear trend): a few ulps. */
export const SCALAR_STEADY_TOL = 4 * Number.EPSILON;
/** The same for their derivatives in the gradient passes: they converge at the rate of P, with more rounding. */
export const SCALAR_DERIV_STEADY_TOL = 1e-13;

/** Outcomes of DiffuseFilterCore.update: F ≈ 0 and v ≈ 0 (nothing learnt), a diffuse or a regular step, F ≈ 0 but v ≠ 0 (loglik −∞). */
export const UPDATE_SKIPPED = 0;
export const UPDATE_DIFFUSE = 1;
export const UPDATE_REGULAR = 2;
export const UPDATE_IMPOSSIBLE = 3;

/**
 * The forward exact-diffuse filter shared by UnivariateLoglik and UnivariateScore (D&K 2012 §5.2):
 * workspace, T and z by their non-zeros, and the three steps of the general (non-steady) recursion,
 * measurement update, prediction with steady-state detection, and the frozen F. The steady-state
 * loops, which differ (frozen L = T − TKz' for the loglik, stored innovations for the score), stay in
 * the users. Held by composition (not a base class), so that its methods see one object shape and
 * stay monomorphic when both filters run in the same fit.
 */
export class DiffuseFilterCore {
  readonly a: Float64Array;
  readonly P: Float64Array;
  readonly Pi: Float64Array;
  /** P z and P∞ z of the last update (the gains are ms/F and mi/F∞). */
  readonly ms: Float64Array;
  readonly mi: Float64Array;
  readonly vec: Float64Array;
  readonly tmp: Float64Array;
  private readonly prev: Float64Array;
  // T's non-zeros by row (CSR), so T P T' costs O(nnz·m) instead of O(m³) for sparse T
  readonly rowPtr: Int32Array;
  readonly colIdx: Int32Array;
  readonly vals: Float64Array;
  private readonly zIdx: Int32Array;
  private nz = 0;
  private infScale = 0;
  private zz = 0;
  /** True while P∞ is not yet zero. */
  diffuse = false;
  /** Innovation v_t and F (regular) or F∞ (diffuse) of the last update. */
  v = 0;
  F = 0;

  constructor(readonly m: number) {
    this.a = new Float64Array(m);
    this.P = new Float64Array(m * m);
    this.Pi = new Float64Array(m * m);
    this.ms = new Float64Array(m);
    this.mi = new Float64Array(m);
    this.vec = new Float64Array(m);
    this.tmp = new Float64Array(m * m);
    this.prev = new Float64Array(m * m);
    this.rowPtr = new Int32Array(m + 1);
    this.colIdx = new Int32Array(m * m);
    this.vals = new Float64Array(m * m);
    this.zIdx = new Int32Array(m);
  }

  /** Loads T and z (non-zeros), a_1, P*, P∞ and resets the steady-state detector. */
  start(s: UnivariateSystem): void {
    const { m, T, z } = s;
    let k = 0;
    for (let i = 0; i < m; i++) {
      this.rowPtr[i] = k;
      for (let j = 0; j < m; j++) {
        if (T[i * m + j] !== 0) {
          this.colIdx[k] = j;
          this.vals[k++] = T[i * m + j];
        }
      }
    }
    this.rowPtr[m] = k;
    let nz = 0;
    let zz = 0;
    for (let j = 0; j < m; j++) {
      if (z[j] !== 0) this.zIdx[nz++] = j;
      zz += z[j] * z[j];
    }
    this.nz = nz;
    this.zz = zz;
    this.a.set(s.a1);
    this.P.set(s.Pstar);
    this.Pi.set(s.Pinf);
    this.prev.fill(NaN);
    let infScale = 0;
    for (let i = 0; i < m; i++) infScale = Math.max(infScale, s.Pinf[i * m + i]);
    this.infScale = infScale;
    this.diffuse = infScale > 0;
  }

  /** Measurement update of a, P (and P∞) at an observed y_t: v holds the innovation y_t − z'a_t, F holds F or F∞. */
  update(yt: number, z: Float64Array, h: number): number {
    const { m, a, P, Pi, ms, mi, zIdx, nz } = this;
    let v = yt;
    for (let u = 0; u < nz; u++) v -= z[zIdx[u]] * a[zIdx[u]];
    this.v = v;
    let fs = h;
    let fsScale = h;
    for (let i = 0; i < m; i++) {
      let acc = 0;
      for (let u = 0; u < nz; u++) acc += P[i * m + zIdx[u]] * z[zIdx[u]];
      ms[i] = acc;
    }
    for (let u = 0; u < nz; u++) {
      const j = zIdx[u];
      fs += z[j] * ms[j];
      fsScale += Math.abs(z[j] * ms[j]);
    }
    let fi = 0;
    if (this.diffuse) {
      for (let i = 0; i < m; i++) {
        let acc = 0;
        for (let u = 0; u < nz; u++) acc += Pi[i * m + zIdx[u]] * z[zIdx[u]];
        mi[i] = acc;
      }
      for (let u = 0; u < nz; u++) fi += z[zIdx[u]] * mi[zIdx[u]];
    }
    if (this.diffuse && fi > DIFFUSE_TOL * this.zz * this.infScale) {
      for (let i = 0; i < m; i++) a[i] += (mi[i] / fi) * v;
      for (let i = 0; i < m; i++) {
        const k0i = mi[i] / fi;
        for (let j = 0; j < m; j++) {
          const k0j = mi[j] / fi;
          P[i * m + j] += k0i * k0j * fs - k0i * ms[j] - ms[i] * k0j;
          Pi[i * m + j] -= k0i * mi[j];
        }
      }
      this.F = fi;
      return UPDATE_DIFFUSE;
    }
    if (fs > 1e-13 * fsScale && fs > 0) {
      for (let i = 0; i < m; i++) a[i] += (ms[i] / fs) * v;
      for (let i = 0; i < m; i++) {
        const ki = ms[i] / fs;
        for (let j = 0; j < m; j++) P[i * m + j] -= ki * ms[j];
      }
      this.F = fs;
      return UPDATE_REGULAR;
    }
    return Math.abs(v) > 1e-8 * (Math.abs(yt) + 1) ? UPDATE_IMPOSSIBLE : UPDATE_SKIPPED;
  }

  /**
   * End of a step: leaves the diffuse phase once P∞ vanished, then a ← T a, P ← T P T' + RQR'
   * (symmetrised), P∞ ← T P∞ T'. True when, past the diffuse phase, the predicted P changed by at
   * most STEADY_TOL relative to the last one (the caller may then freeze the gain).
   */
  predict(RQR: Float64Array): boolean {
    const { m, a, P, Pi, vec, prev, rowPtr, colIdx, vals } = this;
    if (this.diffuse) {
      let maxAbs = 0;
      for (let i = 0; i < m * m; i++) maxAbs = Math.max(maxAbs, Math.abs(Pi[i]));
      if (maxAbs <= DIFFUSE_TOL * this.infScale) {
        Pi.fill(0);
        this.diffuse = false;
      }
    }
    for (let i = 0; i < m; i++) {
      let acc = 0;
      for (let k = rowPtr[i]; k < rowPtr[i + 1]; k++) acc += vals[k] * a[colIdx[k]];
      vec[i] = acc;
    }
    a.set(vec);
    this.sandwich(P);
    let change = 0;
    let scale = 0;
    for (let i = 0; i < m; i++) {
      for (let j = 0; j <= i; j++) {
        const u = 0.5 * (P[i * m + j] + P[j * m + i]) + RQR[i * m + j];
        P[i * m + j] = u;
        P[j * m + i] = u;
        change = Math.max(change, Math.abs(u - prev[i * m + j]));
        scale = Math.max(scale, Math.abs(u));
        prev[i * m + j] = u; // the previous predicted P, for the next comparison
      }
    }
    if (this.diffuse) {
      this.sandwich(Pi);
      return false;
    }
    return change <= STEADY_TOL * scale;
  }

  /** F = z'P z + h at the (converged) predicted P, with ms = P z: the frozen gain is ms/F. */
  steadyF(z: Float64Array, h: number): number {
    const { m, P, ms } = this;
    let fs = h;
    for (let i = 0; i < m; i++) {
      let acc = 0;
      for (let j = 0; j < m; j++) acc += P[i * m + j] * z[j];
      ms[i] = acc;
      fs += z[i] * acc;
    }
    return fs;
  }

  /** P ← T P T' (T's non-zeros) using tmp. */
  sandwich(P: Float64Array): void {
    const { m, rowPtr, colIdx, vals, tmp } = this;
    for (let i = 0; i < m; i++) {
      const e = rowPtr[i + 1];
      for (let j = 0; j < m; j++) {
        let acc = 0;
        for (let k = rowPtr[i]; k < e; k++) acc += vals[k] * P[colIdx[k] * m + j];
        tmp[i * m + j] = acc;
      }
    }
    for (let j = 0; j < m; j++) {
      const e = rowPtr[j + 1];
      for (let i = 0; i < m; i++) {
        let acc = 0;
        for (let k = rowPtr[j]; k < e; k++) acc += tmp[i * m + colIdx[k]] * vals[k];
        P[i * m + j] = acc;
      }
    }
  }
}
