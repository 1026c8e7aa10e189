import { Rng } from '@modelbus/math-stats';
import { describe, expect, it } from 'vitest';
import { UnivariateScore } from './loglik-score';
import { UnivariateLoglik } from './ssm-loglik';
import { knownInit } from './state-space';
import { structuralScoreDirections } from './structural-fit';
import { type StructuralSpec, structuralModel, structuralParamNames, toUnivariateSystem } from './structural-models';
import data from './__fixtures__/r_datasets.json';

const SERIES = data as Record<string, { values: number[] }>;

/** Richardson-extrapolated central differences of ℓ in ψ_k (relative step): accurate to ~1e-9 relative. */
function numericScore(ll: (p: Record<string, number>) => number, params: Record<string, number>, names: string[]): number[] {
  return names.map((nm) => {
    const d = (h: number) => (ll({ ...params, [nm]: params[nm] + h }) - ll({ ...params, [nm]: params[nm] - h })) / (2 * h);
    const h = 1e-3 * params[nm];
    return (4 * d(h / 2) - d(h)) / 3;
  });
}

describe('analytic score of the exact-diffuse loglik (disturbance smoother) vs numeric differentiation', () => {
  const cases: Array<[string, StructuralSpec, string, Record<string, number>, number[]]> = [
    ['local level, Nile, two missing', { trend: 'level' }, 'Nile', { sigma2Irregular: 12000, sigma2Level: 2000 }, [10, 11]],
    ['local linear trend, LakeHuron', { trend: 'trend' }, 'LakeHuron', { sigma2Irregular: 0.3, sigma2Level: 0.5, sigma2Slope: 0.01 }, []],
    ['BSM dummy s=4, log UKgas, missing inside and after the diffuse phase', { trend: 'trend', period: 4, seasonal: 'dummy' }, 'UKgas', { sigma2Irregular: 0.001, sigma2Level: 0.0005, sigma2Slope: 1e-5, sigma2Seasonal: 0.0008 }, [2, 10, 11]],
    ['BSM trig s=12, log AirPassengers', { trend: 'trend', period: 12, seasonal: 'trig' }, 'AirPassengers', { sigma2Irregular: 0.0003, sigma2Level: 0.0007, sigma2Slope: 1e-6, sigma2Seasonal: 1e-5 }, []],
  ];
  for (const [label, spec, name, params, gaps] of cases) {
    it(`${label}: loglik equals UnivariateLoglik (1e-10; it freezes the gain at steady state) and the score equals the numeric one (1e-6 of its scale)`, () => {
      const raw = SERIES[name].values;
      const y = Float64Array.from(raw, (v) => (name === 'UKgas' || name === 'AirPassengers' ? Math.log(v) : v));
      for (const t of gaps) y[t] = NaN;
      const names = structuralParamNames(spec);
      const filter = new UnivariateLoglik(1 + (spec.trend === 'trend' ? 1 : 0) + (spec.period ? spec.period - 1 : 0));
      const ll = (p: Record<string, number>) => {
        const { model, init } = structuralModel(spec, p);
        return filter.run(y, toUnivariateSystem(model, init)).loglik;
      };
      const { model, init } = structuralModel(spec, params);
      const score = new UnivariateScore(model.T.rows);
      const g = new Float64Array(names.length);
      const value = score.run(y, toUnivariateSystem(model, init), structuralScoreDirections(spec, structuralParamNames(spec)), g);
      expect(Math.abs(value - ll(params))).toBeLessThan(1e-10 * Math.abs(value));
      const num = numericScore(ll, params, names);
      // scale: |∂ℓ/∂log ψ| summed, the units the optimiser sees
      const scale = names.reduce((s, nm, i) => s + Math.abs(num[i] * params[nm]), 0);
      for (let i = 0; i < names.length; i++) expect(Math.abs((g[i] - num[i]) * params[names[i]])).toBeLessThan(1e-6 * scale);
    });
  }

  it('long series: the frozen steady-state gain and frozen N give the same loglik and score, also thawed by missing values', () => {
    const rng = new Rng(5);
    const n = 3000;
    const y = new Float64Array(n);
    let level = 100;
    for (let t = 0; t < n; t++) {
      level += 0.3 * rng.normal();
      y[t] = level + 5 * Math.sin((2 * Math.PI * t) / 4) + rng.normal();
    }
    for (const t of [1500, 1501, 2200]) y[t] = NaN;
    const spec: StructuralSpec = { trend: 'trend', period: 4, seasonal: 'dummy' };
    const names = structuralParamNames(spec);
    const params = { sigma2Irregular: 0.9, sigma2Level: 0.1, sigma2Slope: 1e-4, sigma2Seasonal: 0.01 };
    const filter = new UnivariateLoglik(5);
    const ll = (p: Record<string, number>) => filter.run(y, toUnivariateSystem(structuralModel(spec, p).model, structuralModel(spec, p).init)).loglik;
    const score = new UnivariateScore(5);
    const g = new Float64Array(names.length);
    const { model, init } = structuralModel(spec, params);
    const value = score.run(y, toUnivariateSystem(model, init), structuralScoreDirections(spec, names), g);
    // many steps ran frozen in both passes (so the shortcut is exercised; measured 2090 and 1193), yet the results agree
    expect(score.steadySteps).toBeGreaterThan(n / 2);
    expect(score.frozenSteps).toBeGreaterThan(n / 4);
    expect(Math.abs(value - ll(params))).toBeLessThan(1e-10 * Math.abs(value));
    const num = numericScore(ll, params, names);
    const scale = names.reduce((acc, nm, i) => acc + Math.abs(num[i] * params[nm as keyof typeof params]), 0);
    for (let i = 0; i < names.length; i++) expect(Math.abs((g[i] - num[i]) * params[names[i] as keyof typeof params])).toBeLessThan(1e-6 * scale);
  });

  it('with a known (proper) initialisation too', () => {
    const y = Float64Array.from(SERIES.Nile.values);
    const spec: StructuralSpec = { trend: 'level' };
    const init = knownInit([1100], [20000], 1);
    const ll = (p: Record<string, number>) => new UnivariateLoglik(1).run(y, toUnivariateSystem(structuralModel(spec, p).model, init)).loglik;
    const params = { sigma2Irregular: 15000, sigma2Level: 1400 };
    const g = new Float64Array(2);
    new UnivariateScore(1).run(y, toUnivariateSystem(structuralModel(spec, params).model, init), structuralScoreDirections(spec, structuralParamNames(spec)), g);
    const num = numericScore(ll, params, ['sigma2Irregular', 'sigma2Level']);
    for (let i = 0; i < 2; i++) expect(Math.abs(g[i] - num[i])).toBeLessThan(1e-7 * (Math.abs(num[0]) + Math.abs(num[1])));
  });
});
