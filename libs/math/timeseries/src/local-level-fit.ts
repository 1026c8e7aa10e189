import { InvalidArgumentError } from '@modelbus/math-linalg';
import { minimizeLbfgs } from '@modelbus/math-stats';
import { localLevelLoglikGradUnchecked, localLevelLoglikUnchecked } from './local-level';
import { toSeries } from './validate';

export interface LocalLevelFit {
  sigma2Eps: number;
  sigma2Eta: number;
  /** Exact-diffuse loglik with all constants at the estimate. */
  loglik: number;
  /** Parameters counted in AIC/BIC: σ²_ε, σ²_η and the diffuse initial level (3). */
  nParams: number;
  aic: number;
  bic: number;
  nobs: number;
  /** Which start won, iterations of that run, and whether it met a tolerance. */
  bestStart: number;
  iterations: number;
  converged: boolean;
}

/**
 * Maximum likelihood for the local level variances: L-BFGS on (log σ²_ε, log σ²_η) (positivity
 * for free) with the exact gradient of the fast exact-diffuse loglik, from several
 * signal-to-noise starts (q = σ²_η/σ²_ε ∈ {0.01, 0.1, 1, 10}) scaled so that the implied
 * Var(Δy) = 2σ²_ε + σ²_η matches the data; the best optimum wins (deterministic).
 */
export function fitLocalLevel(y: number[] | Float64Array): LocalLevelFit {
  const data = toSeries(y, 'y', true, 1);
  let nobs = 0;
  for (const v of data) if (!Number.isNaN(v)) nobs++;
  if (nobs < 3) throw new InvalidArgumentError('y', `needs at least 3 non-missing values, got ${nobs}`);
  const s = diffVariance(data);
  const scale = 1 / nobs;
  const x = new Float64Array(2);
  const dl = new Float64Array(2);
  const fg = (th: Float64Array, g: Float64Array) => {
    const se = Math.exp(th[0]);
    const sn = Math.exp(th[1]);
    const f = -localLevelLoglikGradUnchecked(data, se, sn, dl) * scale;
    // ∂/∂ log σ² = σ² ∂/∂σ²
    g[0] = -se * dl[0] * scale;
    g[1] = -sn * dl[1] * scale;
    return f;
  };
  let best: LocalLevelFit | null = null;
  const ratios = [0.01, 0.1, 1, 10];
  for (let k = 0; k < ratios.length; k++) {
    const q = ratios[k];
    const se = s / (2 + q);
    x[0] = Math.log(se);
    x[1] = Math.log(q * se);
    const r = minimizeLbfgs(fg, x, { gradientTolerance: 1e-8, functionTolerance: 1e-15, maxIterations: 500 });
    const s2e = Math.exp(r.x[0]);
    const s2n = Math.exp(r.x[1]);
    const ll = localLevelLoglikUnchecked(data, s2e, s2n);
    if (!best || ll > best.loglik) {
      best = { sigma2Eps: s2e, sigma2Eta: s2n, loglik: ll, nParams: 3, aic: -2 * ll + 6, bic: -2 * ll + 3 * Math.log(nobs), nobs, bestStart: k, iterations: r.iterations, converged: r.converged };
    }
  }
  return best as LocalLevelFit;
}

/** Variance of differences between consecutive observed values (falls back to 1 for a flat series). */
function diffVariance(y: Float64Array): number {
  let prev = NaN;
  let n = 0;
  let sum = 0;
  let sum2 = 0;
  for (const v of y) {
    if (Number.isNaN(v)) continue;
    if (!Number.isNaN(prev)) {
      const d = v - prev;
      n++;
      sum += d;
      sum2 += d * d;
    }
    prev = v;
  }
  const mean = sum / n;
  const v = sum2 / n - mean * mean;
  return v > 0 ? v : 1;
}
