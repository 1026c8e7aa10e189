import { type Matrix } from '@modelbus/math-linalg';
import { Rng } from '@modelbus/math-stats';
import { kalmanFilter } from './kalman-filter';
import { type SmootherResult, kalmanSmoother } from './smoother';
import { type StateInit, type TimeVaryingModel, resolveSystem, toObservations } from './state-space';
import { checkInteger } from './validate';

/** Upper bound on the number of draws of one call (each draw holds n·(m + p + r) numbers). */
export const MAX_SIMULATION_DRAWS = 100_000;

export interface SimulationSmootherOptions {
  /** Number of independent draws from p(α | y) (1..MAX_SIMULATION_DRAWS). */
  draws: number;
  /** Seed of the Gaussian variates (required: the draws are reproducible). */
  seed: number;
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
  /** The smoothed moments of the data (α̂, V, ε̂, η̂): the draws' means and variances. */
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
 * The filter gains do not depend on the data, but each draw re-runs kalmanFilter + kalmanSmoother
 * on y⁺ (one set of arrays per draw; the simulation itself allocates nothing per time step).
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
  const out: SimulationSmootherResult = { n, p, m, r, states: [], obsDisturbances: [], stateDisturbances: [], smoothed };

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
    const sp = kalmanSmoother(model, kalmanFilter(model, init, yPlus));
    out.states.push(combine(smoothed.smoothedState, aPlus, sp.smoothedState));
    out.obsDisturbances.push(combine(smoothed.smoothedObsDisturbance, ePlus, sp.smoothedObsDisturbance));
    out.stateDisturbances.push(combine(smoothed.smoothedStateDisturbance, hPlus, sp.smoothedStateDisturbance));
  }
  return out;
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
