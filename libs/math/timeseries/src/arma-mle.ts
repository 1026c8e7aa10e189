import { FailedPreconditionError, InvalidArgumentError, leastSquares } from '@modelbus/math-linalg';
import { numericGradient } from '@modelbus/math-stats';
import { multiStartLbfgs } from './multi-start';
import { armaSystem } from './arma-state-space';
import { constrainInvertible, constrainStationary, unconstrainInvertible, unconstrainStationary } from './arma-transform';
import { type FittedModel, informationCriteria } from './fitted-model';
import { type FixedParams, checkFixedParams } from './fixed-params';
import { lbfgsConverged } from './optimizer-status';
import { isInvertible, isStationary, unitCircleViolation } from './polynomial';
import { UnivariateLoglik } from './ssm-loglik';
import { knownInit } from './state-space';
import { checkInteger, toSeries } from './validate';
import { levinson } from './yule-walker';

const LOG_2PI = Math.log(2 * Math.PI);

export interface ArmaFitOptions {
  /** Estimate a mean μ (y_t − μ follows the ARMA process); default true. */
  includeMean?: boolean;
  /** Iteration cap per start (default 1000). */
  maxIterations?: number;
  /**
   * Parameters held at given values, by the names of params (ar1..arp, ma1..maq, mean, sigma2);
   * only the others are estimated. All fixed = just evaluate. Fixed AR coefficients must be
   * stationary (all of them fixed) and fixed MA ones invertible, else InvalidArgumentError.
   */
  fixed?: FixedParams;
  /**
   * Known initialisation instead of the stationary one: α_1 ~ N(state, cov) for the Harvey state
   * (see armaStateSpace) of the de-meaned process x_t = y_t − μ, r = max(p, q + 1, 1) states:
   * α_t[0] = x_t and, for i ≥ 1, α_t[i] = Σ_{k=i}^{r−1} (φ_{k+1} x_{t−1−k+i} + θ_k e_{t−k+i})
   * (φ_k = 0 for k > p, θ_k = 0 for k > q). cov is P_1 (r × r row-major, symmetric PSD) in the
   * data's units (not scaled by σ²), so σ² is then estimated directly rather than concentrated out.
   * The initial state is given, not estimated: nParams is unchanged. Errors name
   * initialization.state / initialization.cov.
   */
  known?: { state: ArrayLike<number>; cov: ArrayLike<number> };
}

/**
 * Exact Gaussian loglik (all constants) of ARMA(p, q) with mean μ and innovation variance σ²:
 * Kalman filter on the Harvey state space form with the stationary (Lyapunov) initialisation.
 * y may contain NaN (missing). Throws InvalidArgumentError for non-stationary ar.
 */
export function armaLoglik(y: number[] | Float64Array, ar: ArrayLike<number>, ma: ArrayLike<number>, sigma2: number, mean = 0): number {
  const data = toSeries(y, 'y', true, 1);
  const x = new Float64Array(data.length);
  for (let t = 0; t < data.length; t++) x[t] = data[t] - mean;
  const s = armaSystemChecked(ar, ma, sigma2);
  return new UnivariateLoglik(s.m).run(x, s).loglik;
}

function armaSystemChecked(ar: ArrayLike<number>, ma: ArrayLike<number>, sigma2: number) {
  if (!(sigma2 > 0 && Number.isFinite(sigma2))) throw new InvalidArgumentError('sigma2', 'must be a finite positive number');
  if (Number.isNaN(unconstrainStationary(ar).reduce((a, b) => a + b, 0))) throw new InvalidArgumentError('ar', 'is not stationary: a root lies on or inside the unit circle');
  return armaSystem(ar, ma, sigma2);
}

/** Names of the ARMA(p, q) parameters in params order. */
export function armaParamNames(p: number, q: number, includeMean: boolean): string[] {
  const names: string[] = [];
  for (let i = 0; i < p; i++) names.push(`ar${i + 1}`);
  for (let i = 0; i < q; i++) names.push(`ma${i + 1}`);
  if (includeMean) names.push('mean');
  names.push('sigma2');
  return names;
}

/**
 * How one lag polynomial (AR or MA) is searched: 'transform' (no coefficient fixed: the
 * partial-autocorrelation map keeps every iterate stationary/invertible), 'fixed' (all fixed,
 * checked once), 'direct' (some fixed: the free coefficients are optimised as they are, and the
 * objective is +∞ outside the stationary/invertible region — the transform cannot hold single
 * coefficients fixed).
 */
type PolyMode = 'transform' | 'fixed' | 'direct';

function polyMode(prefix: string, order: number, fixed: Map<string, number>): { mode: PolyMode; values: Float64Array; free: number[] } {
  const values = new Float64Array(order);
  const free: number[] = [];
  for (let i = 0; i < order; i++) {
    const v = fixed.get(`${prefix}${i + 1}`);
    if (v === undefined) free.push(i);
    else values[i] = v;
  }
  const mode: PolyMode = free.length === order ? 'transform' : free.length === 0 ? 'fixed' : 'direct';
  return { mode, values, free };
}

/**
 * Exact Gaussian MLE of ARMA(p, q) [+ mean]: L-BFGS over partial-autocorrelation–transformed
 * coefficients (Jones 1980 / Monahan 1984: every iterate is stationary and invertible) and the
 * mean, with σ² concentrated out (σ̂² = Σ v²/F / n), central-difference gradients, and several
 * starts (Hannan–Rissanen, Yule–Walker AR with θ = 0, zero); the best loglik wins. y may contain
 * NaN (missing). params: ar1..arp, ma1..maq, mean (if included), sigma2. Fixed parameters
 * (options.fixed) keep their values; nParams counts the free ones (p + q + mean + 1 without any).
 */
export function fitArma(y: number[] | Float64Array, p: number, q: number, options: ArmaFitOptions = {}): FittedModel {
  const data = toSeries(y, 'y', true, 1);
  checkInteger(p, 'p', 0, 50);
  checkInteger(q, 'q', 0, 50);
  const includeMean = options.includeMean ?? true;
  const maxIt = options.maxIterations === undefined ? 1000 : checkInteger(options.maxIterations, 'maxIterations', 1, 100000);
  const names = armaParamNames(p, q, includeMean);
  const fixed = checkFixedParams(options.fixed, names, `arma(${p}, ${q})${includeMean ? ' with mean' : ' without mean'}`);
  const arP = polyMode('ar', p, fixed);
  const maP = polyMode('ma', q, fixed);
  checkFixedPolynomials(arP, maP, p, q);
  const fixedSigma2 = fixed.get('sigma2');
  if (fixedSigma2 !== undefined && !(fixedSigma2 > 0)) throw new InvalidArgumentError('fixed.sigma2', `is a variance and must be > 0, got ${fixedSigma2}`);
  const fixedMean = fixed.get('mean');
  const r = Math.max(p, q + 1, 1);
  const known = options.known ? knownInit(options.known.state, options.known.cov, r) : null;
  /** With a known P_1, σ² scales only part of the covariance: it is a free coordinate (log σ²) unless fixed. */
  const freeLogSigma2 = known !== null && fixedSigma2 === undefined;
  const obs: number[] = [];
  for (const v of data) if (!Number.isNaN(v)) obs.push(v);
  const n = obs.length;
  const nParams = names.length - fixed.size;
  if (n < p + q + (includeMean ? 1 : 0) + 3) throw new InvalidArgumentError('order', `p + q = ${p + q} is too large for ${n} observations (need n ≥ p + q + ${(includeMean ? 1 : 0) + 3})`);
  let ybar = 0;
  for (const v of obs) ybar += v;
  ybar /= n;
  let sd = 0;
  for (const v of obs) sd += (v - ybar) ** 2;
  sd = Math.sqrt(sd / n) || 1;
  const freeMean = includeMean && fixedMean === undefined;
  const nAr = arP.mode === 'fixed' ? 0 : arP.free.length;
  const nMa = maP.mode === 'fixed' ? 0 : maP.free.length;
  const kMean = nAr + nMa + (freeMean ? 1 : 0);
  const k = kMean + (freeLogSigma2 ? 1 : 0);
  const phi = Float64Array.from(arP.values);
  const theta = Float64Array.from(maP.values);
  const work = new Float64Array(Math.max(p, q, 1));
  const x = new Float64Array(data.length);
  const filter = new UnivariateLoglik(r);
  /** Writes φ, θ from the free coordinates; returns μ, or NaN outside the stationary/invertible region (direct modes). */
  const unpack = (th: ArrayLike<number>): number => {
    if (arP.mode === 'transform') constrainStationary(Array.prototype.slice.call(th, 0, p), phi, work);
    else if (arP.mode === 'direct') for (let i = 0; i < nAr; i++) phi[arP.free[i]] = th[i];
    if (maP.mode === 'transform') constrainInvertible(Array.prototype.slice.call(th, nAr, nAr + q), theta, work);
    else if (maP.mode === 'direct') for (let i = 0; i < nMa; i++) theta[maP.free[i]] = th[nAr + i];
    if (arP.mode === 'direct' && !isStationary(phi)) return NaN;
    if (maP.mode === 'direct' && !isInvertible(theta)) return NaN;
    return freeMean ? ybar + sd * th[nAr + nMa] : includeMean ? (fixedMean as number) : 0;
  };
  /** Loglik at unconstrained th, σ² profiled out (σ̂² = Σv²/F / n) unless it is fixed. */
  const profile = (th: ArrayLike<number>): { ll: number; sigma2: number } => {
    const mu = unpack(th);
    if (Number.isNaN(mu)) return { ll: -Infinity, sigma2: NaN };
    for (let t = 0; t < data.length; t++) x[t] = data[t] - mu;
    if (known) {
      const sigma2 = freeLogSigma2 ? Math.exp(th[kMean]) : (fixedSigma2 as number);
      const s = armaSystem(phi, theta, sigma2, { a1: known.a1, P1: known.Pstar.data });
      const res = filter.run(x, s);
      return { ll: -0.5 * (n * LOG_2PI + res.sumLogF + res.sumV2F), sigma2 };
    }
    let s;
    try {
      s = armaSystem(phi, theta, 1);
    } catch (e) {
      if (e instanceof FailedPreconditionError) return { ll: -Infinity, sigma2: NaN };
      throw e;
    }
    const r = filter.run(x, s);
    if (fixedSigma2 !== undefined) {
      return { ll: -0.5 * (n * (LOG_2PI + Math.log(fixedSigma2)) + r.sumLogF + r.sumV2F / fixedSigma2), sigma2: fixedSigma2 };
    }
    const sigma2 = r.sumV2F / r.nRegular;
    return { ll: -0.5 * (n * (LOG_2PI + 1 + Math.log(sigma2)) + r.sumLogF), sigma2 };
  };
  const value = (th: Float64Array) => -profile(th).ll / n;
  const fg = (th: Float64Array, g: Float64Array) => {
    const f = value(th);
    if (Number.isFinite(f)) numericGradient(value, th, g);
    return f;
  };
  let best: { ll: number; th: Float64Array; it: number; conv: boolean } | null = null;
  if (k === 0) {
    const th = new Float64Array(0);
    const ll = profile(th).ll;
    if (Number.isFinite(ll)) best = { ll, th, it: 0, conv: true };
  } else {
    const filled = Float64Array.from(data, (v) => (Number.isNaN(v) ? ybar : v));
    const logVar = Math.log(sd * sd);
    const starts = armaStarts(filled, p, q, ybar).map((st) => {
      const fs = freeStart(st, arP, maP, p, q, freeMean, work);
      return freeLogSigma2 ? Float64Array.of(...fs, logVar) : fs;
    });
    const ms = multiStartLbfgs(fg, starts, { gradientTolerance: 1e-7, functionTolerance: 1e-14, maxIterations: maxIt, screenIterations: 15, keep: 2 });
    if (ms) best = { ll: profile(ms.best.x).ll, th: Float64Array.from(ms.best.x), it: ms.iterations, conv: lbfgsConverged(ms.best) };
  }
  if (!best) {
    if (arP.mode === 'direct' || maP.mode === 'direct') {
      throw new InvalidArgumentError('fixed', 'leaves no stationary/invertible start for the free AR/MA coefficients: fix all AR (or MA) coefficients or none of them');
    }
    throw new FailedPreconditionError('ARMA likelihood is not finite at any start');
  }
  const { sigma2 } = profile(best.th);
  const mu = unpack(best.th);
  const params: Record<string, number> = {};
  for (let i = 0; i < p; i++) params[`ar${i + 1}`] = phi[i];
  for (let i = 0; i < q; i++) params[`ma${i + 1}`] = theta[i];
  if (includeMean) params.mean = mu;
  params.sigma2 = sigma2;
  const spec = {
    p, q, includeMean,
    ...(fixed.size > 0 ? { fixed: names.filter((nm) => fixed.has(nm)) } : {}),
    ...(known ? { initialization: 'known' as const, initialState: Array.from(known.a1), initialCov: Array.from(known.Pstar.data) } : {}),
  };
  return { kind: 'arma', spec, params, loglik: best.ll, ...informationCriteria(best.ll, nParams, n), nParams, converged: best.conv, iterations: best.it, nobs: n, nDiffuse: 0 };
}

/** Fixed AR coefficients (all of them) must be stationary, fixed MA ones invertible: InvalidArgumentError naming them otherwise. */
function checkFixedPolynomials(ar: ReturnType<typeof polyMode>, ma: ReturnType<typeof polyMode>, p: number, q: number): void {
  const list = (prefix: string, v: Float64Array) => Array.from(v, (c, i) => `${prefix}${i + 1} = ${c}`).join(', ');
  if (ar.mode === 'fixed' && p > 0) {
    const why = unitCircleViolation(ar.values, 1);
    if (why) throw new InvalidArgumentError(p === 1 ? 'fixed.ar1' : 'fixed', `AR coefficients (${list('ar', ar.values)}) are not stationary: ${why}`);
  }
  if (ma.mode === 'fixed' && q > 0) {
    const why = unitCircleViolation(ma.values, -1);
    if (why) throw new InvalidArgumentError(q === 1 ? 'fixed.ma1' : 'fixed', `MA coefficients (${list('ma', ma.values)}) are not invertible: ${why}`);
  }
}

/** Maps a full transformed start (ar, ma, mean offset) to the free coordinates of the fit's layout. */
function freeStart(st: Float64Array, ar: ReturnType<typeof polyMode>, ma: ReturnType<typeof polyMode>, p: number, q: number, freeMean: boolean, work: Float64Array): Float64Array {
  const out: number[] = [];
  const direct = (mode: PolyMode, poly: ReturnType<typeof polyMode>, from: number, order: number, sign: 1 | -1) => {
    if (mode === 'transform') for (let i = 0; i < order; i++) out.push(st[from + i]);
    else if (mode === 'direct') {
      const c = new Float64Array(order);
      constrainStationary(st.subarray(from, from + order), c, work);
      for (const i of poly.free) out.push(sign * c[i]);
    }
  };
  direct(ar.mode, ar, 0, p, 1);
  direct(ma.mode, ma, p, q, -1);
  if (freeMean) out.push(st[p + q]);
  return Float64Array.from(out);
}

/** Unconstrained starting vectors (ar, ma, mean offset): Hannan–Rissanen, Yule–Walker AR + θ = 0, and zero. */
function armaStarts(y: Float64Array, p: number, q: number, ybar: number): Float64Array[] {
  const n = y.length;
  const k = p + q + 1;
  const starts: Float64Array[] = [];
  const rho = autocorr(y, ybar, Math.max(p, Math.min(Math.floor(n / 3), Math.max(10, p + q + 5))));
  const pack = (ar: ArrayLike<number>, ma: ArrayLike<number>) => {
    const s = new Float64Array(k);
    s.set(unconstrainStationary(ar), 0);
    s.set(unconstrainInvertible(ma), p);
    for (let i = 0; i < k; i++) if (!Number.isFinite(s[i])) return null;
    for (let i = 0; i < k; i++) s[i] = Math.max(-5, Math.min(5, s[i]));
    return s;
  };
  if (q > 0) {
    const hr = hannanRissanen(y, ybar, p, q, rho);
    if (hr) {
      for (let shrink = 1, tries = 0; tries < 40; tries++, shrink *= 0.9) {
        const s = pack(hr.ar.map((v) => v * shrink), hr.ma.map((v) => v * shrink));
        if (s) {
          starts.push(s);
          break;
        }
      }
    }
  }
  if (p > 0) {
    const s = pack(levinson(rho, p).phi, new Float64Array(q));
    if (s) starts.push(s);
  }
  starts.push(new Float64Array(k));
  return starts;
}

function autocorr(y: Float64Array, ybar: number, lags: number): Float64Array {
  const n = y.length;
  const out = new Float64Array(lags + 1);
  for (let l = 0; l <= lags; l++) {
    let s = 0;
    for (let t = 0; t + l < n; t++) s += (y[t] - ybar) * (y[t + l] - ybar);
    out[l] = s;
  }
  const g0 = out[0] || 1;
  for (let l = 0; l <= lags; l++) out[l] /= g0;
  return out;
}

/** Hannan–Rissanen: long-AR residuals, then least squares of y on its p lags and q lagged residuals. */
function hannanRissanen(y: Float64Array, ybar: number, p: number, q: number, rho: Float64Array): { ar: number[]; ma: number[] } | null {
  const n = y.length;
  const K = rho.length - 1;
  if (K < 1) return null;
  const long = levinson(rho, K).phi;
  const e = new Float64Array(n);
  for (let t = K; t < n; t++) {
    let s = y[t] - ybar;
    for (let j = 1; j <= K; j++) s -= long[j - 1] * (y[t - j] - ybar);
    e[t] = s;
  }
  const t0 = K + q;
  const rows = n - t0;
  const cols = p + q;
  if (rows <= cols + 1) return null;
  const A = { rows, cols, data: new Float64Array(rows * cols) };
  const b = { rows, cols: 1, data: new Float64Array(rows) };
  for (let i = 0; i < rows; i++) {
    const t = t0 + i;
    for (let j = 0; j < p; j++) A.data[i * cols + j] = y[t - j - 1] - ybar;
    for (let j = 0; j < q; j++) A.data[i * cols + p + j] = e[t - j - 1];
    b.data[i] = y[t] - ybar;
  }
  try {
    const sol = leastSquares(A, b).data;
    return { ar: Array.from(sol.slice(0, p)), ma: Array.from(sol.slice(p)) };
  } catch {
    return null;
  }
}
