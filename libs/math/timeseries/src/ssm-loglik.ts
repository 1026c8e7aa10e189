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
const DIFFUSE_TOL = 1e-9;
const STEADY_TOL = 1e-11;

export class UnivariateLoglik {
  /** Time index at which the last run froze the gain (−1 if never): diagnostics. */
  steadyFrom = -1;
  private readonly a: Float64Array;
  private readonly P: Float64Array;
  private readonly Pi: Float64Array;
  private readonly ms: Float64Array;
  private readonly mi: Float64Array;
  private readonly vec: Float64Array;
  private readonly tmp: Float64Array;
  private readonly prev: Float64Array;
  private readonly kT: Float64Array; // frozen T K
  private readonly L: Float64Array; // frozen T − T K z'
  // T's non-zeros by row (CSR), so T P T' costs O(nnz·m) instead of O(m³) for sparse T
  private readonly rowPtr: Int32Array;
  private readonly colIdx: Int32Array;
  private readonly vals: Float64Array;
  private readonly zIdx: Int32Array;

  constructor(readonly m: number) {
    this.a = new Float64Array(m);
    this.P = new Float64Array(m * m);
    this.Pi = new Float64Array(m * m);
    this.ms = new Float64Array(m);
    this.mi = new Float64Array(m);
    this.vec = new Float64Array(m);
    this.tmp = new Float64Array(m * m);
    this.prev = new Float64Array(m * m);
    this.kT = new Float64Array(m);
    this.L = new Float64Array(m * m);
    this.rowPtr = new Int32Array(m + 1);
    this.colIdx = new Int32Array(m * m);
    this.vals = new Float64Array(m * m);
    this.zIdx = new Int32Array(m);
  }

  private loadT(T: Float64Array, m: number): void {
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
  }

  /** P ← T P T' (T from loadT) using tmp. */
  private sandwich(P: Float64Array, m: number): void {
    const { rowPtr, colIdx, vals, tmp } = this;
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

  /** Σv² of the last steadyRun. */
  private sumV2 = 0;

  /**
   * Steady-state steps from t0 up to the first missing value (or the end) with the frozen gain:
   * v = y − z'a, a ← L a + (TK) y. Returns the number of steps and leaves Σv² in sumV2. Scalar
   * code for m ≤ 2 (local level, ARMA(p ≤ 2, q ≤ 1), local linear trend), ping-pong buffers else.
   */
  private steadyRun(y: Float64Array, t0: number, z: Float64Array): number {
    const { m, a, kT, L } = this;
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
      let nxt = this.vec;
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
    const { a, P, Pi, ms, mi, prev, kT, L, vec } = this;
    this.loadT(T, m);
    const { rowPtr, colIdx, vals, zIdx } = this;
    let nz = 0;
    for (let j = 0; j < m; j++) if (z[j] !== 0) zIdx[nz++] = j;
    a.set(s.a1);
    prev.fill(NaN);
    P.set(s.Pstar);
    Pi.set(s.Pinf);
    let infScale = 0;
    for (let i = 0; i < m; i++) infScale = Math.max(infScale, Pi[i * m + i]);
    let diffuse = infScale > 0;
    let zz = 0;
    for (let j = 0; j < m; j++) zz += z[j] * z[j];
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
        let v = yt;
        for (let j = 0; j < m; j++) v -= z[j] * a[j];
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
        if (diffuse) {
          for (let i = 0; i < m; i++) {
            let acc = 0;
            for (let u = 0; u < nz; u++) acc += Pi[i * m + zIdx[u]] * z[zIdx[u]];
            mi[i] = acc;
          }
          for (let u = 0; u < nz; u++) fi += z[zIdx[u]] * mi[zIdx[u]];
        }
        if (diffuse && fi > DIFFUSE_TOL * zz * infScale) {
          nDif++;
          for (let i = 0; i < m; i++) a[i] += (mi[i] / fi) * v;
          for (let i = 0; i < m; i++) {
            const k0i = mi[i] / fi;
            for (let j = 0; j < m; j++) {
              const k0j = mi[j] / fi;
              P[i * m + j] += k0i * k0j * fs - k0i * ms[j] - ms[i] * k0j;
              Pi[i * m + j] -= k0i * mi[j];
            }
          }
          sumLogFinf += Math.log(fi);
        } else if (fs > 1e-13 * fsScale && fs > 0) {
          nReg++;
          for (let i = 0; i < m; i++) a[i] += (ms[i] / fs) * v;
          for (let i = 0; i < m; i++) {
            const ki = ms[i] / fs;
            for (let j = 0; j < m; j++) P[i * m + j] -= ki * ms[j];
          }
          sumLogF += Math.log(fs);
          sumV2F += (v * v) / fs;
        } else if (Math.abs(v) > 1e-8 * (Math.abs(yt) + 1)) {
          return parts(-Infinity, sumLogF, sumV2F, sumLogFinf, nReg, nDif, nobs);
        }
      }
      if (diffuse) {
        let maxAbs = 0;
        for (let i = 0; i < m * m; i++) maxAbs = Math.max(maxAbs, Math.abs(Pi[i]));
        if (maxAbs <= DIFFUSE_TOL * infScale) {
          Pi.fill(0);
          diffuse = false;
        }
      }
      // predict: a ← T a, P ← T P T' + RQR', P∞ ← T P∞ T'
      for (let i = 0; i < m; i++) {
        let acc = 0;
        for (let k = rowPtr[i]; k < rowPtr[i + 1]; k++) acc += vals[k] * a[colIdx[k]];
        vec[i] = acc;
      }
      a.set(vec);
      this.sandwich(P, m);
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
      if (diffuse) {
        this.sandwich(Pi, m);
      } else if (observed && change <= STEADY_TOL * scale) {
        // freeze: F, K from the (converged) predicted P
        let fs = h;
        for (let i = 0; i < m; i++) {
          let acc = 0;
          for (let j = 0; j < m; j++) acc += P[i * m + j] * z[j];
          ms[i] = acc;
          fs += z[i] * acc;
        }
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
