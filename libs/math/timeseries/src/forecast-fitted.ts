import { InvalidArgumentError } from '@modelbus/math-linalg';
import { forecastArma } from './arma-forecast';
import { forecastEts } from './ets/ets-forecast';
import { type FittedModel, type IntervalForecast } from './fitted-model';
import { intervalZ, normalIntervals } from './intervals';
import { forecast, MAX_FORECAST_STEPS } from './forecast';
import { kalmanFilter } from './kalman-filter';
import { knownInit } from './state-space';
import { structuralModel } from './structural-models';
import { checkInteger, toSeries } from './validate';

/**
 * Forecasts horizon steps past the end of y (the series the model was fitted on) with
 * intervals at the given level (e.g. 0.95). Structural and ARMA models: Gaussian mean ± z·se
 * from the Kalman filter. ETS: see forecastEts (simulated intervals, seeded, for non-linear models).
 * y may contain NaN (missing) for structural and ARMA models only.
 */
export function forecastFitted(fitted: FittedModel, y: number[] | Float64Array, horizon: number, level = 0.95, seed = 1): IntervalForecast {
  checkInteger(horizon, 'horizon', 1, MAX_FORECAST_STEPS);
  const z = intervalZ(level);
  if (!fitted || typeof fitted.kind !== 'string') throw new InvalidArgumentError('fitted', 'must be a FittedModel');
  if (fitted.kind === 'local-level' || fitted.kind === 'local-linear-trend' || fitted.kind === 'bsm') {
    const data = toSeries(y, 'y', true, 1);
    const spec = { trend: fitted.kind === 'local-level' ? ('level' as const) : ('trend' as const), period: fitted.spec.period, seasonal: fitted.spec.seasonal };
    const { model, init } = structuralModel(spec, fitted.params);
    const known = fitted.spec.initialization === 'known' ? knownInit(fitted.spec.initialState ?? [], fitted.spec.initialCov ?? [], model.T.rows, 'fitted.spec') : null;
    const f = forecast(model, kalmanFilter(model, known ?? init, data), horizon);
    return normalIntervals(f.mean, f.se, z);
  }
  if (fitted.kind === 'arma') return forecastArma(fitted, toSeries(y, 'y', true, 1), horizon, z);
  if (fitted.kind === 'ets') return forecastEts(fitted, toSeries(y, 'y', false, 1), horizon, level, z, seed);
  throw new InvalidArgumentError('fitted.kind', `unknown model kind '${String(fitted.kind)}'`);
}
