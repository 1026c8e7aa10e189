import * as core from './filter-core';
import type { UnivariateSystem } from './ssm-loglik';

// module-local copies: an imported binding is read through a getter in CommonJS output (hot loops)
const LOG_2PI = Math.log(2 * Math.PI);
/** N (backwards) is frozen at the same relative tolerance as P forwards. */
const STEADY_TOL = core.STEADY_TOL;
/** Step kinds stored per time point. */
const SKIPPED = 0;
const DIFFUSE = core.UPDATE_DIFFUSE;
const REGULAR = core.UPDATE_REGULAR;
const IMPOSSIBLE = core.UPDATE_IMPOSSIBLE;
/** Regular with the frozen steady-state gain (K, F not stored per t). */
const STEADY = 3;

/**
 * How h and RQR' of a univariate model change with parameter k: ∂h/∂ψ_k and the non-zeros of
 * ∂(RQR')/∂ψ_k (for structural models, whose h and RQR' are linear in the variances, these are
 * the system at ψ = e_k).
 */
export interface ScoreDirection {
  dh: number;
  /** Non-zeros (i, j, value) of the m × m ∂(RQR')/∂ψ_k. */
  rows: Int32Array;
  cols: Int32Array;
  vals: Float64Array;
}

/** Non-zeros of an m × m matrix as a ScoreDirection with the given ∂h. */
export function scoreDirection(dh: number, dRQR: Float64Array, m: number): ScoreDirection {
  const rows: number[] = [];
  const cols: number[] = [];
  const vals: number[] = [];
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < m; j++) {
      if (dRQR[i * m + j] === 0) continue;
      rows.push(i);
      cols.push(j);
      vals.push(dRQR[i * m + j]);
    }
  }
  return { dh, rows: Int32Array.from(rows), cols: Int32Array.from(cols), vals: Float64Array.from(vals) };
}

/**
 * Exact-diffuse log-likelihood of a univariate time-invariant model and its analytic gradient with
 * respect to parameters of h and RQR' (Koopman & Shephard 1992; Durbin & Koopman 2012 §7.3.3):
 *   ∂ℓ/∂ψ = ½ Σ_t (u_t² − D_t) ∂h/∂ψ + ½ Σ_t (r_t' C r_t − tr(N_t C)),  C = ∂(RQR')/∂ψ,
 * with u_t, D_t the smoothing error and its variance (ε̂_t = h u_t, Var(ε_t | Y) = h − h D_t h) and
 * r_t, N_t the backward state-smoothing quantities; in the diffuse steps u_t = −K⁽⁰⁾'r_t⁽⁰⁾ and
 * D_t = K⁽⁰⁾'N_t⁽⁰⁾K⁽⁰⁾ (§5.4), and only the ⁽⁰⁾ recursions enter. One forward pass that stores v_t,
 * F_t and the gain per time point and one backward pass, both with T's non-zeros only: about two
 * likelihood evaluations, instead of 2k + 1 for central differences. NaN in y = missing.
 * Long series: once the predicted P stops changing the forward gain is frozen (like UnivariateLoglik),
 * and once N stops changing backwards inside that stretch N is frozen too, so both passes cost
 * O(m + nnz(T)) per step there; a missing value thaws either recursion.
 */
export class UnivariateScore {
  /** Diagnostics of the last run: steps taken with the frozen forward gain, and with the frozen backward N. */
  steadySteps = 0;
  frozenSteps = 0;
  private readonly r: Float64Array;
  private readonly N: Float64Array;
  private readonly w: Float64Array;
  private readonly Nprev: Float64Array;
  private readonly Kss: Float64Array;
  private Fss = 0;
  // per time point: step kind (0 skipped/missing, 1 diffuse, 2 regular, 3 steady), v, F (or F∞), gain K (m)
  private kind = new Uint8Array(0);
  private vs = new Float64Array(0);
  private Fs = new Float64Array(0);
  private Ks = new Float64Array(0);

  private readonly f: core.DiffuseFilterCore;

  constructor(readonly m: number) {
    this.f = new core.DiffuseFilterCore(m);
    this.r = new Float64Array(m);
    this.N = new Float64Array(m * m);
    this.w = new Float64Array(m);
    this.Nprev = new Float64Array(m * m);
    this.Kss = new Float64Array(m);
  }

  private ensure(n: number): void {
    if (this.kind.length >= n) return;
    this.kind = new Uint8Array(n);
    this.vs = new Float64Array(n);
    this.Fs = new Float64Array(n);
    this.Ks = new Float64Array(n * this.m);
  }

  /** N ← T' N T (sparse T): tmp = N T, then T' tmp. */
  private transposeSandwich(N: Float64Array): void {
    const { m } = this;
    const { rowPtr, colIdx, vals, tmp } = this.f;
    tmp.fill(0);
    // (N T)_{i,c} = Σ_l N_{i,l} T_{l,c}
    for (let l = 0; l < m; l++) {
      for (let k = rowPtr[l]; k < rowPtr[l + 1]; k++) {
        const c = colIdx[k];
        const t = vals[k];
        for (let i = 0; i < m; i++) tmp[i * m + c] += N[i * m + l] * t;
      }
    }
    N.fill(0);
    // (T' tmp)_{c,j} = Σ_l T_{l,c} tmp_{l,j}
    for (let l = 0; l < m; l++) {
      for (let k = rowPtr[l]; k < rowPtr[l + 1]; k++) {
        const c = colIdx[k];
        const t = vals[k];
        for (let j = 0; j < m; j++) N[c * m + j] += t * tmp[l * m + j];
      }
    }
  }

  /** r ← T' r (sparse T). */
  private transposeTimes(r: Float64Array): void {
    const { m } = this;
    const { rowPtr, colIdx, vals, vec } = this.f;
    vec.fill(0);
    for (let l = 0; l < m; l++) for (let k = rowPtr[l]; k < rowPtr[l + 1]; k++) vec[colIdx[k]] += vals[k] * r[l];
    r.set(vec);
  }

  /**
   * Loglik (−∞ where an observation has zero predictive variance but is off its prediction) and
   * grad[k] = ∂ℓ/∂ψ_k for each direction.
   */
  run(y: Float64Array, s: UnivariateSystem, dirs: readonly ScoreDirection[], grad: Float64Array): number {
    const { m, Kss, f } = this;
    const { a, ms, mi, vec, rowPtr, colIdx, vals } = f;
    const { z, h, RQR } = s;
    const n = y.length;
    this.ensure(n);
    f.start(s);
    const { kind, vs, Fs, Ks } = this;
    let sum = 0;
    let nobs = 0;
    this.steadySteps = 0;
    this.frozenSteps = 0;
    let steady = false;
    let logFss = 0;
    for (let t = 0; t < n; t++) {
      const yt = y[t];
      kind[t] = SKIPPED;
      if (steady) {
        if (!Number.isNaN(yt)) {
          // frozen gain: a ← T (a + K v); P stays the steady predicted P
          let v = yt;
          for (let j = 0; j < m; j++) v -= z[j] * a[j];
          for (let j = 0; j < m; j++) vec[j] = a[j] + Kss[j] * v;
          for (let i = 0; i < m; i++) {
            let acc = 0;
            for (let k = rowPtr[i]; k < rowPtr[i + 1]; k++) acc += vals[k] * vec[colIdx[k]];
            a[i] = acc;
          }
          kind[t] = STEADY;
          this.steadySteps++;
          vs[t] = v;
          nobs++;
          sum += logFss + (v * v) / this.Fss;
          continue;
        }
        steady = false; // a missing value perturbs P: resume the full recursion from the steady P
      }
      const observed = !Number.isNaN(yt);
      if (observed) {
        nobs++;
        const k = f.update(yt, z, h);
        const v = f.v;
        vs[t] = v;
        if (k === IMPOSSIBLE) {
          grad.fill(NaN);
          return -Infinity;
        }
        if (k === DIFFUSE || k === REGULAR) {
          // the gain K⁽⁰⁾ = P∞z/F∞ or K = Pz/F, for the backward pass
          const F = f.F;
          const g = k === DIFFUSE ? mi : ms;
          kind[t] = k;
          Fs[t] = F;
          for (let i = 0; i < m; i++) Ks[t * m + i] = g[i] / F;
          sum += k === DIFFUSE ? Math.log(F) : Math.log(F) + (v * v) / F;
        }
      }
      if (f.predict(RQR) && observed) {
        // freeze K = P z / F, F = z'P z + h from the converged predicted P
        const fs = f.steadyF(z, h);
        if (fs > 0) {
          for (let i = 0; i < m; i++) Kss[i] = ms[i] / fs;
          this.Fss = fs;
          logFss = Math.log(fs);
          steady = true;
        }
      }
    }
    this.backward(n, z, dirs, grad);
    return -0.5 * (nobs * LOG_2PI + sum);
  }

  /** Backward pass: r, N from the stored gains; accumulates the two sums of the score. */
  private backward(n: number, z: Float64Array, dirs: readonly ScoreDirection[], grad: Float64Array): void {
    const { m, r, N, w, kind, vs, Fs, Ks, Kss, Nprev } = this;
    r.fill(0);
    N.fill(0);
    grad.fill(0);
    const nd = dirs.length;
    const trNC = new Float64Array(nd); // tr(N C_k) of the frozen N
    let frozen = false; // N (at the top of the step) constant: the steady stretch far from the end
    let Dss = 0;
    for (let t = n - 1; t >= 0; t--) {
      const k = kind[t];
      if (frozen && k !== STEADY) frozen = false; // N still holds the frozen value: carry on from it
      if (k === STEADY && !frozen) Nprev.set(N);
      // η_t (entering α_{t+1}) pairs with r, N as left by the observations after t, before T'
      if (t < n - 1) {
        for (let d = 0; d < nd; d++) {
          const { rows, cols, vals } = dirs[d];
          let acc = 0;
          for (let e = 0; e < rows.length; e++) acc += vals[e] * r[rows[e]] * r[cols[e]];
          if (frozen) acc -= trNC[d];
          else for (let e = 0; e < rows.length; e++) acc -= vals[e] * N[cols[e] * m + rows[e]];
          grad[d] += 0.5 * acc;
        }
        this.transposeTimes(r);
        if (!frozen) this.transposeSandwich(N);
      }
      if (k === SKIPPED) continue;
      const K = k === STEADY ? Kss : Ks.subarray(t * m, t * m + m);
      const F = k === STEADY ? this.Fss : Fs[t];
      let kr = 0;
      for (let i = 0; i < m; i++) kr += K[i] * r[i];
      if (frozen) {
        this.frozenSteps++;
        const u = vs[t] / F - kr;
        for (let d = 0; d < nd; d++) if (dirs[d].dh !== 0) grad[d] += 0.5 * (u * u - Dss) * dirs[d].dh;
        for (let i = 0; i < m; i++) r[i] += z[i] * u;
        continue;
      }
      // w = N K, c = K'N K
      let c = 0;
      for (let i = 0; i < m; i++) {
        let acc = 0;
        for (let j = 0; j < m; j++) acc += N[i * m + j] * K[j];
        w[i] = acc;
        c += K[i] * acc;
      }
      // regular: u = v/F − K'r, D = 1/F + K'NK; diffuse: u = −K⁽⁰⁾'r⁽⁰⁾, D = K⁽⁰⁾'N⁽⁰⁾K⁽⁰⁾
      const u = k === DIFFUSE ? -kr : vs[t] / F - kr;
      const D = k === DIFFUSE ? c : 1 / F + c;
      for (let d = 0; d < nd; d++) if (dirs[d].dh !== 0) grad[d] += 0.5 * (u * u - D) * dirs[d].dh;
      // r ← L'r + z v/F = r + z u; N ← L'N L + zz'/F = N − z w' − w z' + D z z'
      for (let i = 0; i < m; i++) {
        const zi = z[i];
        r[i] += zi * u;
        for (let j = 0; j < m; j++) N[i * m + j] += -zi * w[j] - w[i] * z[j] + D * zi * z[j];
      }
      if (k === STEADY && t < n - 1) {
        let change = 0;
        let scale = 0;
        for (let i = 0; i < m * m; i++) {
          change = Math.max(change, Math.abs(N[i] - Nprev[i]));
          scale = Math.max(scale, Math.abs(N[i]));
        }
        if (change <= STEADY_TOL * scale) {
          // freeze: tr(N C_k) and D = 1/F + K'(T'N T)K of the steady steps before this one
          frozen = true;
          for (let d = 0; d < nd; d++) {
            const { rows, cols, vals } = dirs[d];
            let acc = 0;
            for (let e = 0; e < rows.length; e++) acc += vals[e] * N[cols[e] * m + rows[e]];
            trNC[d] = acc;
          }
          const Nmid = Nprev; // reuse as workspace: T'N T
          Nmid.set(N);
          this.transposeSandwich(Nmid);
          let q = 0;
          for (let i = 0; i < m; i++) {
            let acc = 0;
            for (let j = 0; j < m; j++) acc += Nmid[i * m + j] * Kss[j];
            q += Kss[i] * acc;
          }
          Dss = 1 / this.Fss + q;
        }
      }
    }
  }
}
