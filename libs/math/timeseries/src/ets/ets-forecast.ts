import { Rng } from '@modelbus/math-stats';
import { type FittedModel, type IntervalForecast } from '../fitted-model';
import { normalIntervals } from '../intervals';
import { checkInteger } from '../validate';
import { etsParamsFromRecord, checkEtsData } from './ets-fit';
import { etsRun } from './ets-loglik';
import { type EtsSpec, etsPoint, etsStep, isLinearEts } from './ets-model';

/** Sample paths for the simulated intervals of non-linear ETS models. */
export const ETS_SIMULATIONS = 5000;

/**
 * Forecasts of a fitted ETS model from the end of y (the fitting series). mean: the point
 * forecast (the recursion with zero future errors, as R's forecast.ets). Linear models (additive
 * error, no multiplicative season: Hyndman et al. 2008 class 1): se² = σ²(1 + Σ_{j<h} c_j²),
 * c_j = w'F^{j−1}g, normal intervals. Otherwise ETS_SIMULATIONS seeded sample paths: se = their
 * standard deviation, lower/upper = their empirical (1 ∓ level)/2 quantiles. σ² = params.sigma2.
 */
export function forecastEts(fitted: FittedModel, y: Float64Array, horizon: number, level: number, z: number, seed: number): IntervalForecast {
  const spec: EtsSpec = { error: fitted.spec.error ?? 'A', trend: fitted.spec.trend ?? 'N', season: fitted.spec.season ?? 'N', period: fitted.spec.period };
  const data = checkEtsData(y, spec);
  const params = etsParamsFromRecord(spec, fitted.params);
  const m = spec.season === 'N' ? 1 : (spec.period as number);
  const final = etsRun(data, spec, params, false).finalState;
  const phi = spec.trend === 'Ad' ? (params.phi as number) : 1;
  const alpha = params.alpha;
  const beta = params.beta ?? 0;
  const gamma = params.gamma ?? 0;
  const sigma2 = fitted.params.sigma2;
  const mean = new Float64Array(horizon);
  const st = Float64Array.from(final);
  for (let h = 0; h < horizon; h++) {
    const yh = etsPoint(st, spec.trend, spec.season, m, phi);
    mean[h] = yh;
    etsStep(st, yh, spec.trend, spec.season, m, alpha, beta, gamma, phi);
  }
  if (isLinearEts(spec)) {
    const se = new Float64Array(horizon);
    // c_j = w'F^{j−1}g by propagating a unit innovation through the (linear) recursion:
    // the response of ŷ_{t+j} to ε_t is exactly c_j, since etsStep is affine for class-1 models.
    const impulse = new Float64Array(final.length);
    const zero = new Float64Array(final.length);
    etsStep(impulse, 1, spec.trend, spec.season, m, alpha, beta, gamma, phi); // state response to ε = 1 from the zero state
    let acc = 1;
    se[0] = Math.sqrt(sigma2);
    for (let h = 1; h < horizon; h++) {
      const c = etsPoint(impulse, spec.trend, spec.season, m, phi) - etsPoint(zero, spec.trend, spec.season, m, phi);
      acc += c * c;
      se[h] = Math.sqrt(sigma2 * acc);
      etsStep(impulse, etsPoint(impulse, spec.trend, spec.season, m, phi), spec.trend, spec.season, m, alpha, beta, gamma, phi);
    }
    return normalIntervals(mean, se, z);
  }
  return simulated(spec, final, mean, horizon, level, sigma2, seed, { alpha, beta, gamma, phi, m });
}

function simulated(spec: EtsSpec, final: Float64Array, mean: Float64Array, horizon: number, level: number, sigma2: number, seed: number, p: { alpha: number; beta: number; gamma: number; phi: number; m: number }): IntervalForecast {
  checkInteger(seed, 'seed', -(2 ** 31), 2 ** 32 - 1);
  const nsim = ETS_SIMULATIONS;
  const paths = new Float64Array(horizon * nsim); // [h][sim]
  const rng = new Rng(seed);
  const sd = Math.sqrt(sigma2);
  const st = new Float64Array(final.length);
  for (let k = 0; k < nsim; k++) {
    st.set(final);
    for (let h = 0; h < horizon; h++) {
      const yhat = etsPoint(st, spec.trend, spec.season, p.m, p.phi);
      const e = sd * rng.normal();
      const yv = spec.error === 'A' ? yhat + e : yhat * (1 + e);
      paths[h * nsim + k] = yv;
      etsStep(st, yv, spec.trend, spec.season, p.m, p.alpha, p.beta, p.gamma, p.phi);
    }
  }
  const se = new Float64Array(horizon);
  const lower = new Float64Array(horizon);
  const upper = new Float64Array(horizon);
  for (let h = 0; h < horizon; h++) {
    const col = paths.subarray(h * nsim, (h + 1) * nsim).sort();
    let s1 = 0;
    let s2 = 0;
    for (let k = 0; k < nsim; k++) s1 += col[k];
    const mu = s1 / nsim;
    for (let k = 0; k < nsim; k++) s2 += (col[k] - mu) ** 2;
    se[h] = Math.sqrt(s2 / (nsim - 1));
    lower[h] = quantile(col, (1 - level) / 2);
    upper[h] = quantile(col, (1 + level) / 2);
  }
  return { mean, se, lower, upper };
}

/** Linear-interpolation quantile of sorted values (R type 7). */
function quantile(sorted: Float64Array, p: number): number {
  const pos = p * (sorted.length - 1);
  const i = Math.floor(pos);
  const f = pos - i;
  return i + 1 < sorted.length ? sorted[i] * (1 - f) + sorted[i + 1] * f : sorted[i];
}
