import { type Matrix } from '@modelbus/math-linalg';
import { ObservationTransform } from './observation-transform';
import { type ResolvedSystem, type StateInit, type TimeVaryingModel, resolveSystem, toObservations } from './state-space';

const LOG_2PI = Math.log(2 * Math.PI);
/** F_∞ below this fraction of ‖z‖²·scale(P_∞,1) counts as zero (D&K 2012 §5.2 needs a tolerance). */
const DIFFUSE_TOL = 1e-9;

/** Kind of update made for one (transformed) observation element. */
export const Step = {
  /** missing, or F = 0 */
  Skipped: 0,
  /** F_∞ > 0 */
  Diffuse: 1,
  /** F_∞ = 0, F_* > 0 */
  Regular: 2,
} as const;

/**
 * Kalman filter output. Per time point t (0-based): predicted a_t, P_t (= P_{*,t} during the
 * diffuse phase) and P_{∞,t}; filtered a_{t|t}, P_{t|t}; loglik contribution. Per observation
 * element (univariate treatment, transformed coordinates; equal to the usual v_t, F_t when p = 1):
 * v, F (= F_*), Finf, M* = P_* z, M∞ = P_∞ z, the step kind and the transformed z.
 */
export interface KalmanFilterResult {
  n: number;
  p: number;
  m: number;
  /** The validated observations, n × p row-major (NaN = missing). */
  y: Float64Array;
  /** Exact-diffuse loglik with all constants: −½ Σ_obs log 2π − ½ Σ_diffuse log F_∞ − ½ Σ_rest (log F + v²/F). */
  loglik: number;
  loglikPerObs: Float64Array; // n
  /** Number of time points in the diffuse phase (P_∞,t ≠ 0): D&K's d. */
  diffuseSteps: number;
  /** Number of observed (non-missing) scalar observations. */
  nobs: number;
  predictedState: Float64Array; // n × m
  predictedCov: Float64Array; // n × m × m
  /** P_∞,t for the diffuse time points only: diffuseSteps × m × m. */
  predictedCovInf: Float64Array;
  filteredState: Float64Array; // n × m
  filteredCov: Float64Array; // n × m × m
  /** a_{n+1}, P_{n+1}, P_{∞,n+1}: the start of forecasting. */
  nextState: Float64Array;
  nextCov: Float64Array;
  nextCovInf: Float64Array;
  // per-element quantities (time t, element k at index t·p + k; count[t] elements used)
  count: Int32Array; // n
  index: Int32Array; // n × p: original observation index of element k
  v: Float64Array; // n × p (NaN where unused)
  F: Float64Array; // n × p
  Finf: Float64Array; // n × p
  Mstar: Float64Array; // n × p × m
  Minf: Float64Array; // n × p × m
  zt: Float64Array; // n × p × m (transformed z rows)
  step: Uint8Array; // n × p
}

/**
 * Kalman filter with exact diffuse initialisation (Durbin & Koopman 2012 ch. 5, univariate form
 * of §6.4 / Koopman & Durbin 2000). y is n × p (NaN = missing; partially missing rows allowed).
 * Any of Z, H, T, R, Q may vary over time (an array of n matrices or a function of t, see
 * SystemMatrix); the recursions are the same with the time-t matrices.
 */
export function kalmanFilter(model: TimeVaryingModel, init: StateInit, y: Matrix | number[] | Float64Array): KalmanFilterResult {
  const p0 = firstRows(model);
  const { n, data: yd } = toObservations(y, p0);
  const sys = resolveSystem(model, init, n);
  const { p, m } = sys.dims;
  const rqrAt = rqrAccessor(sys);
  const tf = new ObservationTransform(sys.Z(0), sys.H(0));
  const zhConstant = sys.constant.Z && sys.constant.H;

  const a = Float64Array.from(init.a1);
  const Ps = Float64Array.from(init.Pstar.data);
  const Pi = Float64Array.from(init.Pinf.data);
  let infScale = 0;
  for (let i = 0; i < m; i++) infScale = Math.max(infScale, Pi[i * m + i]);
  let diffuse = infScale > 0;
  let diffuseSteps = 0;

  const out: KalmanFilterResult = {
    n, p, m, y: yd, loglik: 0, loglikPerObs: new Float64Array(n), diffuseSteps: 0, nobs: 0,
    predictedState: new Float64Array(n * m), predictedCov: new Float64Array(n * m * m), predictedCovInf: new Float64Array(0),
    filteredState: new Float64Array(n * m), filteredCov: new Float64Array(n * m * m),
    nextState: new Float64Array(m), nextCov: new Float64Array(m * m), nextCovInf: new Float64Array(m * m),
    count: new Int32Array(n), index: new Int32Array(n * p), v: new Float64Array(n * p).fill(NaN), F: new Float64Array(n * p).fill(NaN),
    Finf: new Float64Array(n * p), Mstar: new Float64Array(n * p * m), Minf: new Float64Array(n * p * m), zt: new Float64Array(n * p * m),
    step: new Uint8Array(n * p),
  };

  const idx = new Int32Array(p);
  const ys = new Float64Array(p);
  const zs = new Float64Array(p * m);
  const hs = new Float64Array(p);
  const ms = new Float64Array(m);
  const mi = new Float64Array(m);
  const tmp = new Float64Array(m * m);
  let loglik = 0;
  let nobs = 0;
  const infHistory: Float64Array[] = [];

  for (let t = 0; t < n; t++) {
    if (!zhConstant && t > 0) tf.setSystem(sys.Z(t), sys.H(t));
    out.predictedState.set(a, t * m);
    out.predictedCov.set(Ps, t * m * m);
    if (diffuse) infHistory.push(Float64Array.from(Pi)); // only d of these, d ≤ m for typical models
    const k = tf.apply(yd, t * p, idx, ys, zs, hs);
    out.count[t] = k;
    nobs += k;
    let sum = k * LOG_2PI;
    for (let e = 0; e < k; e++) {
      const at = t * p + e;
      out.index[at] = idx[e];
      const zo = e * m;
      for (let j = 0; j < m; j++) out.zt[at * m + j] = zs[zo + j];
      let v = ys[e];
      let zz = 0;
      for (let j = 0; j < m; j++) {
        v -= zs[zo + j] * a[j];
        zz += zs[zo + j] * zs[zo + j];
      }
      let fs = hs[e];
      let fsScale = hs[e];
      for (let i = 0; i < m; i++) {
        let s = 0;
        for (let j = 0; j < m; j++) s += Ps[i * m + j] * zs[zo + j];
        ms[i] = s;
        fs += zs[zo + i] * s;
        fsScale += Math.abs(zs[zo + i] * s);
      }
      let fi = 0;
      if (diffuse) {
        for (let i = 0; i < m; i++) {
          let s = 0;
          for (let j = 0; j < m; j++) s += Pi[i * m + j] * zs[zo + j];
          mi[i] = s;
          fi += zs[zo + i] * s;
        }
      }
      out.v[at] = v;
      out.F[at] = fs;
      out.Finf[at] = fi;
      out.Mstar.set(ms, at * m);
      if (diffuse && fi > DIFFUSE_TOL * zz * infScale) {
        out.Minf.set(mi, at * m);
        out.step[at] = Step.Diffuse;
        // K0 = M∞/F∞; a += K0 v; P* += K0K0'F* − K0M*' − M*K0'; P∞ −= K0M∞'
        for (let i = 0; i < m; i++) a[i] += (mi[i] / fi) * v;
        for (let i = 0; i < m; i++) {
          const k0i = mi[i] / fi;
          for (let j = 0; j < m; j++) {
            const k0j = mi[j] / fi;
            Ps[i * m + j] += k0i * k0j * fs - k0i * ms[j] - ms[i] * k0j;
            Pi[i * m + j] -= k0i * mi[j];
          }
        }
        sum += Math.log(fi);
      } else if (fs > 1e-13 * fsScale && fs > 0) {
        out.step[at] = Step.Regular;
        for (let i = 0; i < m; i++) a[i] += (ms[i] / fs) * v;
        for (let i = 0; i < m; i++) {
          const ki = ms[i] / fs;
          for (let j = 0; j < m; j++) Ps[i * m + j] -= ki * ms[j];
        }
        sum += Math.log(fs) + (v * v) / fs;
      } else {
        out.step[at] = Step.Skipped;
        // zero predictive variance: an observation off the predicted value has density 0
        if (Math.abs(v) > 1e-8 * (Math.abs(ys[e]) + 1)) sum = Infinity;
      }
    }
    symmetrize(Ps, m);
    out.filteredState.set(a, t * m);
    out.filteredCov.set(Ps, t * m * m);
    out.loglikPerObs[t] = -0.5 * sum + 0; // + 0 turns −0 (no observations) into 0
    loglik += -0.5 * sum;
    if (diffuse) {
      diffuseSteps = t + 1;
      symmetrize(Pi, m);
      let maxAbs = 0;
      for (let i = 0; i < m * m; i++) maxAbs = Math.max(maxAbs, Math.abs(Pi[i]));
      if (maxAbs <= DIFFUSE_TOL * infScale) {
        Pi.fill(0);
        diffuse = false;
      }
    }
    predict(sys.T(t).data, rqrAt(t), a, Ps, diffuse ? Pi : null, m, tmp, ms);
  }
  out.nextState.set(a);
  out.nextCov.set(Ps);
  if (diffuse) out.nextCovInf.set(Pi);
  out.predictedCovInf = new Float64Array(infHistory.length * m * m);
  for (let i = 0; i < infHistory.length; i++) out.predictedCovInf.set(infHistory[i], i * m * m);
  out.loglik = loglik;
  out.nobs = nobs;
  out.diffuseSteps = diffuse ? n : diffuseSteps;
  return out;
}

/** Rows of Z (p) at t = 0, read before validation so the observations can be shaped. */
function firstRows(model: TimeVaryingModel): number {
  const Z = model?.Z;
  const z0 = typeof Z === 'function' ? Z(0) : Array.isArray(Z) ? Z[0] : (Z as Matrix | undefined);
  return z0?.rows ?? 1;
}

/** R_t Q_t R_t' by time, computed once when both R and Q are time-invariant. */
export function rqrAccessor(sys: ResolvedSystem): (t: number) => Float64Array {
  const { m, r } = sys.dims;
  if (sys.constant.R && sys.constant.Q) {
    const fixed = rqr(sys.R(0).data, sys.Q(0).data, m, r);
    return () => fixed;
  }
  return (t) => rqr(sys.R(t).data, sys.Q(t).data, m, r);
}

/** a ← T a; P ← T P T' + RQR'; P∞ ← T P∞ T' (if given). */
export function predict(T: Float64Array, RQR: Float64Array, a: Float64Array, P: Float64Array, Pinf: Float64Array | null, m: number, tmp: Float64Array, vec: Float64Array): void {
  for (let i = 0; i < m; i++) {
    let s = 0;
    for (let j = 0; j < m; j++) s += T[i * m + j] * a[j];
    vec[i] = s;
  }
  a.set(vec.subarray(0, m));
  sandwich(T, P, m, tmp);
  for (let i = 0; i < m * m; i++) P[i] += RQR[i];
  symmetrize(P, m);
  if (Pinf) {
    sandwich(T, Pinf, m, tmp);
    symmetrize(Pinf, m);
  }
}

/** P ← T P T' using tmp (m × m). */
function sandwich(T: Float64Array, P: Float64Array, m: number, tmp: Float64Array): void {
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < m; j++) {
      let s = 0;
      for (let l = 0; l < m; l++) s += T[i * m + l] * P[l * m + j];
      tmp[i * m + j] = s;
    }
  }
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < m; j++) {
      let s = 0;
      for (let l = 0; l < m; l++) s += tmp[i * m + l] * T[j * m + l];
      P[i * m + j] = s;
    }
  }
}

function symmetrize(P: Float64Array, m: number): void {
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < i; j++) {
      const s = 0.5 * (P[i * m + j] + P[j * m + i]);
      P[i * m + j] = s;
      P[j * m + i] = s;
    }
  }
}

/** R Q R' (m × m). */
export function rqr(R: Float64Array, Q: Float64Array, m: number, r: number): Float64Array {
  const out = new Float64Array(m * m);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < m; j++) {
      let s = 0;
      for (let a = 0; a < r; a++) {
        const ria = R[i * r + a];
        if (ria === 0) continue;
        for (let b = 0; b < r; b++) s += ria * Q[a * r + b] * R[j * r + b];
      }
      out[i * m + j] = s;
    }
  }
  return out;
}
