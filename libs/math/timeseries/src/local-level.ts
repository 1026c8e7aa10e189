import { InvalidArgumentError } from '@modelbus/math-linalg';
import { type StateInit, type StateSpaceModel, diffuseInit } from './state-space';
import { checkFinite, toSeries } from './validate';

const LOG_2PI = Math.log(2 * Math.PI);

function checkVariance(v: number, field: string): number {
  checkFinite(v, field);
  if (v < 0) throw new InvalidArgumentError(field, `must be ≥ 0, got ${v}`);
  return v;
}

/**
 * Local level model y_t = μ_t + ε_t, μ_{t+1} = μ_t + η_t, ε ~ N(0, σ²_ε), η ~ N(0, σ²_η),
 * μ_1 diffuse, as a general state space model (Durbin & Koopman 2012 ch. 2).
 */
export function localLevelModel(sigma2Eps: number, sigma2Eta: number): { model: StateSpaceModel; init: StateInit } {
  checkVariance(sigma2Eps, 'sigma2Eps');
  checkVariance(sigma2Eta, 'sigma2Eta');
  const one = (v: number) => ({ rows: 1, cols: 1, data: Float64Array.of(v) });
  return { model: { Z: one(1), H: one(sigma2Eps), T: one(1), R: one(1), Q: one(sigma2Eta) }, init: diffuseInit(1) };
}

/** Relative change of P_t below which the filter is in its steady state (a few ulps). */
const STEADY_TOL = 4 * Number.EPSILON;

/**
 * Fast scalar path: exact-diffuse loglik of the local level model (all constants; NaN = missing).
 * The first observed y fixes the level: F_∞ = 1 contributes log 1 = 0, i.e. only −½ log 2π
 * (D&K 2012 §2.10, §5.2). Once P_t stops changing (to a few ulps: it converges geometrically to
 * the Riccati fixed point), F and K are constant, so the loop only updates a_t and Σv² and counts
 * the log F terms (the "fast" recursion of R's KalmanLike); a missing value leaves that loop.
 * No allocation, so it suits optimiser inner loops. Inputs must be validated by the caller (see
 * localLevelLoglik for the checked entry point).
 */
export function localLevelLoglikUnchecked(y: Float64Array, sigma2Eps: number, sigma2Eta: number): number {
  const n = y.length;
  let a = 0;
  let P = 0; // P_*
  let diffuse = true;
  let ll = 0;
  let t = 0;
  while (t < n) {
    const yt = y[t++];
    if (Number.isNaN(yt)) {
      P += sigma2Eta;
      continue;
    }
    ll -= 0.5 * LOG_2PI;
    if (diffuse) {
      a = yt;
      P = sigma2Eps + sigma2Eta;
      diffuse = false;
      continue;
    }
    const F = P + sigma2Eps;
    const v = yt - a;
    if (!(F > 0)) {
      if (v !== 0) return -Infinity;
      P += sigma2Eta;
      continue;
    }
    const K = P / F;
    a += K * v;
    const Pnext = P * (1 - K) + sigma2Eta;
    ll -= 0.5 * (Math.log(F) + (v * v) / F);
    const steady = Math.abs(Pnext - P) <= STEADY_TOL * P;
    P = Pnext;
    if (!steady) continue;
    // steady state: F, K fixed until the next missing value
    const Fs = P + sigma2Eps;
    const Ks = P / Fs;
    let sumV2 = 0;
    let count = 0;
    while (t < n) {
      const ys = y[t];
      if (ys !== ys) break; // NaN: back to the general loop
      const vs = ys - a;
      a += Ks * vs;
      sumV2 += vs * vs;
      count++;
      t++;
    }
    ll -= 0.5 * (count * (LOG_2PI + Math.log(Fs)) + sumV2 / Fs);
  }
  return ll;
}

/** Exact-diffuse loglik of the local level model (validated). */
export function localLevelLoglik(y: number[] | Float64Array, sigma2Eps: number, sigma2Eta: number): number {
  const data = toSeries(y, 'y', true, 1);
  checkVariance(sigma2Eps, 'sigma2Eps');
  checkVariance(sigma2Eta, 'sigma2Eta');
  return localLevelLoglikUnchecked(data, sigma2Eps, sigma2Eta);
}
