import { FailedPreconditionError } from '@modelbus/math-linalg';
import { type KalmanFilterResult, predict, rqrAccessor } from './kalman-filter';
import { type TimeVaryingModel, resolveSystem } from './state-space';
import { checkInteger } from './validate';

export const MAX_FORECAST_STEPS = 100_000;
const Z975 = 1.959963984540054;

export interface ForecastResult {
  steps: number;
  /** E[y_{n+h} | Y_n], steps × p. */
  mean: Float64Array;
  /** sqrt(Var[y_{n+h} | Y_n]_ii) = sqrt((Z P_{n+h} Z' + H)_ii), steps × p. */
  se: Float64Array;
  lower95: Float64Array;
  upper95: Float64Array;
}

/**
 * h-step forecasts from the end of the filter: a_{n+h+1} = T a_{n+h}, P_{n+h+1} = T P_{n+h} T' + RQR'.
 * A time-varying model must supply its matrices for t = n … n + steps − 1 (0-based) as well.
 */
export function forecast(model: TimeVaryingModel, f: KalmanFilterResult, steps: number): ForecastResult {
  checkInteger(steps, 'steps', 1, MAX_FORECAST_STEPS);
  const { p, m } = f;
  for (let i = 0; i < m * m; i++) {
    if (f.nextCovInf[i] !== 0) throw new FailedPreconditionError('the state is still diffuse at the end of the sample: too few observations to forecast');
  }
  const sys = resolveSystem(model, null, 0);
  const rqrAt = rqrAccessor(sys);
  const a = Float64Array.from(f.nextState);
  const P = Float64Array.from(f.nextCov);
  const tmp = new Float64Array(m * m);
  const vec = new Float64Array(m);
  const out: ForecastResult = { steps, mean: new Float64Array(steps * p), se: new Float64Array(steps * p), lower95: new Float64Array(steps * p), upper95: new Float64Array(steps * p) };
  for (let h = 0; h < steps; h++) {
    const t = f.n + h; // 0-based time of this forecast
    if (h > 0) predict(sys.T(t - 1).data, rqrAt(t - 1), a, P, null, m, tmp, vec);
    const Z = sys.Z(t).data;
    const H = sys.H(t).data;
    for (let i = 0; i < p; i++) {
      let mean = 0;
      let v = H[i * p + i];
      for (let j = 0; j < m; j++) {
        mean += Z[i * m + j] * a[j];
        let s = 0;
        for (let l = 0; l < m; l++) s += P[j * m + l] * Z[i * m + l];
        v += Z[i * m + j] * s;
      }
      const se = Math.sqrt(Math.max(v, 0));
      out.mean[h * p + i] = mean;
      out.se[h * p + i] = se;
      out.lower95[h * p + i] = mean - Z975 * se;
      out.upper95[h * p + i] = mean + Z975 * se;
    }
  }
  return out;
}
