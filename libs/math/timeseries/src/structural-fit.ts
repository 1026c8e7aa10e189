import { InvalidArgumentError } from '@modelbus/math-linalg';
import { rqr } from './kalman-filter';
import { localLevelLoglikGradUnchecked, localLevelLoglikUnchecked } from './local-level';
import { type ScoreDirection, UnivariateScore, scoreDirection } from './loglik-score';
import { localLinearTrendLoglikGradUnchecked, localLinearTrendLoglikUnchecked } from './local-linear-trend';
import { multiStartLbfgs, sameBasinStop } from './multi-start';
import { type FittedModel, type ModelSpec, informationCriteria } from './fitted-model';
import { type FixedParams, checkFixedParams } from './fixed-params';
import { lbfgsConverged } from './optimizer-status';
import { UnivariateLoglik } from './ssm-loglik';
import { type SeasonalForm, type StructuralSpec, structuralModel, structuralParamNames, structuralStateCount, toUnivariateSystem } from './structural-models';
import { knownInit } from './state-space';
import { checkInteger, toSeries } from './validate';

export interface StructuralFitOptions {
  /** Iteration cap per start (default 500). */
  maxIterations?: number;
  /**
   * Variances held at given values (≥ 0), by the names of params (sigma2Irregular, sigma2Level,
   * sigma2Slope, sigma2Seasonal); only the others are estimated. All fixed = just evaluate.
   */
  fixed?: FixedParams;
  /**
   * Known initialisation α_1 ~ N(state, cov) instead of the exact diffuse default. State order:
   * level, [slope], seasonal states (dummy: γ_t, γ_{t−1}, …, γ_{t−s+2}; trig: γ_1, γ*_1, γ_2, γ*_2, …).
   */
  known?: { state: ArrayLike<number>; cov: ArrayLike<number> };
}

/**
 * Floor of the log-variance relative to the data scale (e^−28 ≈ 7e-13): below it the objective is flat,
 * so a variance whose MLE is 0 stops there instead of drifting to −∞ (and is reported as ≈ 0).
 */
const LOG_FLOOR = -28;

/** A multi-start leg stops once it is this close (∞-norm of log-variances) to a better near-stationary point. */
const BASIN_RADIUS = 0.05;
/** ‖∇f‖_∞ ≤ this·max(1, |f|) marks a near-stationary iterate. */
const NEAR_STATIONARY = 1e-5;

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
 * the differenced series) with the analytic score of the exact-diffuse loglik (UnivariateScore; the exact
 * one-pass gradients of the scalar fast paths for local level / complete local linear trend),
 * from several starts; the best loglik wins. y may contain NaN (missing). Fixed variances
 * (options.fixed) stay at their values and only the free ones are optimised. AIC/BIC count the
 * free variances AND the diffuse initial states (nDiffuse = number of states, like statsmodels);
 * with a known initialisation nothing is diffuse and the loglik is the ordinary Gaussian one.
 */
export function fitStructural(y: number[] | Float64Array, spec: StructuralSpec, options: StructuralFitOptions = {}): FittedModel {
  const data = toSeries(y, 'y', true, 1);
  const names = structuralParamNames(spec);
  const m = checkSpec(spec, data.length);
  const kind = spec.period !== undefined ? 'bsm' : spec.trend === 'trend' ? 'local-linear-trend' : 'local-level';
  const fixed = checkFixedParams(options.fixed, names, kind);
  for (const [nm, v] of fixed) if (v < 0) throw new InvalidArgumentError(`fixed.${nm}`, `is a variance and must be ≥ 0, got ${v}`);
  const known = options.known ? knownInit(options.known.state, options.known.cov, m) : null;
  const free = names.filter((nm) => !fixed.has(nm));
  let nobs = 0;
  for (const v of data) if (!Number.isNaN(v)) nobs++;
  const nDiffuse = known ? 0 : m;
  if (nobs < nDiffuse + free.length) throw new InvalidArgumentError('y', `needs at least ${nDiffuse + free.length} non-missing values for this model, got ${nobs}`);
  const maxIt = options.maxIterations === undefined ? 500 : checkInteger(options.maxIterations, 'maxIterations', 1, 100000);
  const scale = dataScale(data);
  const k = free.length;
  const params: Record<string, number> = {};
  for (const [nm, v] of fixed) params[nm] = v;
  const filter = new UnivariateLoglik(m);
  const toParams = (th: Float64Array) => {
    for (let i = 0; i < k; i++) params[free[i]] = scale * Math.exp(Math.max(th[i], LOG_FLOOR));
    return params;
  };
  // scalar fast paths (exact diffuse only): local level (NaN allowed) and local linear trend on
  // complete data, each with its exact one-pass gradient [∂ℓ/∂σ²ε, ∂ℓ/∂σ²ξ(level), ∂ℓ/∂σ²ζ(slope)]
  const complete = nobs === data.length;
  const fast = known
    ? null
    : spec.period === undefined && spec.trend === 'level'
      ? { ll: (p: Record<string, number>) => localLevelLoglikUnchecked(data, p.sigma2Irregular, p.sigma2Level), grad: (p: Record<string, number>, d: Float64Array) => localLevelLoglikGradUnchecked(data, p.sigma2Irregular, p.sigma2Level, d) }
      : spec.period === undefined && complete
        ? {
            ll: (p: Record<string, number>) => localLinearTrendLoglikUnchecked(data, p.sigma2Irregular, p.sigma2Level, p.sigma2Slope),
            grad: (p: Record<string, number>, d: Float64Array) => localLinearTrendLoglikGradUnchecked(data, p.sigma2Irregular, p.sigma2Level, p.sigma2Slope, d),
          }
        : null;
  const value = (th: Float64Array) => {
    if (fast) return -fast.ll(toParams(th)) / nobs;
    const ss = structuralModel(spec, toParams(th));
    const ll = filter.run(data, toUnivariateSystem(ss.model, known ?? ss.init)).loglik;
    return -ll / nobs;
  };
  // otherwise the analytic score (one forward and one backward pass instead of 2k + 1 filter runs)
  const score = fast ? null : new UnivariateScore(m);
  const dirs = score ? structuralScoreDirections(spec, free) : [];
  const dl = new Float64Array(k);
  // position of each free variance in the fast paths' gradient
  const fastIndex = free.map((nm) => ['sigma2Irregular', 'sigma2Level', 'sigma2Slope'].indexOf(nm));
  const dfast = new Float64Array(3);
  const fg = (th: Float64Array, g: Float64Array) => {
    // ψ_i = scale·e^{max(θ_i, floor)}: ∂(−ℓ/nobs)/∂θ_i = −ψ_i ∂ℓ/∂ψ_i / nobs above the floor, 0 below
    if (fast) {
      const ll = fast.grad(toParams(th), dfast);
      for (let i = 0; i < k; i++) g[i] = th[i] > LOG_FLOOR ? (-params[free[i]] * dfast[fastIndex[i]]) / nobs : 0;
      return -ll / nobs;
    }
    const ss = structuralModel(spec, toParams(th));
    const ll = (score as UnivariateScore).run(data, toUnivariateSystem(ss.model, known ?? ss.init), dirs, dl);
    for (let i = 0; i < k; i++) g[i] = th[i] > LOG_FLOOR ? (-params[free[i]] * dl[i]) / nobs : 0;
    return -ll / nobs;
  };
  let best: { ll: number; x: Float64Array; it: number; conv: boolean };
  if (k === 0) {
    best = { ll: -value(new Float64Array(0)) * nobs, x: new Float64Array(0), it: 0, conv: true };
    if (!Number.isFinite(best.ll)) throw new InvalidArgumentError('fixed', 'gives a non-finite likelihood for this series');
  } else {
    const starts: Float64Array[] = [];
    const weightIndex = free.map((nm) => ['sigma2Irregular', 'sigma2Level', 'sigma2Slope', 'sigma2Seasonal'].indexOf(nm));
    for (const w of START_WEIGHTS) {
      let total = 0;
      for (let i = 0; i < k; i++) total += w[weightIndex[i]];
      starts.push(Float64Array.from({ length: k }, (_, i) => Math.log(w[weightIndex[i]] / total)));
    }
    const ms = multiStartLbfgs(fg, starts, { gradientTolerance: 1e-8, functionTolerance: 1e-15, maxIterations: maxIt, screenIterations: 12, keep: 2, onIteration: sameBasinStop(k, BASIN_RADIUS, NEAR_STATIONARY) });
    if (!ms) throw new InvalidArgumentError(fixed.size > 0 ? 'fixed' : 'y', 'gives a non-finite likelihood at every start');
    best = { ll: -value(ms.best.x) * nobs, x: ms.best.x, it: ms.iterations, conv: lbfgsConverged(ms.best, (i) => ms.best.x[i] <= LOG_FLOOR) };
  }
  const out: Record<string, number> = {};
  toParams(best.x);
  for (const nm of names) out[nm] = params[nm];
  const nParams = k + nDiffuse;
  const spc: ModelSpec = spec.period !== undefined ? { period: spec.period, seasonal: spec.seasonal ?? 'dummy' } : {};
  if (fixed.size > 0) spc.fixed = names.filter((nm) => fixed.has(nm));
  if (known) Object.assign(spc, { initialization: 'known', initialState: Array.from(known.a1), initialCov: Array.from(known.Pstar.data) });
  return { kind, spec: spc, params: out, loglik: best.ll, ...informationCriteria(best.ll, nParams, nobs), nParams, converged: best.conv, iterations: best.it, nobs, nDiffuse };
}

/** Local linear trend MLE (see fitStructural). */
export function fitLocalLinearTrend(y: number[] | Float64Array, options: StructuralFitOptions = {}): FittedModel {
  return fitStructural(y, { trend: 'trend' }, options);
}

/** Basic structural model (local linear trend + stochastic seasonal of the given period) MLE (see fitStructural). */
export function fitBsm(y: number[] | Float64Array, period: number, seasonal: SeasonalForm = 'dummy', options: StructuralFitOptions = {}): FittedModel {
  return fitStructural(y, { trend: 'trend', period, seasonal }, options);
}

/** ∂h/∂ψ and ∂(RQR')/∂ψ for the named variances: the system at ψ = e_k (h and RQR' are linear in them). */
export function structuralScoreDirections(spec: StructuralSpec, names: readonly string[]): ScoreDirection[] {
  const all = structuralParamNames(spec);
  return names.map((nm) => {
    const { model } = structuralModel(spec, Object.fromEntries(all.map((x) => [x, x === nm ? 1 : 0])));
    const m = model.T.rows;
    return scoreDirection(model.H.data[0], rqr(model.R.data, model.Q.data, m, model.R.cols), m);
  });
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
