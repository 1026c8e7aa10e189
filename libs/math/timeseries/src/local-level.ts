import { InvalidArgumentError } from '@modelbus/math-linalg';
import * as core from './filter-core';
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

/** Relative change of P_t (and of dP/dσ² in the gradient pass) below which the filter is in its steady state (module-local copies: hot loops). */
const STEADY_TOL = core.SCALAR_STEADY_TOL;
const DERIV_STEADY_TOL = core.SCALAR_DERIV_STEADY_TOL;

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

/**
 * localLevelLoglikUnchecked and its exact gradient [∂ℓ/∂σ²_ε, ∂ℓ/∂σ²_η] (into grad), by forward
 * differentiation of the scalar recursion: with F = P + σ²_ε, K = P/F, P' = Pσ²_ε/F + σ²_η,
 *   dF = dP + [d σ²_ε],  dK = (dP − K dF)/F,  da' = (1 − K) da + v dK,
 *   dP' = (dP σ²_ε + P [dσ²_ε])/F − P σ²_ε dF/F² + [dσ²_η],
 *   dℓ_t = −½ (dF/F − 2v da/F − v² dF/F²).
 * Once P and its derivatives stop changing the steady-state loop only updates a, da and three sums.
 * One pass costs about two loglik evaluations, instead of the four more of central differences.
 */
export function localLevelLoglikGradUnchecked(y: Float64Array, sigma2Eps: number, sigma2Eta: number, grad: Float64Array): number {
  const n = y.length;
  const se = sigma2Eps;
  const sn = sigma2Eta;
  let a = 0;
  let P = 0;
  let daE = 0;
  let daH = 0;
  let dPE = 0;
  let dPH = 0;
  let diffuse = true;
  let ll = 0;
  let gE = 0;
  let gH = 0;
  let t = 0;
  while (t < n) {
    const yt = y[t++];
    if (Number.isNaN(yt)) {
      P += sn;
      dPH += 1;
      continue;
    }
    ll -= 0.5 * LOG_2PI;
    if (diffuse) {
      a = yt;
      P = se + sn;
      dPE = 1;
      dPH = 1;
      diffuse = false;
      continue;
    }
    const F = P + se;
    const v = yt - a;
    if (!(F > 0)) {
      if (v !== 0) {
        grad[0] = NaN;
        grad[1] = NaN;
        return -Infinity;
      }
      P += sn;
      dPH += 1;
      continue;
    }
    // one division per step (the rest multiplies by 1/F): this loop runs until P and dP settle
    const iF = 1 / F;
    const K = P * iF;
    const dFE = dPE + 1;
    const dFH = dPH;
    const dKE = (dPE - K * dFE) * iF;
    const dKH = (dPH - K * dFH) * iF;
    const v2F = v * v * iF;
    ll -= 0.5 * (Math.log(F) + v2F);
    // dℓ_t = −½ (dF/F − 2v da/F − v² dF/F²) = ½ (v²/F − 1) dF/F + v da/F
    const h = 0.5 * (v2F - 1) * iF;
    const vF = v * iF;
    gE += h * dFE + vF * daE;
    gH += h * dFH + vF * daH;
    a += K * v;
    daE = (1 - K) * daE + v * dKE;
    daH = (1 - K) * daH + v * dKH;
    // P' = P σ²ε/F + σ²η and its derivatives (P σ²ε/F² = K σ²ε/F)
    const Pse = K * se;
    const Pn = Pse + sn;
    const dPEn = (dPE * se + P) * iF - Pse * dFE * iF;
    const dPHn = dPH * se * iF - Pse * dFH * iF + 1;
    const steady =
      Math.abs(Pn - P) <= STEADY_TOL * P && Math.abs(dPEn - dPE) <= DERIV_STEADY_TOL * Math.abs(dPEn) && Math.abs(dPHn - dPH) <= DERIV_STEADY_TOL * Math.abs(dPHn);
    P = Pn;
    dPE = dPEn;
    dPH = dPHn;
    if (!steady) continue;
    // steady state: F, K and their derivatives fixed until the next missing value
    const Fs = P + se;
    const Ks = P / Fs;
    const dFEs = dPE + 1;
    const dFHs = dPH;
    const dKEs = (dPE - Ks * dFEs) / Fs;
    const dKHs = (dPH - Ks * dFHs) / Fs;
    let sumV2 = 0;
    let sumVdaE = 0;
    let sumVdaH = 0;
    let count = 0;
    while (t < n) {
      const ys = y[t];
      if (ys !== ys) break;
      const vs = ys - a;
      sumV2 += vs * vs;
      sumVdaE += vs * daE;
      sumVdaH += vs * daH;
      a += Ks * vs;
      daE = (1 - Ks) * daE + vs * dKEs;
      daH = (1 - Ks) * daH + vs * dKHs;
      count++;
      t++;
    }
    ll -= 0.5 * (count * (LOG_2PI + Math.log(Fs)) + sumV2 / Fs);
    gE -= 0.5 * ((count * dFEs) / Fs - (2 * sumVdaE) / Fs - (sumV2 * dFEs) / (Fs * Fs));
    gH -= 0.5 * ((count * dFHs) / Fs - (2 * sumVdaH) / Fs - (sumV2 * dFHs) / (Fs * Fs));
  }
  grad[0] = gE;
  grad[1] = gH;
  return ll;
}
