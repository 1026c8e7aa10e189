import { describe, expect, it } from 'vitest';
import { fitEts } from './ets-fit';
import { type EtsSpec } from './ets-model';
import ref from '../__fixtures__/ets_known_statsmodels.json';
import data from '../__fixtures__/r_datasets.json';

const UKGAS = Float64Array.from(data.UKgas.values);
const AIR = Float64Array.from(data.AirPassengers.values);
const AAA: EtsSpec = { error: 'A', trend: 'A', season: 'A', period: 4 };
const MAM: EtsSpec = { error: 'M', trend: 'A', season: 'M', period: 12 };

/** The fitted initial states in initialState order: l0, [b0], s0..s{m−1} (newest first). */
function statesOf(p: Record<string, number>, spec: EtsSpec): number[] {
  const m = spec.season === 'N' ? 0 : (spec.period as number);
  return [p.l0, ...(spec.trend !== 'N' ? [p.b0] : []), ...Array.from({ length: m }, (_, j) => p[`s${j}`])];
}

/**
 * Textbook ETS innovations loglik (Hyndman et al. 2008), written out directly: additive or
 * multiplicative error, additive trend, additive or multiplicative season with s_t = s_{t−m}(1 + γε)
 * for M; ℓ = −n/2·(log 2π + 1 + log(Σε²/n)) − [M error] Σ log|ŷ|.
 */
function directLoglik(y: Float64Array, spec: EtsSpec, a: number, b: number, g: number, state: number[]): number {
  const m = spec.period as number;
  let l = state[0];
  let tr = state[1];
  const s = state.slice(2).reverse(); // oldest first: s[0] is used at t = 1
  let sse = 0;
  let sumLog = 0;
  for (let t = 0; t < y.length; t++) {
    const sOld = s[t % m];
    const base = l + tr;
    const yhat = spec.season === 'M' ? base * sOld : base + sOld;
    const e = spec.error === 'M' ? (y[t] - yhat) / yhat : y[t] - yhat;
    if (spec.error === 'M') sumLog += Math.log(Math.abs(yhat));
    // additive-error form of the textbook recursions: the update uses the absolute error y − ŷ
    const d = y[t] - yhat;
    if (spec.season === 'M') {
      l = base + (a * d) / sOld;
      tr = tr + (b * d) / sOld;
      s[t % m] = sOld + (g * d) / base;
    } else {
      l = base + a * d;
      tr = tr + b * d;
      s[t % m] = sOld + g * d;
    }
    sse += e * e;
  }
  const n = y.length;
  return -0.5 * n * (Math.log(2 * Math.PI) + 1 + Math.log(sse / n)) - sumLog;
}

describe('ETS with known initial states', () => {
  it.each([
    ['A,A,A on UKgas', UKGAS, AAA],
    ['M,A,M on AirPassengers', AIR, MAM],
  ])('%s: known = the unrestricted fit\'s states reaches its loglik (1e-6 rel.) and smoothing parameters (2e-3)', (_n, y, spec) => {
    const free = fitEts(y, spec);
    const known = fitEts(y, spec, { initialState: statesOf(free.params, spec) });
    // the unrestricted optimum restricted to its own states is the optimum over the smoothing parameters
    expect(known.converged).toBe(true);
    expect(Math.abs(known.loglik / free.loglik - 1)).toBeLessThan(1e-6);
    // 2e-3: the loglik is flat in the smoothing parameters near the optimum (1e-6 rel. in ℓ ≈ √ of it in θ)
    for (const k of ['alpha', 'beta', 'gamma']) expect(Math.abs(known.params[k] - free.params[k])).toBeLessThan(2e-3);
    const nStates = 2 + (spec.period as number) - 1; // l0, b0, m − 1 free seasonal states
    expect(known.nParams).toBe(free.nParams - nStates);
    expect(known.aic).toBeCloseTo(-2 * known.loglik + 2 * known.nParams, 9);
    expect(known.spec).toMatchObject({ initialization: 'known', initialState: statesOf(free.params, spec) });
    expect(statesOf(known.params, spec)).toEqual(statesOf(free.params, spec));
  });

  it.each([
    ['A,A,A on UKgas', UKGAS, AAA, [120, 1.5, -10, -40, 8, 42]],
    ['M,A,M on AirPassengers', AIR, MAM, [118, 1, 1.1, 0.95, 0.85, 0.9, 1, 1.1, 1.2, 1.2, 1.05, 0.95, 0.9, 0.85]],
  ])('%s: everything fixed, the loglik equals a direct evaluation of the textbook recursion (1e-12 rel.)', (_n, y, spec, state) => {
    const f = fitEts(y, spec, { fixed: { alpha: 0.3, beta: 0.05, gamma: 0.2 }, initialState: state });
    expect(f).toMatchObject({ nParams: 1, iterations: 0, converged: true }); // only σ² counts
    expect(Math.abs(f.loglik / directLoglik(y, spec, 0.3, 0.05, 0.2, state) - 1)).toBeLessThan(1e-12);
  });

  it('A,A,A on UKgas vs statsmodels ETSModel(initialization_method="known"): same loglik at fixed parameters (1e-10), at least its MLE loglik', () => {
    // statsmodels' initial_seasonal is oldest first; the fixture stores it reversed, as initialState wants
    expect(ref.initialState.slice(2)).toEqual([...ref.sm_initial_seasonal_oldest_first].reverse());
    const at = fitEts(UKGAS, AAA, { fixed: ref.params_at, initialState: ref.initialState });
    expect(Math.abs(at.loglik / ref.llf_at - 1)).toBeLessThan(1e-10);
    const f = fitEts(UKGAS, AAA, { initialState: ref.initialState });
    expect(f.converged).toBe(true);
    expect(f.loglik).toBeGreaterThanOrEqual(ref.llf - 1e-3);
    // same optimum unless one of us stalls: 1e-3 on the smoothing parameters
    for (const k of ['alpha', 'beta', 'gamma'] as const) expect(Math.abs(f.params[k] - ref.params[k])).toBeLessThan(1e-3);
    expect(f.nParams).toBe(4); // α, β, γ, σ²
  });

  it.each([
    ['a wrong length', AAA, [1, 2, 3], 'initialState must have 6 values'],
    ['a non-finite state', AAA, [1, 2, 3, NaN, 0, 0], 'initialState[3] must be finite'],
    ['a non-positive multiplicative seasonal state', { ...MAM, period: 4 }, [100, 1, 1, 0, 1, 1], 'initialState[3] must be positive'],
    ['a non-positive level with multiplicative errors', { error: 'M', trend: 'N', season: 'N' } as EtsSpec, [-1], 'initialState[0] must be positive'],
  ])('rejects %s, naming initialState', (_n, spec, state, text) => {
    expect(() => fitEts(UKGAS, spec, { initialState: state })).toThrow(text);
  });
});
