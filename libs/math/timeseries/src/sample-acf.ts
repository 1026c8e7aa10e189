import { InvalidArgumentError } from '@modelbus/math-linalg';
import { durbinLevinsonPacf, MAX_LAGS } from './arma-acf';
import { autocovarianceSumsFft } from './fft';
import { checkInteger, toSeries } from './validate';

/** Above this many multiply-adds the ACF sums go through the FFT (O(n log n) instead of O(n·lags)). */
const DIRECT_WORK_LIMIT = 2e7;

export interface SampleCorrelogram {
  /** Values at lags 0..lags (acf[0] = 1; pacf[0] = 1 by convention). */
  values: Float64Array;
  /** Approximate 95% white-noise band: ±1.96/√n. */
  band: number;
}

/**
 * Sample autocorrelation ρ̂_k = γ̂_k/γ̂_0 with γ̂_k = (1/n) Σ_{t=1}^{n−k} (x_t − x̄)(x_{t+k} − x̄)
 * (the biased, positive-semidefinite estimator used by R's acf and statsmodels), k = 0..lags.
 */
export function sampleAcf(x: number[] | Float64Array, lags: number): SampleCorrelogram {
  const y = toSeries(x, 'x', false, 2);
  const n = y.length;
  checkInteger(lags, 'lags', 0, Math.min(MAX_LAGS, n - 1));
  return { values: sampleCorrelations(y, lags), band: 1.96 / Math.sqrt(n) };
}

/** Sample partial autocorrelation by Durbin–Levinson on the sample ACF, lags 0..lags (pacf[0] = 1). */
export function samplePacf(x: number[] | Float64Array, lags: number): SampleCorrelogram {
  const y = toSeries(x, 'x', false, 2);
  const n = y.length;
  checkInteger(lags, 'lags', 0, Math.min(MAX_LAGS, n - 1));
  return { values: durbinLevinsonPacf(sampleCorrelations(y, lags)), band: 1.96 / Math.sqrt(n) };
}

/** Sample autocorrelations of a validated series (forceFft: use the FFT route regardless of size). */
export function sampleCorrelations(y: Float64Array, lags: number, forceFft = false): Float64Array {
  const n = y.length;
  let constant = true;
  for (let t = 1; t < n && constant; t++) if (y[t] !== y[0]) constant = false;
  if (constant) throw new InvalidArgumentError('x', 'is constant (zero sample variance)');
  let mean = 0;
  for (let t = 0; t < n; t++) mean += y[t];
  mean /= n;
  const d = new Float64Array(n);
  for (let t = 0; t < n; t++) d[t] = y[t] - mean;
  let out: Float64Array;
  if (forceFft || n * (lags + 1) > DIRECT_WORK_LIMIT) {
    out = autocovarianceSumsFft(d, lags);
  } else {
    out = new Float64Array(lags + 1);
    for (let k = 0; k <= lags; k++) {
      let s = 0;
      for (let t = 0; t + k < n; t++) s += d[t] * d[t + k];
      out[k] = s;
    }
  }
  const g0 = out[0];
  if (!(g0 > 0)) throw new InvalidArgumentError('x', 'is constant (zero sample variance)');
  for (let k = 0; k <= lags; k++) out[k] /= g0;
  out[0] = 1;
  return out;
}
