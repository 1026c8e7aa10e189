import { InvalidArgumentError } from '@modelbus/math-linalg';
import { numericGradient } from '@modelbus/math-stats';
import { localLevelLoglikUnchecked } from './local-level';
import { localLinearTrendLoglikUnchecked } from './local-linear-trend';
import { multiStartLbfgs } from './multi-start';
import { type FittedModel, informationCriteria } from './fitted-model';
import { lbfgsConverged } from './optimizer-status';
import { UnivariateLoglik } from './ssm-loglik';
import { type SeasonalForm, type StructuralSpec, structuralModel, structuralParamNames, structuralStateCount, toUnivariateSystem } from './structural-models';
import { checkInteger, toSeries } from './validate';

export interface StructuralFitOptions {
  /** Iteration cap per start (default 500). */
  maxIterations?: number;
}

/**
 * Floor of the log-variance relative to the data scale (e^−28 ≈ 7e-13): below it the objective is flat,
 * so a variance whose MLE is 0 stops there instead of drifting to −∞ (and is reported as ≈ 0).
 */
const LOG_FLOOR = -28;

/** Relative variance weights of the starts (irregular, level, slope, seasonal); each is scaled to the data. */
const START_WEIGHTS: ReadonlyArray<readonly number[]> = [
  [1, 1, 1, 1],
  [1, 0.1, 0.01, 0.01],
  [0.1, 1, 0.01, 0.1],
  [1, 0.01, 0.001, 0.1],
  [0.01, 1, 0.1, 0.01],
];

/** Exact-diffuse loglik (all constants) of a structural model at given variances; NaN = missing. */
export function structuralLoglik(y: number[] | Float64Array, spec: StructuralSpec, params: Record<string, number>): number {
  const data = toSeries(y, 'y', true, 1);
  checkSpec(spec, data.length);
  const { model, init } = structuralModel(spec, params);
  return new UnivariateLoglik(model.T.rows).run(data, toUnivariateSystem(model, init)).loglik;
}

/**
 * MLE of the variances of a structural model: L-BFGS on log-variances (scaled by the variance of
 * the differenced series) with central-difference gradients of the fast exact-diffuse loglik,
 * from several starts; the best loglik wins. y may contain NaN (missing). AIC/BIC count the
 * variances AND the diffuse initial states (nDiffuse = number of states), like statsmodels.
 */
export function fitStructural(y: number[] | Float64Array, spec: StructuralSpec, options: StructuralFitOptions = {}): FittedModel {
  const data = toSeries(y, 'y', true, 1);
  const names = structuralParamNames(spec);
  const m = checkSpec(spec, data.length);
  let nobs = 0;
  for (const v of data) if (!Number.isNaN(v)) nobs++;
  if (nobs < m + names.length) throw new InvalidArgumentError('y', `needs at least ${m + names.length} non-missing values for this model, got ${nobs}`);
  const maxIt = options.maxIterations === undefined ? 500 : checkInteger(options.maxIterations, 'maxIterations', 1, 100000);
  const scale = dataScale(data);
  const k = names.length;
  const params: Record<string, number> = {};
  const filter = new UnivariateLoglik(m);
  const toParams = (th: Float64Array) => {
    for (let i = 0; i < k; i++) params[names[i]] = scale * Math.exp(Math.max(th[i], LOG_FLOOR));
    return params;
  };
  // scalar fast paths: local level (NaN allowed) and local linear trend on complete data
  const complete = nobs === data.length;
  const fast =
    spec.period === undefined && spec.trend === 'level'
      ? (p: Record<string, number>) => localLevelLoglikUnchecked(data, p.sigma2Irregular, p.sigma2Level)
      : spec.period === undefined && complete
        ? (p: Record<string, number>) => localLinearTrendLoglikUnchecked(data, p.sigma2Irregular, p.sigma2Level, p.sigma2Slope)
        : null;
  const value = (th: Float64Array) => {
    if (fast) return -fast(toParams(th)) / nobs;
    const { model, init } = structuralModel(spec, toParams(th));
    const ll = filter.run(data, toUnivariateSystem(model, init)).loglik;
    return -ll / nobs;
  };
  const fg = (th: Float64Array, g: Float64Array) => {
    const f = value(th);
    if (Number.isFinite(f)) numericGradient(value, th, g);
    return f;
  };
  const starts: Float64Array[] = [];
  const weightIndex = names.map((nm) => ['sigma2Irregular', 'sigma2Level', 'sigma2Slope', 'sigma2Seasonal'].indexOf(nm));
  for (const w of START_WEIGHTS) {
    let total = 0;
    for (let i = 0; i < k; i++) total += w[weightIndex[i]];
    starts.push(Float64Array.from({ length: k }, (_, i) => Math.log(w[weightIndex[i]] / total)));
  }
  const ms = multiStartLbfgs(fg, starts, { gradientTolerance: 1e-8, functionTolerance: 1e-15, maxIterations: maxIt, screenIterations: 12, keep: 2 });
  if (!ms) throw new InvalidArgumentError('y', 'gives a non-finite likelihood at every start');
  const best = { ll: -value(ms.best.x) * nobs, x: ms.best.x, it: ms.iterations, conv: lbfgsConverged(ms.best, (i) => ms.best.x[i] <= LOG_FLOOR) };
  const out: Record<string, number> = {};
  for (let i = 0; i < k; i++) out[names[i]] = scale * Math.exp(Math.max(best.x[i], LOG_FLOOR));
  const nParams = k + m;
  const kind = spec.period !== undefined ? 'bsm' : spec.trend === 'trend' ? 'local-linear-trend' : 'local-level';
  const spc = spec.period !== undefined ? { period: spec.period, seasonal: spec.seasonal ?? 'dummy' } : {};
  return { kind, spec: spc, params: out, loglik: best.ll, ...informationCriteria(best.ll, nParams, nobs), nParams, converged: best.conv, iterations: best.it, nobs, nDiffuse: m };
}

/** Local linear trend MLE (see fitStructural). */
export function fitLocalLinearTrend(y: number[] | Float64Array, options: StructuralFitOptions = {}): FittedModel {
  return fitStructural(y, { trend: 'trend' }, options);
}

/** Basic structural model (local linear trend + stochastic seasonal of the given period) MLE (see fitStructural). */
export function fitBsm(y: number[] | Float64Array, period: number, seasonal: SeasonalForm = 'dummy', options: StructuralFitOptions = {}): FittedModel {
  return fitStructural(y, { trend: 'trend', period, seasonal }, options);
}

/** Validates the spec against the series length; returns the state dimension. */
export function checkSpec(spec: StructuralSpec, n: number): number {
  if (!spec || (spec.trend !== 'level' && spec.trend !== 'trend')) throw new InvalidArgumentError('spec.trend', "must be 'level' or 'trend'");
  if (spec.period !== undefined) {
    checkInteger(spec.period, 'period', 2, Math.max(2, Math.floor(n / 2)));
    if (spec.period > n / 2) throw new InvalidArgumentError('period', `must be ≤ n/2 = ${n / 2}`);
    if (spec.seasonal !== undefined && spec.seasonal !== 'dummy' && spec.seasonal !== 'trig') throw new InvalidArgumentError('seasonal', "must be 'dummy' or 'trig'");
  }
  return structuralStateCount(spec);
}

/** Variance of consecutive differences of the observed values (1 for a flat series): the variance scale. */
function dataScale(y: Float64Array): number {
  let prev = NaN;
  let n = 0;
  let s1 = 0;
  let s2 = 0;
  for (const v of y) {
    if (Number.isNaN(v)) continue;
    if (!Number.isNaN(prev)) {
      n++;
      s1 += v - prev;
      s2 += (v - prev) ** 2;
    }
    prev = v;
  }
  const mean = n > 0 ? s1 / n : 0;
  const v = n > 0 ? s2 / n - mean * mean : 0;
  return v > 0 ? v : 1;
}
