import { InvalidArgumentError } from '@modelbus/math-linalg';
import { sampleCorrelations } from './sample-acf';
import { checkInteger, toSeries } from './validate';

export interface YuleWalkerResult {
  /** φ₁..φ_p of (1 − φ₁L − … − φ_pL^p)(x_t − x̄) = e_t. */
  ar: Float64Array;
  /** Innovation variance γ̂_0 Π(1 − φ_kk²). */
  sigma2: number;
  mean: number;
}

/**
 * Yule–Walker AR(p) estimates from the biased sample autocovariances (Levinson–Durbin), which
 * are always stationary. Complete data only (no NaN).
 */
export function yuleWalker(x: number[] | Float64Array, p: number): YuleWalkerResult {
  const y = toSeries(x, 'x', false, 2);
  checkInteger(p, 'p', 0, y.length - 1);
  const rho = sampleCorrelations(y, p);
  let mean = 0;
  for (const v of y) mean += v;
  mean /= y.length;
  let g0 = 0;
  for (const v of y) g0 += (v - mean) ** 2;
  g0 /= y.length;
  const { phi, v } = levinson(rho, p);
  return { ar: phi, sigma2: g0 * v, mean };
}

/** Levinson–Durbin on autocorrelations ρ_0..ρ_p: AR coefficients and the normalised innovation variance. */
export function levinson(rho: ArrayLike<number>, p: number): { phi: Float64Array; v: number } {
  let phi = new Float64Array(p);
  let next = new Float64Array(p);
  let v = 1;
  for (let k = 1; k <= p; k++) {
    let num = rho[k];
    for (let j = 1; j < k; j++) num -= phi[j - 1] * rho[k - j];
    if (!(v > 1e-300)) throw new InvalidArgumentError('x', 'is perfectly predictable; Yule–Walker is singular');
    const r = num / v;
    for (let j = 1; j < k; j++) next[j - 1] = phi[j - 1] - r * phi[k - j - 1];
    next[k - 1] = r;
    const t = phi;
    phi = next;
    next = t;
    v *= 1 - r * r;
  }
  return { phi, v };
}
