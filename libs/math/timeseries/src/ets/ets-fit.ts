import { InvalidArgumentError } from '@modelbus/math-linalg';
import { type FixedParams, checkFixedParams } from '../fixed-params';
import { type MultiStartResult, multiStartLbfgs, sameBasinStop } from '../multi-start';
import { type FittedModel, type ModelSpec, informationCriteria } from '../fitted-model';
import { lbfgsConverged } from '../optimizer-status';
import { isStationary } from '../polynomial';
import { checkInteger, toSeries } from '../validate';
import { etsInitialStates } from './ets-init';
import { EtsLoglik } from './ets-fast';
import { etsRun } from './ets-loglik';
import { type EtsParams, type EtsSpec, checkEtsSpec, etsAdmissible } from './ets-model';

export interface EtsFitOptions {
  /** Iteration cap per start (default 1000). */
  maxIterations?: number;
  /** Smoothing parameters held at given values (alpha, beta, gamma, phi as in params); the rest is estimated. */
  fixed?: FixedParams;
  /**
   * Known initial states (statsmodels' initialization_method='known'): level, [trend], seasonal
   * s_0, s_{−1}, …, s_{−m+1} (newest first; t = 1 is the first observation, so s_{−m+1} is the one it
   * uses). Then only the smoothing parameters (and φ) are estimated and counted. statsmodels'
   * initial_seasonal is the same list oldest first.
   */
  initialState?: ArrayLike<number>;
}

const PHI_LO = 0.8;
const PHI_HI = 0.98;
/**
 * u = sin²(x/2) maps x onto [0, 1] and reaches both ends at finite x (0, π) with zero slope, so an
 * optimum on a bound (β → 0, γ → 0 are common) is a plain quadratic minimum in x. A logistic map
 * only approaches its bounds as x → ±∞, where the optimiser crawls for dozens of iterations.
 */
const sq = (x: number) => 0.5 * (1 - Math.cos(x));
const dsq = (x: number) => 0.5 * Math.sin(x);
const asq = (u: number) => Math.acos(1 - 2 * u);

/** A multi-start leg stops once it is this close (∞-norm, unconstrained coordinates) to a better near-stationary point. */
const BASIN_RADIUS = 0.05;
/** ‖∇f‖_∞ ≤ this·max(1, |f|) marks a near-stationary iterate. */
const NEAR_STATIONARY = 1e-5;

/** Counted parameters: smoothing parameters, l_0, b_0, m − 1 free seasonal states, and σ² (as R's ets). */
export function etsParamCount(spec: EtsSpec): number {
  const m = spec.season === 'N' ? 0 : (spec.period as number);
  const trend = spec.trend !== 'N' ? 1 : 0;
  return 1 + trend + (m ? 1 : 0) + (spec.trend === 'Ad' ? 1 : 0) + 1 + trend + (m ? m - 1 : 0) + 1;
}

/** Converts the params record of a fitted ETS model back to EtsParams. */
export function etsParamsFromRecord(spec: EtsSpec, r: Record<string, number>): EtsParams {
  const m = spec.season === 'N' ? 0 : (spec.period as number);
  return {
    alpha: r.alpha,
    beta: spec.trend !== 'N' ? r.beta : undefined,
    gamma: m ? r.gamma : undefined,
    phi: spec.trend === 'Ad' ? r.phi : undefined,
    l0: r.l0,
    b0: spec.trend !== 'N' ? r.b0 : undefined,
    s0: m ? Float64Array.from({ length: m }, (_, j) => r[`s${j}`]) : undefined,
  };
}

/** Validates y for an ETS spec: complete (no NaN), finite, and positive for any multiplicative component. */
export function checkEtsData(y: number[] | Float64Array, spec: EtsSpec): Float64Array {
  const data = toSeries(y, 'y', false, 1);
  if (spec.error === 'M' || spec.season === 'M') {
    for (let t = 0; t < data.length; t++) if (!(data[t] > 0)) throw new InvalidArgumentError(`y[${t}]`, `must be positive for a multiplicative model, got ${data[t]}`);
  }
  return data;
}

/**
 * Maximum likelihood ETS: smoothing parameters through sin² maps onto α ∈ [0,1], β ∈ [0, α],
 * γ ∈ [0, 1 − α], φ ∈ [0.8, 0.98] (R's "usual" region, bounds reachable), rejecting points outside R's admissible
 * (forecastable) region; initial states l_0, b_0 and m − 1 seasonal states (the last one from the
 * normalisation Σs = 0 or Σs = m) estimated jointly. Objective −2ℓ/n (innovations loglik with
 * constants), exact adjoint gradients (EtsLoglik.runWithGradient), three starts. y must be complete (no missing values).
 * params: alpha, beta, gamma, phi, l0, b0, s0..s{m−1} (newest first, as R's states), and sigma2 =
 * Σε²/(n − nParams) (R's convention, used for the forecast intervals). With options.initialState the
 * states are known (not normalised, not estimated, not counted) and only the smoothing parameters are
 * optimised; spec records initialization 'known' and the states.
 */
export function fitEts(y: number[] | Float64Array, spec: EtsSpec, options: EtsFitOptions = {}): FittedModel {
  const m = checkEtsSpec(spec, Array.isArray(y) || y instanceof Float64Array ? y.length : 0);
  const data = checkEtsData(y, spec);
  const n = data.length;
  const fx = etsFixed(spec, options.fixed);
  const known = options.initialState === undefined ? undefined : etsKnownStates(options.initialState, spec, m);
  const nParams = etsParamCount(spec) - fx.size - (known ? etsStateCount(spec, m) : 0);
  if (n < nParams + 2) throw new InvalidArgumentError('y', `has ${n} values, too few for ETS(${spec.error},${spec.trend},${spec.season}) with ${nParams} parameters`);
  const maxIt = options.maxIterations === undefined ? 1000 : checkInteger(options.maxIterations, 'maxIterations', 1, 100000);
  const hasTrend = spec.trend !== 'N';
  const hasSeason = spec.season !== 'N';
  const damped = spec.trend === 'Ad';
  const init = etsInitialStates(data, spec);
  let mean = 0;
  for (const v of data) mean += v;
  mean /= n;
  let sd = 0;
  for (const v of data) sd += (v - mean) ** 2;
  sd = Math.sqrt(sd / n) || 1;
  // additive states move on the scale of one-step changes, not of sd(y), which a trend inflates: scaling
  // l_0 and the seasonal states by sd(Δy) balances the problem (≈2–3× fewer iterations on long series)
  let sdd = 0;
  for (let t = 1; t < n; t++) sdd += (data[t] - data[t - 1]) ** 2;
  sdd = Math.sqrt(sdd / (n - 1)) || sd;
  const sScale = spec.season === 'M' ? 0.1 : sdd;
  // b_0 shifts ŷ_t by up to t·b_0 while the trend is near-deterministic: scale it down with √n so the
  // problem stays reasonably conditioned for long series
  const bScale = (0.1 * sdd) / Math.sqrt(n);
  // layout: [α, β?, γ?, φ?, l0, b0?, s_0..s_{m−2}?]
  const iB = 1;
  const iG = iB + (hasTrend ? 1 : 0);
  const iP = iG + (hasSeason ? 1 : 0);
  const iL = iP + (damped ? 1 : 0);
  const iS = iL + 1 + (hasTrend ? 1 : 0);
  const dim = known ? iL : iS + (hasSeason ? m - 1 : 0);
  const s0 = hasSeason ? new Float64Array(m) : undefined;
  if (known && s0) s0.set(known.subarray(hasTrend ? 2 : 1));
  const fast = new EtsLoglik(spec);
  const params: EtsParams = { alpha: 0, l0: 0, s0 };
  const decode = (x: ArrayLike<number>): EtsParams => {
    params.alpha = fx.alpha ?? sq(x[0]);
    params.beta = hasTrend ? (fx.beta ?? params.alpha * sq(x[iB])) : undefined;
    params.gamma = hasSeason ? (fx.gamma ?? (1 - params.alpha) * sq(x[iG])) : undefined;
    params.phi = damped ? (fx.phi ?? PHI_LO + (PHI_HI - PHI_LO) * sq(x[iP])) : undefined;
    if (known) {
      params.l0 = known[0];
      params.b0 = hasTrend ? known[1] : undefined;
      return params;
    }
    params.l0 = init.l0 + sdd * x[iL];
    params.b0 = hasTrend ? init.b0 + bScale * x[iL + 1] : undefined;
    if (s0 && init.s0) {
      let sum = 0;
      for (let j = 0; j < m - 1; j++) {
        s0[j] = init.s0[j] + sScale * x[iS + j];
        sum += s0[j];
      }
      s0[m - 1] = spec.season === 'A' ? -sum : m - sum;
    }
    return params;
  };
  const raw = new Float64Array(fast.nRaw);
  /** Objective −2ℓ/n and its exact gradient: adjoint ℓ derivatives chained through the transforms. */
  const fg = (x: Float64Array, g: Float64Array) => {
    const p = decode(x);
    if (!etsAdmissible(p.alpha, p.beta, p.gamma, p.phi, m, isStationary) || !fx.usual(p)) return Infinity;
    if (spec.season === 'M') for (let j = 0; j < m; j++) if (!((s0 as Float64Array)[j] > 0)) return Infinity;
    const ll = fast.runWithGradient(data, p, raw);
    if (!Number.isFinite(ll)) return Infinity;
    const c = -2 / n;
    const a = p.alpha;
    const da = dsq(x[0]);
    g.fill(0);
    g[0] = raw[0] * da;
    if (hasTrend) {
      if (fx.beta === undefined) g[0] += raw[1] * sq(x[iB]) * da;
      g[iB] = raw[1] * a * dsq(x[iB]);
    }
    if (hasSeason) {
      if (fx.gamma === undefined) g[0] -= raw[2] * sq(x[iG]) * da;
      g[iG] = raw[2] * (1 - a) * dsq(x[iG]);
    }
    if (damped) g[iP] = raw[3] * (PHI_HI - PHI_LO) * dsq(x[iP]);
    if (!known) {
      g[iL] = raw[4] * sdd;
      if (hasTrend) g[iL + 1] = raw[5] * bScale;
      if (hasSeason) for (let j = 0; j < m - 1; j++) g[iS + j] = raw[6 + j] * sScale;
    }
    for (let i = 0; i < dim; i++) g[i] *= c;
    for (const i of fx.indices(iB, iG, iP)) g[i] = 0; // fixed coordinates never move
    return (-2 * ll) / n;
  };
  const starts: Array<[number, number, number, number]> = [
    [0.5, 0.2, 0.2, 0.9],
    [0.2, 0.1, 0.05, 0.95],
    [0.9, 0.05, 0.5, 0.85],
  ];
  const x0s = starts.map(([a, b, g, ph]) => {
    const x0 = new Float64Array(dim);
    x0[0] = asq(fx.startAlpha(a));
    if (hasTrend) x0[iB] = asq(b);
    if (hasSeason) x0[iG] = asq(g);
    if (damped) x0[iP] = asq((ph - PHI_LO) / (PHI_HI - PHI_LO));
    return x0;
  });
  const ms = dim === 0 ? evaluateOnly(fg) : multiStartLbfgs(fg, x0s, { gradientTolerance: 1e-7, functionTolerance: 1e-14, maxIterations: maxIt, screenIterations: 30, keep: 2, onIteration: sameBasinStop(dim, BASIN_RADIUS, NEAR_STATIONARY) });
  const best = ms && { ll: (-ms.best.value * n) / 2, x: ms.best.x, it: ms.iterations, conv: lbfgsConverged(ms.best, (i) => i < iL && Math.abs(Math.sin(ms.best.x[i])) < 1e-3) };
  if (!best) throw new InvalidArgumentError('y', 'gives a non-finite ETS likelihood at every start (try an additive model)');
  const p = decode(best.x);
  const run = etsRun(data, spec, p, false);
  const rec: Record<string, number> = { alpha: p.alpha };
  if (hasTrend) rec.beta = p.beta as number;
  if (hasSeason) rec.gamma = p.gamma as number;
  if (damped) rec.phi = p.phi as number;
  rec.l0 = p.l0;
  if (hasTrend) rec.b0 = p.b0 as number;
  if (s0) for (let j = 0; j < m; j++) rec[`s${j}`] = s0[j];
  rec.sigma2 = run.sse / (n - nParams);
  const specOut: ModelSpec = {
    error: spec.error, trend: spec.trend, season: spec.season, ...(hasSeason ? { period: m } : {}), ...(fx.size > 0 ? { fixed: fx.names } : {}),
    ...(known ? { initialization: 'known' as const, initialState: Array.from(known) } : {}),
  };
  return { kind: 'ets', spec: specOut, params: rec, loglik: run.loglik, ...informationCriteria(run.loglik, nParams, n), nParams, converged: best.conv, iterations: best.it, nobs: n, nDiffuse: 0 };
}

/**
 * Fixed smoothing parameters of an ETS fit: alpha, beta (trend), gamma (season), phi (damped), checked
 * against R's usual region (0 < α < 1, 0 < β < α, 0 < γ < 1 − α, 0 < φ ≤ 1); the free ones keep
 * their sin² maps, and usual() rejects free values that break the region with a fixed one.
 */
function etsFixed(spec: EtsSpec, fixed: FixedParams | undefined) {
  const valid = ['alpha', ...(spec.trend !== 'N' ? ['beta'] : []), ...(spec.season !== 'N' ? ['gamma'] : []), ...(spec.trend === 'Ad' ? ['phi'] : [])];
  const f = checkFixedParams(fixed, valid, `ETS(${spec.error},${spec.trend},${spec.season})`);
  const [alpha, beta, gamma, phi] = ['alpha', 'beta', 'gamma', 'phi'].map((nm) => f.get(nm));
  const inRange = (nm: string, v: number | undefined, hi = 1, closed = false) => {
    if (v !== undefined && !(v > 0 && (closed ? v <= hi : v < hi))) throw new InvalidArgumentError(`fixed.${nm}`, `must be in (0, ${hi}${closed ? ']' : ')'}, got ${v}`);
  };
  inRange('alpha', alpha);
  inRange('beta', beta, alpha ?? 1);
  inRange('gamma', gamma, alpha === undefined ? 1 : 1 - alpha);
  inRange('phi', phi, 1, true);
  const lo = beta ?? 0;
  const hi = 1 - (gamma ?? 0);
  if (alpha === undefined && lo >= hi) throw new InvalidArgumentError('fixed.gamma', `leaves no α with β < α < 1 − γ (β = ${beta}, γ = ${gamma})`);
  return {
    alpha, beta, gamma, phi, size: f.size, names: valid.filter((nm) => f.has(nm)),
    usual: (p: EtsParams) => (beta === undefined || beta < p.alpha) && (gamma === undefined || gamma < 1 - p.alpha),
    indices: (iB: number, iG: number, iP: number) => [alpha !== undefined ? 0 : -1, beta !== undefined ? iB : -1, gamma !== undefined ? iG : -1, phi !== undefined ? iP : -1].filter((i) => i >= 0),
    /** A start α strictly inside (β, 1 − γ) of the fixed ones. */
    startAlpha: (a: number) => Math.min(Math.max(a, lo + 0.05 * (hi - lo)), hi - 0.05 * (hi - lo)),
  };
}

/** Initial states counted as parameters when estimated: level, [trend], m − 1 seasonal (the last follows from the normalisation). */
function etsStateCount(spec: EtsSpec, m: number): number {
  return 1 + (spec.trend !== 'N' ? 1 : 0) + (spec.season !== 'N' ? m - 1 : 0);
}

/** Checks known initial states: 1 + [1] + [m] finite values, level and multiplicative seasonal states positive for a multiplicative model. */
function etsKnownStates(state: ArrayLike<number>, spec: EtsSpec, m: number): Float64Array {
  const want = 1 + (spec.trend !== 'N' ? 1 : 0) + (spec.season !== 'N' ? m : 0);
  const what = `level${spec.trend !== 'N' ? ', trend' : ''}${spec.season !== 'N' ? `, ${m} seasonal states s_0..s_${1 - m}` : ''}`;
  if (!state || state.length !== want) throw new InvalidArgumentError('initialState', `must have ${want} values (${what}) for ETS(${spec.error},${spec.trend},${spec.season}), got ${state?.length}`);
  const out = Float64Array.from(state);
  const mult = spec.error === 'M' || spec.season === 'M';
  for (let i = 0; i < want; i++) {
    if (!Number.isFinite(out[i])) throw new InvalidArgumentError(`initialState[${i}]`, `must be finite, got ${out[i]}`);
    const seasonal = i >= want - (spec.season !== 'N' ? m : 0);
    if (((i === 0 && mult) || (seasonal && spec.season === 'M')) && !(out[i] > 0)) {
      throw new InvalidArgumentError(`initialState[${i}]`, `must be positive for a multiplicative model, got ${out[i]}`);
    }
  }
  return out;
}

/** Every parameter fixed and the states known: one evaluation, shaped like a converged multi-start result. */
function evaluateOnly(fg: (x: Float64Array, g: Float64Array) => number): MultiStartResult | null {
  const x = new Float64Array(0);
  const value = fg(x, new Float64Array(0));
  return Number.isFinite(value) ? { best: { x, value, gradient: x, iterations: 0, evaluations: 1, converged: true, reason: 'gradient' }, start: 0, iterations: 0 } : null;
}
