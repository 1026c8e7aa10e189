import { InvalidArgumentError } from '@modelbus/math-linalg';
import { fitArma } from './arma-mle';
import { type FittedModel } from './fitted-model';
import { checkInteger, toSeries } from './validate';

export interface ArmaSelectOptions {
  /** Largest orders tried (default 3 each); every (p, q) in the grid that n can support is fitted. */
  maxP?: number;
  maxQ?: number;
  includeMean?: boolean;
  /** Criterion to minimise (default 'aicc'). */
  criterion?: 'aic' | 'aicc' | 'bic';
}

export interface ArmaSelectResult {
  best: FittedModel;
  /** Every candidate fitted, in grid order (p outer, q inner). */
  candidates: Array<{ p: number; q: number; loglik: number; aic: number; aicc: number; bic: number; converged: boolean }>;
}

/** ARMA order selection: exact MLE (fitArma) for every (p, q) ≤ (maxP, maxQ); the lowest criterion wins. */
export function selectArma(y: number[] | Float64Array, options: ArmaSelectOptions = {}): ArmaSelectResult {
  const data = toSeries(y, 'y', true, 1);
  const maxP = options.maxP === undefined ? 3 : checkInteger(options.maxP, 'maxP', 0, 10);
  const maxQ = options.maxQ === undefined ? 3 : checkInteger(options.maxQ, 'maxQ', 0, 10);
  const criterion = options.criterion ?? 'aicc';
  if (criterion !== 'aic' && criterion !== 'aicc' && criterion !== 'bic') throw new InvalidArgumentError('criterion', "must be 'aic', 'aicc' or 'bic'");
  let nobs = 0;
  for (const v of data) if (!Number.isNaN(v)) nobs++;
  const extra = (options.includeMean ?? true) ? 1 : 0;
  let best: FittedModel | null = null;
  const candidates: ArmaSelectResult['candidates'] = [];
  for (let p = 0; p <= maxP; p++) {
    for (let q = 0; q <= maxQ; q++) {
      if (nobs < p + q + extra + 3) continue;
      const fit = fitArma(data, p, q, { includeMean: options.includeMean });
      candidates.push({ p, q, loglik: fit.loglik, aic: fit.aic, aicc: fit.aicc, bic: fit.bic, converged: fit.converged });
      if (!best || fit[criterion] < best[criterion]) best = fit;
    }
  }
  if (!best) throw new InvalidArgumentError('y', `has too few observations (${nobs}) for any ARMA order`);
  return { best, candidates };
}
