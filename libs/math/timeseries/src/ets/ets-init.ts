import { type EtsSpec } from './ets-model';

/**
 * Heuristic initial states (in the spirit of R forecast::ets' initstate): seasonal indices from the
 * first (up to four) whole periods, as deviations (A) or ratios (M) from each period's mean,
 * normalised; then a line through the first (up to ten, or two periods of) seasonally adjusted
 * values gives l_0 (its value at t = 0) and b_0. Seasonal states are returned newest first.
 */
export function etsInitialStates(y: Float64Array, spec: EtsSpec): { l0: number; b0: number; s0: Float64Array | undefined } {
  const m = spec.season === 'N' ? 1 : (spec.period as number);
  const n = y.length;
  let s0: Float64Array | undefined;
  const adj = Float64Array.from(y);
  if (spec.season !== 'N') {
    const periods = Math.max(2, Math.min(4, Math.floor(n / m)));
    const idx = new Float64Array(m);
    for (let k = 0; k < periods; k++) {
      let mean = 0;
      for (let j = 0; j < m; j++) mean += y[k * m + j];
      mean /= m;
      for (let j = 0; j < m; j++) idx[j] += spec.season === 'A' ? y[k * m + j] - mean : y[k * m + j] / mean;
    }
    let tot = 0;
    for (let j = 0; j < m; j++) {
      idx[j] /= periods;
      tot += idx[j];
    }
    for (let j = 0; j < m; j++) idx[j] = spec.season === 'A' ? idx[j] - tot / m : (idx[j] * m) / tot;
    s0 = new Float64Array(m);
    for (let j = 0; j < m; j++) s0[m - 1 - j] = idx[j]; // time t = j + 1 uses s[m − 1 − j]
    for (let t = 0; t < n; t++) adj[t] = spec.season === 'A' ? y[t] - idx[t % m] : y[t] / idx[t % m];
  }
  const k = Math.min(n, Math.max(10, 2 * m));
  if (spec.trend === 'N') {
    let mean = 0;
    for (let t = 0; t < k; t++) mean += adj[t];
    return { l0: mean / k, b0: 0, s0 };
  }
  // least squares line adj_t = a + b·t, t = 1..k; l_0 = a (the value at t = 0)
  let st = 0;
  let sy = 0;
  let stt = 0;
  let sty = 0;
  for (let t = 1; t <= k; t++) {
    st += t;
    sy += adj[t - 1];
    stt += t * t;
    sty += t * adj[t - 1];
  }
  const b = (k * sty - st * sy) / (k * stt - st * st);
  const a = (sy - b * st) / k;
  return { l0: a, b0: b, s0 };
}
