import { type FittedModel, type IntervalForecast } from './fitted-model';
import { forecast } from './forecast';
import { normalIntervals } from './intervals';
import { kalmanFilter } from './kalman-filter';
import { armaStateSpace } from './arma-state-space';
import { knownInit } from './state-space';

/** Forecasts of a fitted ARMA model: Kalman filter on y − μ (from the fit's known a_1, P_1 if it had them), then h-step means and variances (+ μ). y may hold NaN (missing). */
export function forecastArma(fitted: FittedModel, y: Float64Array, horizon: number, z: number): IntervalForecast {
  const p = fitted.spec.p ?? 0;
  const q = fitted.spec.q ?? 0;
  const ar = Array.from({ length: p }, (_, i) => fitted.params[`ar${i + 1}`]);
  const ma = Array.from({ length: q }, (_, i) => fitted.params[`ma${i + 1}`]);
  const mu = fitted.spec.includeMean ? fitted.params.mean : 0;
  const { model, init } = armaStateSpace(ar, ma, fitted.params.sigma2);
  const known = fitted.spec.initialization === 'known' ? knownInit(fitted.spec.initialState ?? [], fitted.spec.initialCov ?? [], model.T.rows, 'fitted.spec') : null;
  const x = Float64Array.from(y, (v) => v - mu);
  const f = forecast(model, kalmanFilter(model, known ?? init, x), horizon);
  for (let i = 0; i < f.mean.length; i++) f.mean[i] += mu;
  return normalIntervals(f.mean, f.se, z);
}
