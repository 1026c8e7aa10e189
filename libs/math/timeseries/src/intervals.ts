import { InvalidArgumentError } from '@modelbus/math-linalg';
import { normalQuantile } from '@modelbus/math-stats';
import { type IntervalForecast } from './fitted-model';

/** Normal quantile z with P(|Z| ≤ z) = level, after checking 0 < level < 1. */
export function intervalZ(level: number): number {
  if (typeof level !== 'number' || !(level > 0 && level < 1)) throw new InvalidArgumentError('level', `must be in (0, 1), got ${String(level)}`);
  return normalQuantile(0.5 + level / 2);
}

/** mean ± z·se as an IntervalForecast. */
export function normalIntervals(mean: Float64Array, se: Float64Array, z: number): IntervalForecast {
  const lower = new Float64Array(mean.length);
  const upper = new Float64Array(mean.length);
  for (let i = 0; i < mean.length; i++) {
    lower[i] = mean[i] - z * se[i];
    upper[i] = mean[i] + z * se[i];
  }
  return { mean, se, lower, upper };
}
