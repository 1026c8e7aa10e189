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

/**
 * Fast scalar path: exact-diffuse loglik of the local level model (all constants; NaN = missing).
 * The first observed y fixes the level: F_∞ = 1 contributes log 1 = 0, i.e. only −½ log 2π
 * (D&K 2012 §2.10, §5.2). No allocation, so it suits optimiser inner loops. Inputs must be
 * validated by the caller (see localLevelLoglik for the checked entry point).
 */
export function localLevelLoglikUnchecked(y: Float64Array, sigma2Eps: number, sigma2Eta: number): number {
  let a = 0;
  let P = 0; // P_*
  let diffuse = true;
  let ll = 0;
  for (let t = 0; t < y.length; t++) {
    const yt = y[t];
    if (!Number.isNaN(yt)) {
      ll -= 0.5 * LOG_2PI;
      if (diffuse) {
        a = yt;
        P = sigma2Eps;
        diffuse = false;
      } else {
        const F = P + sigma2Eps;
        const v = yt - a;
        if (F > 0) {
          const K = P / F;
          a += K * v;
          P = P * (1 - K);
          ll -= 0.5 * (Math.log(F) + (v * v) / F);
        } else if (v !== 0) {
          return -Infinity;
        }
      }
    }
    P += sigma2Eta;
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
