// ts.kalman.filter / ts.kalman.smooth with a general state space model (worker side, typed arrays only).
import { InvalidArgumentError, eig, type Matrix } from '@modelbus/math-linalg';
import {
  type StateInit, type SystemMatrix, type TimeVaryingModel, isPositiveSemidefinite, kalmanFilter, kalmanSmoother, rqr, simulationSmoother, solveDiscreteLyapunov,
} from '@modelbus/math-timeseries';
import { renamed } from './fit-ops';

/** Field names of the quick calls' input in error messages. */
export const VALUES = { values: 'values', period: 'period' };

/** count matrices of rows × cols, back to back row-major (count 1 = time-invariant). */
export interface PackedMatrices {
  rows: number;
  cols: number;
  count: number;
  data: Float64Array;
}

export type Covariances = 'full' | 'diagonal' | 'none';

export interface StateSpaceArgs {
  /** n × p row-major, NaN = missing. */
  values: Float64Array;
  n: number;
  p: number;
  model: Record<'Z' | 'H' | 'T' | 'R' | 'Q', PackedMatrices>;
  init: { kind: 'diffuse' | 'known' | 'stationary'; a1?: Float64Array; P1?: Float64Array; diffuseStates?: number[] };
  covariances: Covariances;
  smooth: boolean;
  /** With smooth: draws from p(α | y) by the simulation smoother (D&K 2002); with disturbances also ε̃ and η̃. */
  simulate?: { draws: number; seed: number; disturbances?: boolean };
}

/** One Matrix (time-invariant) or an array of views, one per time point. */
function unpack(x: PackedMatrices): SystemMatrix {
  const size = x.rows * x.cols;
  const at = (k: number): Matrix => ({ rows: x.rows, cols: x.cols, data: x.data.subarray(k * size, (k + 1) * size) });
  if (x.count === 1) return at(0);
  return Array.from({ length: x.count }, (_, k) => at(k));
}

/** Spectral radius of T by its eigenvalues (general real matrix). */
function spectralRadius(T: Matrix): number {
  const e = eig(T);
  let rho = 0;
  for (let i = 0; i < T.rows; i++) rho = Math.max(rho, Math.hypot(e.valuesRe[i], e.valuesIm[i]));
  return rho;
}

/** The initial state from the request's init (shapes and symmetry were checked at the edge; PSD and stationarity here). */
export function buildInit(a: StateSpaceArgs, model: TimeVaryingModel): StateInit {
  const m = a.model.T.rows;
  const r = a.model.R.cols;
  const a1 = a.init.a1 ? Float64Array.from(a.init.a1) : new Float64Array(m);
  const Pinf = new Float64Array(m * m);
  let Pstar: Float64Array = a.init.P1 ? Float64Array.from(a.init.P1) : new Float64Array(m * m);
  if (a.init.P1 && !isPositiveSemidefinite(Pstar, m)) throw new InvalidArgumentError('init.P1', 'must be positive semidefinite');
  if (a.init.kind === 'diffuse') {
    for (const i of a.init.diffuseStates ?? Array.from({ length: m }, (_, k) => k)) Pinf[i * m + i] = 1;
  } else if (a.init.kind === 'stationary') {
    const T = model.T as Matrix;
    const rho = spectralRadius(T);
    // a margin above rounding: a unit root computed as 1 − 1e-15 must not pass
    if (!(rho < 1 - 1e-10)) {
      throw new InvalidArgumentError('init.kind', `'stationary' needs every eigenvalue of T strictly inside the unit circle (spectral radius ${rho}); use 'diffuse' for non-stationary states`);
    }
    Pstar = solveDiscreteLyapunov(T.data, rqr((model.R as Matrix).data, (model.Q as Matrix).data, m, r), m);
  }
  return { a1, Pstar: { rows: m, cols: m, data: Pstar }, Pinf: { rows: m, cols: m, data: Pinf } };
}

/** The diagonals of count k × k matrices stored back to back. */
function diagonals(x: Float64Array, count: number, k: number): Float64Array {
  const out = new Float64Array(count * k);
  for (let t = 0; t < count; t++) for (let i = 0; i < k; i++) out[t * k + i] = x[(t * k + i) * k + i];
  return out;
}

/** k × k covariances per time as asked: all, their diagonals, or none (undefined). */
function covs(x: Float64Array, count: number, k: number, how: Covariances): Float64Array | undefined {
  if (how === 'none') return undefined;
  return how === 'full' ? x : diagonals(x, count, k);
}

/**
 * v_t = y_t − Z_t a_t (NaN where y is missing) and F_t = Z_t P_t Z_t' + H_t in the original coordinates (the filter
 * works on transformed scalar elements, whose v and F differ from these when p > 1). P_t is P_{*,t} in the diffuse phase.
 */
function innovations(model: TimeVaryingModel, y: Float64Array, a: Float64Array, P: Float64Array, n: number, p: number, m: number): { v: Float64Array; F: Float64Array } {
  const v = new Float64Array(n * p);
  const F = new Float64Array(n * p * p);
  const ZP = new Float64Array(p * m);
  const get = (x: SystemMatrix, t: number): Float64Array => (Array.isArray(x) ? x[t] : (x as Matrix)).data;
  for (let t = 0; t < n; t++) {
    const Z = get(model.Z, t);
    const H = get(model.H, t);
    const Pt = P.subarray(t * m * m, (t + 1) * m * m);
    for (let i = 0; i < p; i++) {
      let s = y[t * p + i];
      for (let j = 0; j < m; j++) s -= Z[i * m + j] * a[t * m + j];
      v[t * p + i] = s; // NaN stays NaN
      for (let j = 0; j < m; j++) {
        let u = 0;
        for (let l = 0; l < m; l++) u += Z[i * m + l] * Pt[l * m + j];
        ZP[i * m + j] = u;
      }
    }
    for (let i = 0; i < p; i++) {
      for (let k = 0; k < p; k++) {
        let s = H[i * p + k];
        for (let j = 0; j < m; j++) s += ZP[i * m + j] * Z[k * m + j];
        F[(t * p + i) * p + k] = s;
      }
    }
  }
  return { v, F };
}

/**
 * Kalman filter (and with smooth, the state and disturbance smoother) of a general, possibly time-varying model.
 * Arrays are flat row-major by time; covariance arrays follow `covariances`.
 */
export function stateSpaceKalmanOp(a: StateSpaceArgs) {
  const model: TimeVaryingModel = { Z: unpack(a.model.Z), H: unpack(a.model.H), T: unpack(a.model.T), R: unpack(a.model.R), Q: unpack(a.model.Q) };
  const { n, p } = a;
  const m = a.model.T.rows;
  const r = a.model.R.cols;
  const init = buildInit(a, model);
  const y = { rows: n, cols: p, data: a.values };
  // the smoother refuses data that leave the initial state diffuse: its message names `y`, the request's `values`
  const simulate = a.smooth ? a.simulate : undefined;
  const sim = simulate ? renamed(VALUES, () => simulationSmoother(model, init, y, { draws: simulate.draws, seed: simulate.seed })) : undefined;
  const f = sim ? sim.filtered : kalmanFilter(model, init, y);
  const { v, F } = innovations(model, f.y, f.predictedState, f.predictedCov, n, p, m);
  const common = { n, p, m, r, v, F: covs(F, n, p, a.covariances), loglik: f.loglik, nobs: f.nobs, diffuseSteps: f.diffuseSteps };
  if (!a.smooth) {
    return {
      ...common,
      predictedState: f.predictedState, predictedCov: covs(f.predictedCov, n, m, a.covariances),
      predictedCovInf: covs(f.predictedCovInf, f.diffuseSteps, m, a.covariances),
      filteredState: f.filteredState, filteredCov: covs(f.filteredCov, n, m, a.covariances),
    };
  }
  const s = sim ? sim.smoothed : renamed(VALUES, () => kalmanSmoother(model, f));
  const draws = sim && {
    simulatedStates: backToBack(sim.states, n * m),
    ...(simulate?.disturbances ? { simulatedObsDisturbances: backToBack(sim.obsDisturbances, n * p), simulatedStateDisturbances: backToBack(sim.stateDisturbances, n * r) } : {}),
  };
  return {
    ...common,
    smoothedState: s.smoothedState, smoothedCov: covs(s.smoothedCov, n, m, a.covariances),
    smoothedObsDisturbance: s.smoothedObsDisturbance, smoothedObsDisturbanceVar: s.smoothedObsDisturbanceVar,
    smoothedStateDisturbance: s.smoothedStateDisturbance, smoothedStateDisturbanceCov: covs(s.smoothedStateDisturbanceCov, n, r, a.covariances),
    ...draws,
  };
}

/** Draws of `size` numbers each, back to back ([draw][t][i]): one transferable array. */
function backToBack(draws: Float64Array[], size: number): Float64Array {
  const out = new Float64Array(draws.length * size);
  draws.forEach((d, k) => out.set(d, k * size));
  return out;
}
