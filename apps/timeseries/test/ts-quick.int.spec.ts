import { describe, expect, it } from 'vitest';
import { useService } from '../../../tools/dev/use-service';
import { NILE, NILE_REF, maxRel, rejection } from './ts-helpers';


describe('timeseries service: quick calls', () => {
  const ts = useService('timeseries');

  // statsmodels' exact-diffuse filter at its MLE; relative 1e-8 is the issue's bar for fixed-parameter moments
  const at = { sigma2Eps: NILE_REF.params['sigma2.irregular'], sigma2Eta: NILE_REF.params['sigma2.level'] };
  const K = NILE_REF.kalman;

  it('ts.kalman.filter on Nile matches statsmodels (a_t, P_t, filtered moments, v_t, F_t, loglik) to 1e-8', async () => {
    const r = await ts.client().call<any>('ts.kalman.filter', { values: NILE, ...at });
    expect(r.diffuseSteps).toBe(1);
    expect(r.predictedVar[0]).toBeNull(); // P_1 = ∞ (diffuse)
    expect(r.v[0]).toBeNull();
    expect(maxRel(r.predictedMean.slice(1), K.predicted_state_a_t[0].slice(1, 100))).toBeLessThan(1e-8);
    expect(maxRel(r.predictedVar.slice(1), K.predicted_state_cov_P_t[0].slice(1, 100))).toBeLessThan(1e-8);
    expect(maxRel(r.filteredMean, K.filtered_state[0].slice(0, 100))).toBeLessThan(1e-8);
    expect(maxRel(r.filteredVar, K.filtered_state_var[0].slice(0, 100))).toBeLessThan(1e-8);
    expect(maxRel(r.v.slice(1), K.innovation_v_t.slice(1))).toBeLessThan(1e-8);
    expect(maxRel(r.F.slice(1), K.innovation_var_F_t.slice(1))).toBeLessThan(1e-8);
    expect(Math.abs(r.loglik / NILE_REF.loglik - 1)).toBeLessThan(1e-8);
    expect(r.nobs).toBe(100);
  });

  it('ts.kalman.smooth on Nile matches statsmodels smoothed level and variance to 1e-8', async () => {
    const r = await ts.client().call<any>('ts.kalman.smooth', { values: NILE, ...at });
    expect(maxRel(r.smoothedMean, K.smoothed_state[0])).toBeLessThan(1e-8);
    expect(maxRel(r.smoothedVar, K.smoothed_state_var[0])).toBeLessThan(1e-8);
  });

  it('ts.kalman.filter predicts through null (missing): no update, predicted variance grows by σ²η', async () => {
    const values: (number | null)[] = NILE.slice(0, 30);
    values[20] = null;
    const r = await ts.client().call<any>('ts.kalman.filter', { values, ...at });
    expect(r.v[20]).toBeNull();
    expect(r.F[20]).toBeNull();
    expect(r.nobs).toBe(29);
    expect(r.filteredMean[20]).toBe(r.predictedMean[20]);
    expect(r.predictedVar[21]).toBeCloseTo(r.predictedVar[20] + at.sigma2Eta, 6);
  });

  it('ts.kalman.filter (local level): filtered mean and variance are null while nothing has been observed (the level is still diffuse)', async () => {
    const r = await ts.client().call<any>('ts.kalman.filter', { values: [null, null, 5, 6], ...at });
    expect(r.diffuseSteps).toBe(3);
    expect(r.filteredMean.slice(0, 2)).toEqual([null, null]);
    expect(r.filteredVar.slice(0, 2)).toEqual([null, null]);
    // the first observation identifies the level: a_{3|3} = y_3, P_{3|3} = σ²ε
    expect(r.filteredMean[2]).toBe(5);
    expect(r.filteredVar[2]).toBeCloseTo(at.sigma2Eps, 8);
    const none = await ts.client().call<any>('ts.kalman.filter', { values: [null, null], ...at });
    expect(none).toMatchObject({ filteredMean: [null, null], filteredVar: [null, null], predictedVar: [null, null], nobs: 0 });
  });

  it('ts.acf equals a brute-force sample ACF; PACF lag 1 = ACF lag 1; band = 1.96/√n', async () => {
    const x = NILE;
    const r = await ts.client().call<any>('ts.acf', { values: x, lags: 10 });
    const n = x.length;
    const mean = x.reduce((a, b) => a + b, 0) / n;
    const g = (k: number) => x.slice(0, n - k).reduce((s, v, t) => s + (v - mean) * (x[t + k] - mean), 0);
    for (let k = 0; k <= 10; k++) expect(Math.abs(r.acf[k] - g(k) / g(0))).toBeLessThan(1e-12);
    expect(r.pacf[0]).toBe(1);
    expect(r.pacf[1]).toBeCloseTo(r.acf[1], 14);
    // lag-2 PACF from Durbin–Levinson: (ρ2 − ρ1²)/(1 − ρ1²)
    expect(r.pacf[2]).toBeCloseTo((r.acf[2] - r.acf[1] ** 2) / (1 - r.acf[1] ** 2), 12);
    expect(r.band).toBeCloseTo(1.96 / Math.sqrt(n), 14);
  });

  it('ts.arma.simulate is reproducible by seed and has the AR(1) variance σ²/(1−φ²) (within sampling error)', async () => {
    const body = { ar: [0.5], ma: [], n: 20_000, seed: 42, sigma2: 2 };
    const a = await ts.client().call<any>('ts.arma.simulate', body);
    const b = await ts.client().call<any>('ts.arma.simulate', body);
    expect(a.values).toEqual(b.values);
    const c = await ts.client().call<any>('ts.arma.simulate', { ...body, seed: 43 });
    expect(c.values[0]).not.toBe(a.values[0]);
    const n = a.values.length;
    const m = a.values.reduce((s: number, v: number) => s + v, 0) / n;
    const v = a.values.reduce((s: number, x: number) => s + (x - m) ** 2, 0) / n;
    // target 2/(1−0.25) = 8/3; sd of the sample variance with AR(1) dependence ≈ 8/3·√(2(1+φ²)/((1−φ²)n)) ≈ 0.034: allow 0.2
    expect(Math.abs(v - 8 / 3)).toBeLessThan(0.2);
  });

  it('ts.arma.simulate at the largest n (40,000) with large values fits in one NATS reply', async () => {
    const r = await ts.client().call<any>('ts.arma.simulate', { ar: [0.9], ma: [0.5], n: 40_000, seed: 3, sigma2: 1e12 });
    expect(r.values).toHaveLength(40_000);
  });

  it.each([
    ['ts.arma.simulate', { ar: [0.5], ma: [], n: 40_001, seed: 1 }, 'n'],
    ['ts.arma.simulate', { ar: [1.5], ma: [], n: 10, seed: 1 }, 'ar'],
    ['ts.arma.simulate', { ar: [0.5], ma: [], n: 10 }, 'seed'],
    ['ts.acf', { values: [1, 2, null, 4], lags: 2 }, 'values[2]'],
    ['ts.acf', { values: [1, 2, 3, 4], lags: 4 }, 'lags'],
    ['ts.acf', { values: [], lags: 0 }, 'values'],
    ['ts.acf', { values: [2, 2, 2, 2], lags: 1 }, 'values is constant'],
    ['ts.kalman.filter', { values: [1, 2, 3], sigma2Eps: -1, sigma2Eta: 1 }, 'sigma2Eps'],
    ['ts.kalman.smooth', { values: [1, 'a'], sigma2Eps: 1, sigma2Eta: 1 }, 'values[1]'],
    ['ts.kalman.filter', { values: new Array(5001).fill(1), sigma2Eps: 1, sigma2Eta: 1 }, 'values'],
  ])('%s rejects a bad %j naming the field', async (subject, body, field) => {
    const err = await rejection(ts.client().call(subject, body));
    expect(err.code).toBe('INVALID_ARGUMENT');
    expect(err.message).toContain(field);
  });
});
