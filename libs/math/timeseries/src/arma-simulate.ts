import { Rng } from '@modelbus/math-stats';
import { assertInvertible, assertStationary, psiWeights, type ArmaProcessOptions } from './arma-acf';
import { filterInto } from './arma-filter';
import { checkFinite, checkInteger, toCoefficients } from './validate';

export const MAX_SIMULATE_LENGTH = 10_000_000;
const MAX_BURN_IN = 100_000;

export interface ArmaSimulateOptions extends ArmaProcessOptions {
  /** Seed of the Gaussian innovations (required: every randomized routine is reproducible). */
  seed: number;
  /** Innovation variance σ² (default 1). */
  sigma2?: number;
  /** Discarded warm-up steps; default: until the ψ-weights have decayed below 1e-10 (at least 100). */
  burnIn?: number;
}

/**
 * Simulates n values of the stationary (and, unless options.allowNonInvertible, invertible) ARMA process
 * (1 − φ(L)) x_t = (1 + θ(L)) e_t with
 * e_t ~ N(0, σ²) i.i.d., started at zero and run for burnIn discarded steps so the start-up
 * transient (which decays like the ψ-weights) is negligible.
 */
export function armaSimulate(ar: number[] | Float64Array, ma: number[] | Float64Array, n: number, options: ArmaSimulateOptions): Float64Array {
  const phi = toCoefficients(ar, 'ar');
  const theta = toCoefficients(ma, 'ma');
  checkInteger(n, 'n', 0, MAX_SIMULATE_LENGTH);
  const seed = checkInteger(options?.seed, 'seed', -(2 ** 31), 2 ** 32 - 1);
  const sigma2 = options.sigma2 === undefined ? 1 : checkFinite(options.sigma2, 'sigma2', true);
  assertStationary(phi);
  if (!options.allowNonInvertible) assertInvertible(theta);
  const burnIn = options.burnIn === undefined ? defaultBurnIn(phi, theta) : checkInteger(options.burnIn, 'burnIn', 0, MAX_BURN_IN * 10);
  const total = n + burnIn;
  const rng = new Rng(seed);
  const sd = Math.sqrt(sigma2);
  const e = new Float64Array(total);
  for (let t = 0; t < total; t++) e[t] = sd * rng.normal();
  const x = new Float64Array(total);
  filterInto(phi, theta, e, x);
  return x.slice(burnIn);
}

/** First j ≥ 100 after which a window of p + q + 1 consecutive |ψ| values is below 1e-10 (capped). */
function defaultBurnIn(phi: Float64Array, theta: Float64Array): number {
  const window = phi.length + theta.length + 1;
  if (phi.length === 0) return Math.max(100, theta.length);
  const psi = psiWeights(phi, theta, MAX_BURN_IN);
  let run = 0;
  for (let j = 0; j <= MAX_BURN_IN; j++) {
    run = Math.abs(psi[j]) < 1e-10 ? run + 1 : 0;
    if (run >= window) return Math.max(100, j);
  }
  return MAX_BURN_IN;
}
