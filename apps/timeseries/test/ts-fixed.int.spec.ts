import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ModelbusClient } from '@modelbus/client';
import { startService, type StartedService } from '../../../tools/dev/services.mjs';
import { fixture, JOB_RESULT_TIMEOUT_MS, NILE, R_DATASETS, rejection } from './ts-helpers';

const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
const run = randomUUID().slice(0, 8);
// statsmodels 0.13.5 fit_constrained / initialize_known (tools/reference/timeseries/fixed_tv_statsmodels.py)
const REF = fixture('fixed_tv_statsmodels.json');

describe('timeseries service: fixed parameters and initialisation in jobs.ts.fit / jobs.ts.fit-batch', () => {
  let svc: StartedService;
  let client: ModelbusClient;
  const batch = `it-${run}-fixed-batch`;

  beforeAll(async () => {
    svc = await startService('timeseries', { env: { NATS_URL } });
    client = await ModelbusClient.connect({ servers: NATS_URL });
    const rows = ['series_id,value', ...NILE.map((v) => `nile,${v}`), ...NILE.slice(0, 60).map((v) => `head,${v}`)];
    await client.datasets.put(batch, rows.join('\n') + '\n');
  });
  afterAll(async () => {
    await client?.datasets.delete(batch).catch(() => undefined);
    await client?.close();
    expect((await svc?.stop('SIGTERM'))?.code).toBe(0);
  });

  const fit = async (params: Record<string, unknown>) => (await client.submit('ts.fit', { params })).result({ timeoutMs: JOB_RESULT_TIMEOUT_MS });

  it('Nile local level with sigma2Irregular fixed at 15099: only sigma2Level estimated (statsmodels fit_constrained), counted once', async () => {
    const ref = REF.structural_fixed[0];
    const state = await fit({ model: 'local-level', series: { values: NILE }, fixed: { sigma2Irregular: 15099 } });
    expect(state.status).toBe('succeeded');
    const m = await client.call<any>('ts.model.get', { model: state.model });
    expect(m.params.sigma2Irregular).toBe(15099);
    expect(m.loglik).toBeGreaterThanOrEqual(ref.llf - 1e-3);
    // 15099 is (rounded) the unconstrained MLE of σ²ε, so σ²η lands on D&K's 1469.1 (1e-3: rounding);
    // statsmodels stops at 1465.7 on this flat likelihood, with a loglik below ours
    expect(Math.abs(m.params.sigma2Level / 1469.1 - 1)).toBeLessThan(1e-3);
    expect(m).toMatchObject({ converged: true, nParams: 2, nDiffuse: 1, spec: { fixed: ['sigma2Irregular'] } }); // σ²η + diffuse level
    expect(m.aic).toBeCloseTo(-2 * m.loglik + 2 * 2, 9);
    const f = await client.call<any>('ts.forecast', { model: state.model, horizon: 2 });
    expect(f.se[1] ** 2 - f.se[0] ** 2).toBeCloseTo(m.params.sigma2Level, 6);
  });

  it('every variance fixed and a known initial state: the job just evaluates the ordinary Gaussian loglik (statsmodels, 1e-10)', async () => {
    const k = REF.nile_known;
    const state = await fit({
      model: 'local-level', series: { values: NILE }, fixed: { sigma2Irregular: k.params_at[0], sigma2Level: k.params_at[1] },
      initialization: 'known', initialState: k.a1, initialCov: { rows: 1, cols: 1, data: k.P1.flat() },
    });
    const m = await client.call<any>('ts.model.get', { model: state.model });
    expect(Math.abs(m.loglik / k.llf_at - 1)).toBeLessThan(1e-10);
    expect(m).toMatchObject({ nParams: 0, nDiffuse: 0, iterations: 0, converged: true, spec: { initialization: 'known', initialState: [1100], initialCov: [20000] } });
  });

  it('ARMA(2,0) with both AR coefficients fixed estimates mean and σ² (statsmodels fit_constrained)', async () => {
    const ref = REF.arma_fixed[1];
    const lake: number[] = R_DATASETS.LakeHuron.values;
    const state = await fit({ model: 'arma', order: [2, 0], series: { values: lake }, fixed: { ar1: 1, ar2: -0.25 }, initialization: 'stationary' });
    expect(state.summary).toMatchObject({ kind: 'arma', nParams: 2, params: { ar1: 1, ar2: -0.25 } });
    expect((state.summary as { loglik: number }).loglik).toBeGreaterThanOrEqual(ref.llf - 1e-3);
  });

  it('ETS(A,Ad,N) with alpha and phi fixed: both kept, the rest estimated, two fewer parameters counted', async () => {
    const lake: number[] = R_DATASETS.LakeHuron.values;
    const ets = { error: 'A', trend: 'A', season: 'N', damped: true };
    const free = await fit({ model: 'ets', ets, series: { values: lake } });
    const state = await fit({ model: 'ets', ets, series: { values: lake }, fixed: { alpha: 0.9, phi: 0.85 } });
    const m = await client.call<any>('ts.model.get', { model: state.model });
    expect(m.params).toMatchObject({ alpha: 0.9, phi: 0.85 });
    expect(m.nParams).toBe((free.summary as { nParams: number }).nParams - 2);
    expect(m.spec.fixed).toEqual(['alpha', 'phi']);
    // a constrained optimum cannot beat the free one
    expect(m.loglik).toBeLessThanOrEqual((free.summary as { loglik: number }).loglik + 1e-6);
  });

  it('ETS(A,A,A) on UKgas with known initial states: only α, β, γ estimated, at least statsmodels ETSModel known-init loglik', async () => {
    // tools/reference/timeseries/ets_known_statsmodels.py; initialState = level, trend, s_0, s_{-1}, …, s_{-m+1}
    const ref = fixture('ets_known_statsmodels.json');
    const gas: number[] = R_DATASETS.UKgas.values;
    const ets = { error: 'A', trend: 'A', season: 'A' };
    const state = await fit({ model: 'ets', ets, series: { values: gas, period: 4 }, initialization: 'known', initialState: ref.initialState });
    expect(state.status).toBe('succeeded');
    const m = await client.call<any>('ts.model.get', { model: state.model });
    expect(m).toMatchObject({ nParams: 4, converged: true, spec: { initialization: 'known', initialState: ref.initialState } }); // α, β, γ, σ²
    expect(m.loglik).toBeGreaterThanOrEqual(ref.llf - 1e-3);
    expect([m.params.l0, m.params.b0, m.params.s0, m.params.s1, m.params.s2, m.params.s3]).toEqual(ref.initialState);
    const at = await fit({ model: 'ets', ets, series: { values: gas, period: 4 }, fixed: ref.params_at, initialization: 'known', initialState: ref.initialState });
    expect(Math.abs((at.summary as { loglik: number }).loglik / ref.llf_at - 1)).toBeLessThan(1e-10);
    const f = await client.call<any>('ts.forecast', { model: state.model, horizon: 4 });
    expect(f.mean).toHaveLength(4);
  });

  it('ARMA(1,1) with a mean and a known initial state: statsmodels SARIMAX initialize_known loglik at fixed parameters (1e-8) and its MLE', async () => {
    // tools/reference/timeseries/arma_known_statsmodels.py; the state is of y − mean (Harvey form, r = max(p, q + 1) = 2)
    const ref = fixture('arma_known_statsmodels.json').cases[1];
    const lh = R_DATASETS.lh.values;
    const known = { initialization: 'known', initialState: ref.initialState, initialCov: { rows: 2, cols: 2, data: ref.initialCov } };
    const at = await fit({ model: 'arma', order: [1, 1], includeMean: true, series: { values: lh }, fixed: ref.fixedParams, ...known });
    expect(at.status).toBe('succeeded');
    const m0 = await client.call<any>('ts.model.get', { model: at.model });
    expect(Math.abs(m0.loglik - ref.loglikFixed)).toBeLessThan(1e-8 * Math.abs(ref.loglikFixed));
    expect(m0).toMatchObject({ nParams: 0, iterations: 0, spec: { initialization: 'known', initialState: ref.initialState, initialCov: ref.initialCov } });
    const state = await fit({ model: 'arma', order: [1, 1], includeMean: true, series: { values: lh }, ...known });
    const m = await client.call<any>('ts.model.get', { model: state.model });
    expect(m.loglik).toBeGreaterThanOrEqual(ref.mle.loglik - 1e-3);
    expect(m).toMatchObject({ converged: true, nParams: 4, nDiffuse: 0, spec: { initialization: 'known' } }); // ar1, ma1, mean, σ²: not the state
    const f = await client.call<any>('ts.forecast', { model: state.model, horizon: 3 });
    expect(f.mean).toHaveLength(3);
  });

  it('jobs.ts.fit-batch applies the fixed values to every series', async () => {
    const job = await client.submit('ts.fit-batch', { params: { model: 'local-level', dataset: batch, fixed: { sigma2Irregular: 15099 } } });
    const state = await job.result({ timeoutMs: JOB_RESULT_TIMEOUT_MS });
    expect(state.summary).toMatchObject({ series: 2, fitted: 2, failed: 0 });
    const res = JSON.parse(new TextDecoder().decode((await client.models.get(state.result as string)).bytes));
    for (const s of res.series) expect(s.fitted).toMatchObject({ params: { sigma2Irregular: 15099 }, nParams: 2, spec: { fixed: ['sigma2Irregular'] } });
    expect(res.series[0].fitted.loglik).toBeGreaterThanOrEqual(REF.structural_fixed[0].llf - 1e-3);
  });

  it.each([
    ['an unknown fixed name', { model: 'local-level', fixed: { sigma2Slope: 1 } }, 'fixed.sigma2Slope is not a parameter of local-level; valid names: sigma2Irregular, sigma2Level'],
    ['a negative fixed variance', { model: 'bsm', fixed: { sigma2Seasonal: -1 } }, 'fixed.sigma2Seasonal'],
    ['a non-stationary fixed AR coefficient', { model: 'arma', order: [1, 0], fixed: { ar1: 1.02 } }, 'fixed.ar1 AR coefficients (ar1 = 1.02) are not stationary'],
    ['a non-invertible fixed MA coefficient', { model: 'arma', order: [0, 1], fixed: { ma1: 2 } }, 'fixed.ma1 MA coefficients (ma1 = 2) are not invertible'],
    ['an ETS alpha outside (0, 1)', { model: 'ets', ets: { error: 'A', trend: 'N', season: 'N' }, fixed: { alpha: 1.5 } }, 'fixed.alpha'],
    ['fixed with model auto', { model: 'auto', fixed: { alpha: 0.5 } }, 'fixed: needs a fully specified model'],
    ['a non-numeric fixed value', { model: 'local-level', fixed: { sigma2Level: 'x' } }, 'fixed.sigma2Level must be a finite number'],
    ['a stationary initialisation of a random walk', { model: 'local-level', initialization: 'stationary' }, "initialization: 'stationary' does not apply to model local-level"],
    ['a known initialisation of the wrong size', { model: 'local-linear-trend', initialization: 'known', initialState: [1], initialCov: { rows: 1, cols: 1, data: [1] } }, 'initialState must have 2 values'],
    ['a covariance that is not positive semidefinite', { model: 'local-level', initialization: 'known', initialState: [1], initialCov: { rows: 1, cols: 1, data: [-1] } }, 'initialCov'],
    ['an ARMA initialCov of the wrong size', { model: 'arma', order: [2, 1], initialization: 'known', initialState: [0, 0], initialCov: { rows: 3, cols: 3, data: [1, 0, 0, 0, 1, 0, 0, 0, 1] } }, 'initialCov must be 2×2'],
    ['a known ARMA initialisation without an order', { model: 'arma', initialization: 'known', initialState: [0], initialCov: { rows: 1, cols: 1, data: [1] } }, 'known initial states need the arma order'],
    ['an ETS initialState of the wrong length', { model: 'ets', ets: { error: 'A', trend: 'A', season: 'A' }, initialization: 'known', initialState: [1, 2, 3] }, 'initialState must have 6 values'],
    ['an ETS initialCov', { model: 'ets', ets: { error: 'A', trend: 'N', season: 'N' }, initialization: 'known', initialState: [1], initialCov: { rows: 1, cols: 1, data: [1] } }, 'initialCov: ETS takes none'],
    ['a non-positive ETS state of a multiplicative model', { model: 'ets', ets: { error: 'M', trend: 'N', season: 'N' }, initialization: 'known', initialState: [0] }, 'initialState[0] must be positive'],
    ['an ETS initialisation other than known', { model: 'ets', ets: { error: 'A', trend: 'N', season: 'N' }, initialization: 'diffuse' }, "initialization: 'diffuse' does not apply to model ets"],
  ])('fails a fit with %s: INVALID_ARGUMENT naming the field', async (_n, params, text) => {
    const err = await rejection(fit({ series: { values: NILE, period: 4 }, ...params }));
    expect(err.code).toBe('INVALID_ARGUMENT');
    expect(err.message).toContain(text);
  });
});
