import { type Matrix } from '@modelbus/math-linalg';
import { Rng } from '@modelbus/math-stats';
import { type KalmanFilterResult, Step, kalmanFilter } from './kalman-filter';
import { ObservationTransform } from './observation-transform';
import { type SmootherResult, kalmanSmoother, transposeTimesVec } from './smoother';
import { type ResolvedSystem, type StateInit, type TimeVaryingModel, resolveSystem } from './state-space';
import { checkInteger } from './validate';

/** Upper bound on the number of draws of one call (each draw holds n·(m + p + r) numbers). */
export const MAX_SIMULATION_DRAWS = 100_000;

export interface SimulationSmootherOptions {
  /** Number of independent draws from p(α | y) (1..MAX_SIMULATION_DRAWS). */
  draws: number;
  /** Seed of the Gaussian variates (required: the draws are reproducible). */
  seed: number;
  /**
   * Re-run the full kalmanFilter + kalmanSmoother on every y⁺ (the reference path, O(n·m³) per draw) instead of the
   * mean-only recursions with the data's gains (O(n·m·(m + p + r)) per draw). Same draws up to rounding.
   */
  fullSmoother?: boolean;
}

export interface SimulationSmootherResult {
  n: number;
  p: number;
  m: number;
  r: number;
  /** Per draw: α̃ ~ p(α | y), n × m row-major. */
  states: Float64Array[];
  /** Per draw: ε̃ ~ p(ε | y), n × p (missing entries included: drawn from their conditional). */
  obsDisturbances: Float64Array[];
  /** Per draw: η̃ ~ p(η | y), n × r (η_n affects no observation, so its draw is from N(0, Q_n)). */
  stateDisturbances: Float64Array[];
  /** The filter of the data (loglik, innovations, …) and its smoothed moments (α̂, V, ε̂, η̂: the draws' means and variances). */
  filtered: KalmanFilterResult;
  smoothed: SmootherResult;
}

/**
 * Simulation smoother of Durbin & Koopman (2002), "A simple and efficient simulation smoother":
 * draw (α⁺, ε⁺, η⁺, y⁺) from the model, smooth y⁺ (with the missing pattern of y) to α̂⁺, ε̂⁺, η̂⁺
 * and return α̃ = α̂ + α⁺ − α̂⁺ (likewise ε̃, η̃). α⁺ − α̂⁺ is the smoothing error of a sample from the
 * model, distributed N(0, V_t) and independent of y, so α̃ ~ N(α̂, V) = p(α | y) exactly (jointly
 * over t). Works for every model kalmanFilter accepts (time-varying matrices, exact diffuse
 * initialisation, NaN = missing, partially missing rows).
 *
 * Diffuse states: the diffuse part of α⁺_1 is drawn as 0. The exact diffuse smoother treats the
 * diffuse directions of α_1 as fixed unknowns estimated by GLS, so it is equivariant: adding δ in
 * span(P_∞) to α⁺_1 moves α⁺_t and α̂⁺_t by the same Φ_t δ (and ε̂⁺, η̂⁺ not at all). The difference
 * α⁺ − α̂⁺ therefore does not depend on that part, and any value — 0 — gives the right distribution.
 *
 * Per draw, by linearity: α̂ − α̂⁺ is the smoothed mean of the data y − y⁺ with a_1 = 0 (the smoother is
 * affine in (y, a_1)), and the filter's gains, F, P_t and step kinds depend only on the model and the
 * missing pattern, not on the values. So each draw runs only the mean recursions (a_t forward, r⁽⁰⁾, r⁽¹⁾
 * backward) with the data's gains, in preallocated buffers. Observed ε̃ follow from y = Zα̃ + ε̃
 * (exact), missing ones equal ε⁺ when H does not couple them to observed entries (their conditional
 * law does not involve y); with coupled missing entries (non-diagonal H, partly missing rows) or
 * `fullSmoother`, each draw re-runs kalmanFilter + kalmanSmoother on y⁺ instead.
 */
export function simulationSmoother(
  model: TimeVaryingModel,
  init: StateInit,
  y: Matrix | number[] | Float64Array,
  options: SimulationSmootherOptions,
): SimulationSmootherResult {
  const draws = checkInteger(options?.draws, 'draws', 1, MAX_SIMULATION_DRAWS);
  const seed = checkInteger(options?.seed, 'seed', -(2 ** 31), 2 ** 32 - 1);
  const f = kalmanFilter(model, init, y);
  const smoothed = kalmanSmoother(model, f);
  const { n, p, m } = f;
  const sys = resolveSystem(model, init, n);
  const r = sys.dims.r;
  const rng = new Rng(seed);

  // factors of the covariances: P_* once, H and Q once when constant, else per t into these buffers
  const LP = new Float64Array(m * m);
  psdCholesky(init.Pstar.data, m, LP);
  const LH = new Float64Array(p * p);
  const LQ = new Float64Array(r * r);
  if (sys.constant.H) psdCholesky(sys.H(0).data, p, LH);
  if (sys.constant.Q) psdCholesky(sys.Q(0).data, r, LQ);

  const aPlus = new Float64Array(n * m);
  const ePlus = new Float64Array(n * p);
  const hPlus = new Float64Array(n * r);
  const yPlus: Matrix = { rows: n, cols: p, data: new Float64Array(n * p) };
  const u = new Float64Array(Math.max(m, p, r));
  const next = new Float64Array(m);
  const fast = options.fullSmoother !== true && !coupledMissing(sys, f) ? new MeanSmoother(sys, f) : null;
  const w = new Float64Array(n * p);
  const out: SimulationSmootherResult = { n, p, m, r, states: [], obsDisturbances: [], stateDisturbances: [], filtered: f, smoothed };

  for (let d = 0; d < draws; d++) {
    // α⁺_1 = a_1 + L_* u (diffuse part 0, see above)
    drawCorrelated(rng, LP, m, u, aPlus, 0);
    for (let i = 0; i < m; i++) aPlus[i] += init.a1[i];
    for (let t = 0; t < n; t++) {
      const Z = sys.Z(t).data;
      if (!sys.constant.H) psdCholesky(sys.H(t).data, p, LH);
      drawCorrelated(rng, LH, p, u, ePlus, t * p);
      for (let i = 0; i < p; i++) {
        let s = ePlus[t * p + i];
        for (let j = 0; j < m; j++) s += Z[i * m + j] * aPlus[t * m + j];
        yPlus.data[t * p + i] = Number.isNaN(f.y[t * p + i]) ? NaN : s;
      }
      if (!sys.constant.Q) psdCholesky(sys.Q(t).data, r, LQ);
      drawCorrelated(rng, LQ, r, u, hPlus, t * r);
      if (t + 1 < n) {
        const T = sys.T(t).data;
        const R = sys.R(t).data;
        for (let i = 0; i < m; i++) {
          let s = 0;
          for (let j = 0; j < m; j++) s += T[i * m + j] * aPlus[t * m + j];
          for (let j = 0; j < r; j++) s += R[i * r + j] * hPlus[t * r + j];
          next[i] = s;
        }
        aPlus.set(next, (t + 1) * m);
      }
    }
    if (fast) {
      for (let i = 0; i < n * p; i++) w[i] = f.y[i] - yPlus.data[i]; // NaN where missing
      fast.run(w);
      const states = new Float64Array(n * m);
      const eta = new Float64Array(n * r);
      for (let i = 0; i < n * m; i++) states[i] = aPlus[i] + fast.state[i];
      for (let i = 0; i < n * r; i++) eta[i] = hPlus[i] + fast.eta[i];
      out.states.push(states);
      out.obsDisturbances.push(observationDraws(sys, f.y, states, ePlus, n, p, m));
      out.stateDisturbances.push(eta);
    } else {
      const sp = kalmanSmoother(model, kalmanFilter(model, init, yPlus));
      out.states.push(combine(smoothed.smoothedState, aPlus, sp.smoothedState));
      out.obsDisturbances.push(combine(smoothed.smoothedObsDisturbance, ePlus, sp.smoothedObsDisturbance));
      out.stateDisturbances.push(combine(smoothed.smoothedStateDisturbance, hPlus, sp.smoothedStateDisturbance));
    }
  }
  return out;
}

/** Whether some time point has a missing entry that H_t correlates with an observed one (then E[ε_M | y] ≠ 0). */
function coupledMissing(sys: ResolvedSystem, f: KalmanFilterResult): boolean {
  const { n, p, y } = f;
  for (let t = 0; t < n; t++) {
    const H = sys.H(t).data;
    for (let i = 0; i < p; i++) {
      if (!Number.isNaN(y[t * p + i])) continue;
      for (let j = 0; j < p; j++) if (!Number.isNaN(y[t * p + j]) && H[i * p + j] !== 0) return true;
    }
  }
  return false;
}

/** ε̃_t = y_t − Z_t α̃_t where observed; ε⁺_t where missing (uncoupled: independent of y). */
function observationDraws(sys: ResolvedSystem, y: Float64Array, states: Float64Array, ePlus: Float64Array, n: number, p: number, m: number): Float64Array {
  const out = new Float64Array(n * p);
  for (let t = 0; t < n; t++) {
    const Z = sys.Z(t).data;
    for (let i = 0; i < p; i++) {
      const yi = y[t * p + i];
      if (Number.isNaN(yi)) {
        out[t * p + i] = ePlus[t * p + i];
        continue;
      }
      let s = yi;
      for (let j = 0; j < m; j++) s -= Z[i * m + j] * states[t * m + j];
      out[t * p + i] = s;
    }
  }
  return out;
}

/**
 * E[α | w] and E[η | w] for data w with a_1 = 0, reusing the gains of a filter run with the same
 * missing pattern (the recursions of kalmanFilter / kalmanSmoother without their covariance parts).
 */
class MeanSmoother {
  readonly state: Float64Array; // n × m
  readonly eta: Float64Array; // n × r
  private readonly v: Float64Array; // n × p, per transformed element
  private readonly tf: ObservationTransform;
  private readonly idx: Int32Array;
  private readonly ys: Float64Array;
  private readonly zs: Float64Array;
  private readonly hs: Float64Array;
  private readonly a: Float64Array;
  private readonly r0: Float64Array;
  private readonly r1: Float64Array;
  private readonly tmp: Float64Array;
  private readonly ur: Float64Array;

  constructor(private readonly sys: ResolvedSystem, private readonly f: KalmanFilterResult) {
    const { n, p, m } = f;
    const r = sys.dims.r;
    this.state = new Float64Array(n * m);
    this.eta = new Float64Array(n * r);
    this.v = new Float64Array(n * p);
    this.tf = new ObservationTransform(sys.Z(0), sys.H(0));
    this.idx = new Int32Array(p);
    this.ys = new Float64Array(p);
    this.zs = new Float64Array(p * m);
    this.hs = new Float64Array(p);
    this.a = new Float64Array(m);
    this.r0 = new Float64Array(m);
    this.r1 = new Float64Array(m);
    this.tmp = new Float64Array(m);
    this.ur = new Float64Array(r);
  }

  run(w: Float64Array): void {
    const { sys, f, a, r0, r1, tmp } = this;
    const { n, p, m } = f;
    const r = sys.dims.r;
    const zh = sys.constant.Z && sys.constant.H;
    // forward: predicted a_t (into state) and the innovations, with the stored gains
    a.fill(0);
    for (let t = 0; t < n; t++) {
      if (!zh) this.tf.setSystem(sys.Z(t), sys.H(t));
      this.state.set(a, t * m);
      const k = this.tf.apply(w, t * p, this.idx, this.ys, this.zs, this.hs);
      for (let e = 0; e < k; e++) {
        const at = t * p + e;
        let v = this.ys[e];
        for (let j = 0; j < m; j++) v -= f.zt[at * m + j] * a[j];
        this.v[at] = v;
        const kind = f.step[at];
        if (kind === Step.Regular) for (let i = 0; i < m; i++) a[i] += (f.Mstar[at * m + i] / f.F[at]) * v;
        else if (kind === Step.Diffuse) for (let i = 0; i < m; i++) a[i] += (f.Minf[at * m + i] / f.Finf[at]) * v;
      }
      const T = sys.T(t).data;
      for (let i = 0; i < m; i++) {
        let s = 0;
        for (let j = 0; j < m; j++) s += T[i * m + j] * a[j];
        tmp[i] = s;
      }
      a.set(tmp);
    }
    // backward: r⁽⁰⁾, r⁽¹⁾ as in kalmanSmoother; α̂_t = a_t + P_* r⁽⁰⁾ + P_∞ r⁽¹⁾, η̂_t = Q R' r_t
    r0.fill(0);
    r1.fill(0);
    for (let t = n - 1; t >= 0; t--) {
      const diffuse = t < f.diffuseSteps;
      const R = sys.R(t).data;
      const Q = sys.Q(t).data;
      for (let b = 0; b < r; b++) {
        let s = 0;
        for (let j = 0; j < m; j++) s += R[j * r + b] * r0[j];
        this.ur[b] = s;
      }
      for (let c = 0; c < r; c++) {
        let s = 0;
        for (let b = 0; b < r; b++) s += Q[c * r + b] * this.ur[b];
        this.eta[t * r + c] = s;
      }
      if (t < n - 1) {
        const T = sys.T(t).data;
        transposeTimesVec(T, r0, m, tmp);
        if (diffuse) transposeTimesVec(T, r1, m, tmp);
      }
      for (let e = f.count[t] - 1; e >= 0; e--) {
        const at = t * p + e;
        const kind = f.step[at];
        if (kind === Step.Skipped) continue;
        const v = this.v[at];
        const zo = at * m;
        if (kind === Step.Regular) {
          const F = f.F[at];
          let kr0 = 0;
          let kr1 = 0;
          for (let i = 0; i < m; i++) {
            kr0 += f.Mstar[zo + i] * r0[i];
            kr1 += f.Mstar[zo + i] * r1[i];
          }
          // r ← L'r + z v/F with L = I − K z', K = M*/F (the r⁽¹⁾ part cannot move a mean: P_∞ z = 0 at a
          // regular step, so it is kept only to mirror kalmanSmoother)
          const c0 = v / F - kr0 / F;
          const c1 = -kr1 / F;
          for (let i = 0; i < m; i++) {
            r0[i] += c0 * f.zt[zo + i];
            if (diffuse) r1[i] += c1 * f.zt[zo + i];
          }
        } else {
          const Fi = f.Finf[at];
          const Fs = f.F[at];
          let k0r0 = 0;
          let k0r1 = 0;
          let k1r0 = 0;
          for (let i = 0; i < m; i++) {
            const k0 = f.Minf[zo + i] / Fi;
            k0r0 += k0 * r0[i];
            k0r1 += k0 * r1[i];
            k1r0 += (f.Mstar[zo + i] / Fi - (f.Minf[zo + i] * Fs) / (Fi * Fi)) * r0[i];
          }
          // r⁽¹⁾ ← z (v/F∞ − K1'r⁽⁰⁾) + L0'r⁽¹⁾;  r⁽⁰⁾ ← L0'r⁽⁰⁾  (K0 = M∞/F∞, K1 = M*/F∞ − M∞F*/F∞²)
          for (let i = 0; i < m; i++) {
            r1[i] += (v / Fi - k1r0 - k0r1) * f.zt[zo + i];
            r0[i] -= k0r0 * f.zt[zo + i];
          }
        }
      }
      const Ps = f.predictedCov;
      const Pi = f.predictedCovInf;
      const o = t * m * m;
      for (let i = 0; i < m; i++) {
        let s = this.state[t * m + i];
        for (let j = 0; j < m; j++) s += Ps[o + i * m + j] * r0[j] + (diffuse ? Pi[o + i * m + j] * r1[j] : 0);
        this.state[t * m + i] = s;
      }
    }
  }
}

/** hat + plus − hatPlus (a new array). */
function combine(hat: Float64Array, plus: Float64Array, hatPlus: Float64Array): Float64Array {
  const out = new Float64Array(hat.length);
  for (let i = 0; i < out.length; i++) out[i] = hat[i] + plus[i] - hatPlus[i];
  return out;
}

/** out[off..off+k) = L u with u ~ N(0, I_k): a draw from N(0, LL'). */
function drawCorrelated(rng: Rng, L: Float64Array, k: number, u: Float64Array, out: Float64Array, off: number): void {
  for (let i = 0; i < k; i++) u[i] = rng.normal();
  for (let i = 0; i < k; i++) {
    let s = 0;
    for (let j = 0; j <= i; j++) s += L[i * k + j] * u[j];
    out[off + i] = s;
  }
}

/**
 * Lower L with LL' = A for a symmetric positive semidefinite k × k A (validated upstream): a pivot
 * ≤ 1e-12·max diag gives a zero column, so singular covariances (a zero variance, a state with no
 * disturbance of its own) are fine.
 */
function psdCholesky(A: Float64Array, k: number, L: Float64Array): void {
  let scale = 0;
  for (let i = 0; i < k; i++) scale = Math.max(scale, A[i * k + i]);
  const tol = 1e-12 * scale;
  L.fill(0);
  for (let j = 0; j < k; j++) {
    let dj = A[j * k + j];
    for (let l = 0; l < j; l++) dj -= L[j * k + l] * L[j * k + l];
    if (!(dj > tol)) continue;
    const ljj = Math.sqrt(dj);
    L[j * k + j] = ljj;
    for (let i = j + 1; i < k; i++) {
      let s = A[i * k + j];
      for (let l = 0; l < j; l++) s -= L[i * k + l] * L[j * k + l];
      L[i * k + j] = s / ljj;
    }
  }
}
