import * as core from './filter-core';

/**
 * Log-likelihood-only exact-diffuse Kalman filter for a univariate, time-invariant model
 * y_t = z'α_t + ε_t (Var h), α_{t+1} = T α_t + η*_t (Var RQR'). Same recursions and diffuse
 * tolerances as kalmanFilter (D&K 2012 §5.2), but stores nothing per time point and reuses a
 * workspace, so optimisers can call it thousands of times. Once the predicted covariance stops
 * changing (steady state, no missing values) the gain is frozen and each step costs O(m²).
 * NaN in y means missing (the filter predicts through it). Inputs are assumed validated.
 */
export interface UnivariateSystem {
  m: number;
  z: Float64Array; // m
  h: number;
  T: Float64Array; // m × m
  RQR: Float64Array; // m × m
  a1: Float64Array; // m
  Pstar: Float64Array; // m × m
  Pinf: Float64Array; // m × m
}

export interface LoglikParts {
  /** Exact-diffuse loglik with all constants. */
  loglik: number;
  /** Σ log F_t and Σ v_t²/F_t over regular (non-diffuse) steps. */
  sumLogF: number;
  sumV2F: number;
  /** Σ log F_∞,t over diffuse steps. */
  sumLogFinf: number;
  /** Regular steps, diffuse steps (= number of diffuse elements absorbed), observed values. */
  nRegular: number;
  nDiffuse: number;
  nobs: number;
}

const LOG_2PI = Math.log(2 * Math.PI);
// module-local copies: an imported binding is read through a getter in CommonJS output (hot loops)
const DIFFUSE = core.UPDATE_DIFFUSE;
const REGULAR = core.UPDATE_REGULAR;
const IMPOSSIBLE = core.UPDATE_IMPOSSIBLE;

export class UnivariateLoglik {
  /** Time index at which the last run froze the gain (−1 if never): diagnostics. */
  steadyFrom = -1;
  private readonly kT: Float64Array; // frozen T K
  private readonly L: Float64Array; // frozen T − T K z'

  private readonly f: core.DiffuseFilterCore;

  constructor(readonly m: number) {
    this.f = new core.DiffuseFilterCore(m);
    this.kT = new Float64Array(m);
    this.L = new Float64Array(m * m);
  }

  /** Σv² of the last steadyRun. */
  private sumV2 = 0;

  /**
   * Steady-state steps from t0 up to the first missing value (or the end) with the frozen gain:
   * v = y − z'a, a ← L a + (TK) y. Returns the number of steps and leaves Σv² in sumV2. Scalar
   * code for m ≤ 2 (local level, ARMA(p ≤ 2, q ≤ 1), local linear trend), ping-pong buffers else.
   */
  private steadyRun(y: Float64Array, t0: number, z: Float64Array): number {
    const { m, kT, L } = this;
    const { a, vec } = this.f;
    const n = y.length;
    let t = t0;
    let sv = 0;
    if (m === 1) {
      const z0 = z[0];
      const l00 = L[0];
      const k0 = kT[0];
      let a0 = a[0];
      for (; t < n; t++) {
        const yt = y[t];
        if (yt !== yt) break;
        const v = yt - z0 * a0;
        a0 = l00 * a0 + k0 * yt;
        sv += v * v;
      }
      a[0] = a0;
    } else if (m === 2) {
      const z0 = z[0];
      const z1 = z[1];
      const l00 = L[0];
      const l01 = L[1];
      const l10 = L[2];
      const l11 = L[3];
      const k0 = kT[0];
      const k1 = kT[1];
      let a0 = a[0];
      let a1 = a[1];
      for (; t < n; t++) {
        const yt = y[t];
        if (yt !== yt) break;
        const v = yt - z0 * a0 - z1 * a1;
        const b0 = l00 * a0 + l01 * a1 + k0 * yt;
        a1 = l10 * a0 + l11 * a1 + k1 * yt;
        a0 = b0;
        sv += v * v;
      }
      a[0] = a0;
      a[1] = a1;
    } else {
      let cur = a;
      let nxt = vec;
      for (; t < n; t++) {
        const yt = y[t];
        if (yt !== yt) break;
        let v = yt;
        for (let j = 0; j < m; j++) v -= z[j] * cur[j];
        for (let i = 0; i < m; i++) {
          let acc = kT[i] * yt;
          for (let j = 0; j < m; j++) acc += L[i * m + j] * cur[j];
          nxt[i] = acc;
        }
        const sw = cur;
        cur = nxt;
        nxt = sw;
        sv += v * v;
      }
      if (cur !== a) a.set(cur);
    }
    this.sumV2 = sv;
    return t - t0;
  }

  run(y: Float64Array, s: UnivariateSystem): LoglikParts {
    const { m, z, h, T, RQR } = s;
    const { kT, L, f } = this;
    const { ms } = f;
    f.start(s);
    let sumLogF = 0;
    let sumV2F = 0;
    let sumLogFinf = 0;
    let nReg = 0;
    let nDif = 0;
    let nobs = 0;
    let steady = false;
    this.steadyFrom = -1;
    let Fss = 0;
    let logFss = 0;
    const n = y.length;
    for (let t = 0; t < n; t++) {
      const yt = y[t];
      const observed = !Number.isNaN(yt);
      if (steady) {
        if (observed) {
          // frozen gain until the next missing value: a_{t+1} = L a + T K y (L = T − TKz')
          const run = this.steadyRun(y, t, z);
          nobs += run;
          nReg += run;
          sumLogF += run * logFss;
          sumV2F += this.sumV2 / Fss;
          t += run - 1;
          continue;
        }
        steady = false; // a missing value perturbs P: resume the full recursion
      }
      if (observed) {
        nobs++;
        const kind = f.update(yt, z, h);
        const v = f.v;
        if (kind === DIFFUSE) {
          nDif++;
          sumLogFinf += Math.log(f.F);
        } else if (kind === REGULAR) {
          nReg++;
          sumLogF += Math.log(f.F);
          sumV2F += (v * v) / f.F;
        } else if (kind === IMPOSSIBLE) {
          return parts(-Infinity, sumLogF, sumV2F, sumLogFinf, nReg, nDif, nobs);
        }
      }
      if (f.predict(RQR) && observed) {
        // freeze: F, K from the (converged) predicted P
        const fs = f.steadyF(z, h);
        if (fs > 0) {
          for (let i = 0; i < m; i++) {
            let acc = 0;
            for (let j = 0; j < m; j++) acc += T[i * m + j] * ms[j];
            kT[i] = acc / fs;
          }
          for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) L[i * m + j] = T[i * m + j] - kT[i] * z[j];
          Fss = fs;
          logFss = Math.log(fs);
          steady = true;
          this.steadyFrom = t;
        }
      }
    }
    const ll = -0.5 * (nobs * LOG_2PI + sumLogFinf + sumLogF + sumV2F);
    return parts(ll, sumLogF, sumV2F, sumLogFinf, nReg, nDif, nobs);
  }
}

function parts(loglik: number, sumLogF: number, sumV2F: number, sumLogFinf: number, nRegular: number, nDiffuse: number, nobs: number): LoglikParts {
  return { loglik, sumLogF, sumV2F, sumLogFinf, nRegular, nDiffuse, nobs };
}
