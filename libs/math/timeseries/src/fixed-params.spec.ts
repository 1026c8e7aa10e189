import { describe, expect, it } from 'vitest';
import { fitArma } from './arma-mle';
import { fitEts } from './ets/ets-fit';
import { forecastFitted } from './forecast-fitted';
import { kalmanFilter } from './kalman-filter';
import { knownInit } from './state-space';
import { fitStructural, structuralLoglik } from './structural-fit';
import { structuralModel } from './structural-models';
import { loadNile } from './test-helpers';
import ref from './__fixtures__/fixed_tv_statsmodels.json';
import data from './__fixtures__/r_datasets.json';

// statsmodels 0.13.5 fit_constrained / initialize_known (tools/reference/timeseries/fixed_tv_statsmodels.py)
const SERIES = data as Record<string, { values: number[] }>;
const SM_NAMES: Record<string, string> = {
  'sigma2.irregular': 'sigma2Irregular', 'sigma2.level': 'sigma2Level', 'sigma2.trend': 'sigma2Slope', 'sigma2.seasonal': 'sigma2Seasonal',
  const: 'mean', 'ar.L1': 'ar1', 'ar.L2': 'ar2', 'ma.L1': 'ma1', sigma2: 'sigma2',
};
const rename = (fixed: Record<string, number | undefined>): Record<string, number> =>
  Object.fromEntries(Object.entries(fixed).flatMap(([k, v]) => (v === undefined ? [] : [[SM_NAMES[k], v]])));

describe('structural fits with fixed variances', () => {
  for (const c of ref.structural_fixed) {
    const y = Float64Array.from(SERIES[c.data].values);
    const spec = c.seasonal ? { trend: 'trend' as const, period: c.seasonal, seasonal: 'dummy' as const } : { trend: c.level === 'llevel' ? ('level' as const) : ('trend' as const) };
    const fixed = rename(c.fixed);
    it(`${c.data} ${c.level}${c.seasonal ? ` s=${c.seasonal}` : ''} fixed ${JSON.stringify(fixed)}: loglik ≥ statsmodels' − 1e-3, fixed values kept, only free ones counted`, () => {
      const f = fitStructural(y, spec, { fixed });
      for (const [k, v] of Object.entries(fixed)) expect(f.params[k]).toBe(v);
      expect(f.loglik).toBeGreaterThanOrEqual(c.llf - 1e-3);
      expect(f.converged).toBe(true);
      const m = spec.trend === 'level' ? 1 : 2 + (c.seasonal ? c.seasonal - 1 : 0);
      const free = c.param_names.length - Object.keys(fixed).length;
      expect(f.nParams).toBe(free + m); // free variances + diffuse initial states
      expect(f.nDiffuse).toBe(m);
      expect(f.aic).toBeCloseTo(-2 * f.loglik + 2 * f.nParams, 9);
      expect(f.spec.fixed).toEqual(Object.keys(fixed));
      // the loglik reported is the one at the reported params (1e-10 relative)
      expect(Math.abs(structuralLoglik(y, spec, f.params) / f.loglik - 1)).toBeLessThan(1e-10);
      if (free === 0) {
        expect(f.iterations).toBe(0); // all fixed: evaluated, not optimised
        expect(Math.abs(f.loglik - c.llf)).toBeLessThan(1e-8 * Math.abs(c.llf));
      }
    });
  }

  it('rejects unknown names listing the valid ones, and negative variances', () => {
    const y = loadNile();
    expect(() => fitStructural(y, { trend: 'level' }, { fixed: { 'sigma2.irregular': 1 } })).toThrow(/fixed\.sigma2\.irregular is not a parameter of local-level; valid names: sigma2Irregular, sigma2Level/);
    expect(() => fitStructural(y, { trend: 'level' }, { fixed: { sigma2Slope: 1 } })).toThrow(/fixed\.sigma2Slope/);
    expect(() => fitStructural(y, { trend: 'level' }, { fixed: { sigma2Level: -1 } })).toThrow(/fixed\.sigma2Level .*≥ 0/);
    expect(() => fitStructural(y, { trend: 'level' }, { fixed: { sigma2Level: NaN } })).toThrow(/fixed\.sigma2Level must be a finite number/);
  });
});

describe('structural fits with a known initialisation', () => {
  const k = ref.nile_known;
  const y = loadNile();
  const known = { state: k.a1, cov: k.P1.flat() };

  it("Nile local level with α_1 ~ N(1100, 20000): loglik at (15099, 1469.1) equals statsmodels' (1e-10) and the MLE reaches its optimum", () => {
    const at = fitStructural(y, { trend: 'level' }, { known, fixed: { sigma2Irregular: k.params_at[0], sigma2Level: k.params_at[1] } });
    expect(Math.abs(at.loglik / k.llf_at - 1)).toBeLessThan(1e-10);
    expect(at.nDiffuse).toBe(0);
    expect(at.nParams).toBe(0);
    const f = fitStructural(y, { trend: 'level' }, { known });
    expect(f.loglik).toBeGreaterThanOrEqual(k.llf - 1e-3);
    // statsmodels stops at a slightly lower point of this flat likelihood (ours is ~1e-4 higher), so the
    // check is optimality: moving either variance by ±1% lowers the loglik
    for (const nm of ['sigma2Irregular', 'sigma2Level']) {
      for (const d of [0.99, 1.01]) {
        const moved = { ...f.params, [nm]: f.params[nm] * d };
        expect(fitStructural(y, { trend: 'level' }, { known, fixed: moved }).loglik).toBeLessThan(f.loglik);
      }
    }
    expect(f.nParams).toBe(2);
    expect(f.spec).toMatchObject({ initialization: 'known', initialState: [1100], initialCov: [20000] });
    // forecasts continue from the same (known) initialisation: equal to a direct filter run
    const fc = forecastFitted(f, y, 3);
    const { model } = structuralModel({ trend: 'level' }, f.params);
    const kf = kalmanFilter(model, knownInit(k.a1, k.P1.flat(), 1), y);
    expect(Math.abs(fc.mean[0] - kf.nextState[0])).toBeLessThan(1e-9 * kf.nextState[0]);
  });

  it('rejects a known initialisation of the wrong size or not positive semidefinite', () => {
    expect(() => fitStructural(y, { trend: 'trend' }, { known })).toThrow(/initialization\.state must have 2 values/);
    expect(() => fitStructural(y, { trend: 'trend' }, { known: { state: [0, 0], cov: [1, 2, 2, 1] } })).toThrow(/initialization\.cov must be positive semidefinite/);
  });
});

describe('ARMA fits with fixed parameters', () => {
  for (const c of ref.arma_fixed) {
    const y = Float64Array.from(SERIES[c.data].values);
    const fixed = rename(c.fixed);
    it(`${c.data} ARMA(${c.p},${c.q}) fixed ${JSON.stringify(fixed)}: loglik ≥ statsmodels' − 1e-3 and free estimates agree`, () => {
      const f = fitArma(y, c.p, c.q, { fixed });
      for (const [k, v] of Object.entries(fixed)) expect(f.params[k]).toBe(v);
      expect(f.loglik).toBeGreaterThanOrEqual(c.llf - 1e-3);
      expect(f.converged).toBe(true);
      expect(f.nParams).toBe(c.param_names.length - Object.keys(fixed).length);
      c.param_names.forEach((nm, i) => expect(Math.abs(f.params[SM_NAMES[nm]] - c.params[i])).toBeLessThan(2e-3 * Math.max(1, Math.abs(c.params[i]))));
    });
  }

  it('all parameters fixed: evaluates the exact loglik (0 iterations, nParams 0)', () => {
    const y = Float64Array.from(SERIES.LakeHuron.values);
    const c = ref.arma_fixed[0];
    const fixed: Record<string, number> = {};
    c.param_names.forEach((nm, i) => (fixed[SM_NAMES[nm]] = c.params[i]));
    const f = fitArma(y, 1, 1, { fixed });
    expect(f.iterations).toBe(0);
    expect(f.nParams).toBe(0);
    expect(Math.abs(f.loglik - c.llf)).toBeLessThan(1e-8 * Math.abs(c.llf));
  });

  it('a partially fixed AR polynomial is searched inside the stationary region', () => {
    const y = Float64Array.from(SERIES.LakeHuron.values);
    const free = fitArma(y, 2, 0);
    const f = fitArma(y, 2, 0, { fixed: { ar2: -0.2 } });
    expect(f.params.ar2).toBe(-0.2);
    expect(f.loglik).toBeLessThanOrEqual(free.loglik + 1e-9);
    // the profile over ar1 at ar2 = −0.2 is maximised: nudging ar1 lowers the loglik
    const g = (a1: number) => fitArma(y, 2, 0, { fixed: { ar1: a1, ar2: -0.2 } }).loglik;
    expect(g(f.params.ar1 + 1e-3)).toBeLessThan(f.loglik);
    expect(g(f.params.ar1 - 1e-3)).toBeLessThan(f.loglik);
  });

  it.each([
    [{ ar1: 1.0 }, 1, 0, /fixed\.ar1 AR coefficients \(ar1 = 1\) are not stationary/],
    [{ ar1: 0.5, ar2: 0.6 }, 2, 0, /fixed AR coefficients .* not stationary/],
    [{ ma1: -1.5 }, 0, 1, /fixed\.ma1 MA coefficients \(ma1 = -1\.5\) are not invertible/],
    [{ sigma2: 0 }, 1, 0, /fixed\.sigma2 .* > 0/],
    [{ ar3: 0.1 }, 1, 1, /fixed\.ar3 is not a parameter of arma\(1, 1\) with mean; valid names: ar1, ma1, mean, sigma2/],
    [{ mean: 1 }, 1, 0, /valid names: ar1, sigma2/],
  ])('rejects fixed %j for ARMA(%i,%i)', (fixed, p, q, re) => {
    const y = Float64Array.from(SERIES.LakeHuron.values);
    expect(() => fitArma(y, p, q, { fixed, includeMean: !('mean' in fixed) })).toThrow(re);
  });
});

describe('ETS fits with fixed smoothing parameters', () => {
  const y = Float64Array.from(SERIES.AirPassengers.values);
  const spec = { error: 'M' as const, trend: 'Ad' as const, season: 'M' as const, period: 12 };

  it('keeps the fixed ones, estimates the rest, counts only the free ones, and fixing at the MLE changes nothing', () => {
    const free = fitEts(y, spec);
    const f = fitEts(y, spec, { fixed: { alpha: free.params.alpha, phi: free.params.phi } });
    expect(f.params.alpha).toBe(free.params.alpha);
    expect(f.params.phi).toBe(free.params.phi);
    expect(f.nParams).toBe(free.nParams - 2);
    expect(f.spec.fixed).toEqual(['alpha', 'phi']);
    // held at the optimum, the remaining optimum is the same (1e-4 of the loglik scale, optimiser tolerance)
    expect(Math.abs(f.loglik - free.loglik)).toBeLessThan(1e-2);
    const g = fitEts(y, spec, { fixed: { beta: 0.001, gamma: 0.01 } });
    expect(g.params.beta).toBe(0.001);
    expect(g.params.gamma).toBe(0.01);
    expect(g.params.alpha).toBeGreaterThan(0.001);
    expect(g.loglik).toBeLessThanOrEqual(free.loglik + 1e-6);
  });

  it.each([
    [{ alpha: 1.2 }, /fixed\.alpha must be in \(0, 1\)/],
    [{ alpha: 0.3, beta: 0.5 }, /fixed\.beta must be in \(0, 0\.3\)/],
    [{ delta: 0.3 }, /fixed\.delta is not a parameter of ETS\(M,Ad,M\); valid names: alpha, beta, gamma, phi/],
  ])('rejects fixed %j', (fixed, re) => {
    expect(() => fitEts(y, spec, { fixed })).toThrow(re);
  });
});
