import { toCoefficients, toSeries } from './validate';

/**
 * Runs shocks e_1..e_n through the ARMA recursion with zero pre-sample values:
 *   x_t = φ₁x_{t−1} + … + φ_p x_{t−p} + e_t + θ₁e_{t−1} + … + θ_q e_{t−q}.
 * No stationarity requirement (a deterministic filter).
 */
export function armaFilter(ar: number[] | Float64Array, ma: number[] | Float64Array, shocks: number[] | Float64Array): Float64Array {
  const phi = toCoefficients(ar, 'ar');
  const theta = toCoefficients(ma, 'ma');
  const e = toSeries(shocks, 'shocks', false, 0);
  const x = new Float64Array(e.length);
  filterInto(phi, theta, e, x);
  return x;
}

/** x ← ARMA filter of e (same length), zero initial conditions. Inputs assumed validated. */
export function filterInto(phi: Float64Array, theta: Float64Array, e: Float64Array, x: Float64Array): void {
  const p = phi.length;
  const q = theta.length;
  for (let t = 0; t < e.length; t++) {
    let s = e[t];
    const qt = Math.min(q, t);
    for (let j = 1; j <= qt; j++) s += theta[j - 1] * e[t - j];
    const pt = Math.min(p, t);
    for (let i = 1; i <= pt; i++) s += phi[i - 1] * x[t - i];
    x[t] = s;
  }
}
