import { InvalidArgumentError } from '@modelbus/math-linalg';
import { type FittedModel } from '../fitted-model';
import { toSeries } from '../validate';
import { etsParamCount, fitEts } from './ets-fit';
import { type EtsSpec, type EtsTrend, type EtsSeason } from './ets-model';

export interface EtsSelectResult {
  best: FittedModel;
  candidates: Array<{ spec: EtsSpec; loglik: number; aicc: number; converged: boolean }>;
}

/**
 * Automatic ETS selection by AICc over error {A, M} × trend {N, A, Ad} × season {N, A, M}
 * (season only when a period ≥ 2 is given). Like R's ets(restrict = TRUE), additive error with
 * multiplicative season is excluded (infinite forecast variance); multiplicative models are
 * skipped for non-positive data, and models with too many parameters for n are skipped.
 */
export function selectEts(y: number[] | Float64Array, period?: number): EtsSelectResult {
  const data = toSeries(y, 'y', false, 1);
  const positive = data.every((v) => v > 0);
  const seasons: EtsSeason[] = period === undefined ? ['N'] : ['N', 'A', 'M'];
  let best: FittedModel | null = null;
  const candidates: EtsSelectResult['candidates'] = [];
  for (const error of ['A', 'M'] as const) {
    for (const trend of ['N', 'A', 'Ad'] as EtsTrend[]) {
      for (const season of seasons) {
        if (error === 'A' && season === 'M') continue;
        if (!positive && (error === 'M' || season === 'M')) continue;
        const spec: EtsSpec = { error, trend, season, ...(season !== 'N' ? { period } : {}) };
        if (data.length < etsParamCount(spec) + 4) continue;
        const fit = fitEts(data, spec);
        candidates.push({ spec, loglik: fit.loglik, aicc: fit.aicc, converged: fit.converged });
        if (!best || fit.aicc < best.aicc) best = fit;
      }
    }
  }
  if (!best) throw new InvalidArgumentError('y', `has too few values (${data.length}) for any ETS model`);
  return { best, candidates };
}
