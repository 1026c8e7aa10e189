import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ModelbusClient, type JobEvent } from '@modelbus/client';
import { startService, type StartedService } from '../../../tools/dev/services.mjs';
import { JOB_RESULT_TIMEOUT_MS, NILE, NILE_CSV, gaussian, rejection } from './ts-helpers';

const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
const run = randomUUID().slice(0, 8);
const Z90 = 1.6448536269514722; // Φ⁻¹(0.95): 90% two-sided interval

describe('timeseries service: jobs.ts.fit, ts.model.get, ts.forecast', () => {
  let svc: StartedService;
  let client: ModelbusClient;
  const datasets = [`it-${run}-nile`, `it-${run}-one-col`];

  beforeAll(async () => {
    svc = await startService('timeseries', { env: { NATS_URL } });
    client = await ModelbusClient.connect({ servers: NATS_URL });
    await client.datasets.put(datasets[0], NILE_CSV);
    await client.datasets.put(datasets[1], ['1', '2', 'x', '4'].join('\n'));
  });
  afterAll(async () => {
    for (const d of datasets) await client?.datasets.delete(d).catch(() => undefined);
    await client?.close();
    expect((await svc?.stop('SIGTERM'))?.code).toBe(0);
  });

  const fit = async (params: Record<string, unknown>, jobId?: string, events?: JobEvent[]) => {
    const job = await client.submit('ts.fit', { jobId, params });
    return job.result({ timeoutMs: JOB_RESULT_TIMEOUT_MS, onEvent: (e) => events?.push(e) });
  };

  it('fits the Nile local level model from a dataset column: D&K 2012 variances, exact-diffuse loglik, stored model', async () => {
    const events: JobEvent[] = [];
    const state = await fit({ model: 'local-level', dataset: datasets[0], column: 'value' }, `it-${run}-nile-ll`, events);
    expect(state.status).toBe('succeeded');
    expect(state.model).toBe(`ts-model-it-${run}-nile-ll`);
    expect(state.summary).toMatchObject({ kind: 'local-level', converged: true, nobs: 100 });
    // the platform throttles progress to one event per 200 ms (later ones dropped), so a fast fit shows
    // its first 'running' event ('loading dataset'); intermediate fractions depend on timing
    expect(events.some((e) => e.status === 'running')).toBe(true);

    const m = await client.call<any>('ts.model.get', { model: state.model });
    // D&K 2012 §2.10 publish σ²ε = 15099, σ²η = 1469.1 (rounded to 5 significant digits): 1e-3 relative
    expect(Math.abs(m.params.sigma2Irregular / 15099 - 1)).toBeLessThan(1e-3);
    expect(Math.abs(m.params.sigma2Level / 1469.1 - 1)).toBeLessThan(1e-3);
    // statsmodels' exact-diffuse optimum is −633.4645636; ours must be at least as high (1e-3 slack)
    expect(m.loglik).toBeGreaterThanOrEqual(-633.4646 - 1e-3);
    expect(m).toMatchObject({ kind: 'local-level', converged: true, nobs: 100, nParams: 3, nDiffuse: 1 });
    // AIC/BIC count σ²ε, σ²η and the diffuse initial level (identity, up to float rounding)
    expect(m.aic).toBeCloseTo(-2 * m.loglik + 2 * 3, 9);
    expect(m.bic).toBeCloseTo(-2 * m.loglik + Math.log(100) * 3, 9);
    expect(m.note).toMatch(/initial states/);
  });

  it('ts.forecast of the Nile model: flat mean, se² grows by σ²η per step, intervals mean ± z·se at the asked level', async () => {
    const model = `ts-model-it-${run}-nile-ll`;
    const m = await client.call<any>('ts.model.get', { model });
    const f = await client.call<any>('ts.forecast', { model, horizon: 12, level: 0.9 });
    for (const k of ['mean', 'se', 'lower', 'upper']) expect(f[k]).toHaveLength(12);
    for (let h = 0; h < 12; h++) {
      expect(f.mean[h]).toBeCloseTo(f.mean[0], 8); // random-walk level: the forecast function is flat
      expect(f.lower[h]).toBeLessThan(f.mean[h]);
      expect(f.upper[h]).toBeGreaterThan(f.mean[h]);
      // 90% interval: half-width z_0.95·se (relative 1e-12: both sides are the same doubles up to rounding)
      expect(Math.abs((f.upper[h] - f.mean[h]) / (Z90 * f.se[h]) - 1)).toBeLessThan(1e-12);
      if (h > 0) {
        expect(f.se[h]).toBeGreaterThan(f.se[h - 1]);
        // Var(y_{n+h}) = P_{n+1} + (h−1)σ²η + σ²ε, so consecutive variances differ by σ²η (relative 1e-8)
        expect(Math.abs((f.se[h] ** 2 - f.se[h - 1] ** 2) / m.params.sigma2Level - 1)).toBeLessThan(1e-8);
      }
    }
    // the default level is the stored one (0.95)
    const d = await client.call<any>('ts.forecast', { model, horizon: 1 });
    expect((d.upper[0] - d.mean[0]) / d.se[0]).toBeCloseTo(1.959963984540054, 10);
  });

  it('ts.forecast at the largest horizon (10,000) fits in one NATS reply', async () => {
    const f = await client.call<any>('ts.forecast', { model: `ts-model-it-${run}-nile-ll`, horizon: 10_000 });
    expect(f.upper).toHaveLength(10_000);
    expect(f.se[9_999]).toBeGreaterThan(f.se[0]);
  });

  it('an inline series with null (missing) values fits a local level model; nobs counts the observed ones', async () => {
    const values: (number | null)[] = NILE.slice();
    for (const i of [10, 11, 50, 99]) values[i] = null;
    const state = await fit({ model: 'local-level', series: { values } });
    expect(state.summary).toMatchObject({ kind: 'local-level', nobs: 96, n: 100 });
    const f = await client.call<any>('ts.forecast', { model: state.model, horizon: 3 });
    expect(f.se[0]).toBeGreaterThan(0);
  });

  it('fits an AR(1) from ts.arma.simulate with order [1, 0]; forecasts decay to the mean as φ^h', async () => {
    const phi = 0.6;
    const { values } = await client.call<any>('ts.arma.simulate', { ar: [phi], ma: [], n: 2000, seed: 11 });
    const shifted = values.map((v: number) => v + 10);
    const state = await fit({ model: 'arma', order: [1, 0], series: { values: shifted } });
    const m = await client.call<any>('ts.model.get', { model: state.model });
    // sampling sd of φ̂ is √((1−φ²)/n) ≈ 0.018: 4 sd
    expect(Math.abs(m.params.ar1 - phi)).toBeLessThan(0.072);
    expect(Math.abs(m.params.mean - 10)).toBeLessThan(0.25);
    expect(m.nParams).toBe(3); // φ, μ, σ²
    const f = await client.call<any>('ts.forecast', { model: state.model, horizon: 5 });
    const last = shifted[shifted.length - 1];
    for (let h = 1; h <= 5; h++) {
      const expected = m.params.mean + m.params.ar1 ** h * (last - m.params.mean);
      expect(Math.abs(f.mean[h - 1] - expected)).toBeLessThan(1e-8 * Math.max(1, Math.abs(expected)));
    }
  });

  it('model auto on a complete positive seasonal series selects an ETS model and reports the candidates', async () => {
    const g = gaussian(5);
    const values = Array.from({ length: 96 }, (_, t) => 100 + 0.5 * t + 10 * Math.sin((2 * Math.PI * t) / 12) + g());
    const state = await fit({ model: 'auto', series: { values, period: 12 } });
    expect(state.summary!.kind).toBe('ets');
    expect(state.summary!.candidates as number).toBeGreaterThan(5);
    const m = await client.call<any>('ts.model.get', { model: state.model });
    expect(m.spec.season).not.toBe('N'); // a clear seasonal pattern of amplitude 10 against noise sd 1
    const f = await client.call<any>('ts.forecast', { model: state.model, horizon: 24 });
    expect(f.mean).toHaveLength(24);
  });

  it.each([
    ['an empty series', { model: 'local-level', series: { values: [] } }, 'series.values'],
    ['a string value', { model: 'local-level', series: { values: [1, 2, '3', 4] } }, 'series.values[2]'],
    ['both series and dataset', { model: 'local-level', series: { values: [1, 2, 3] }, dataset: 'x' }, 'dataset'],
    ['neither series nor dataset', { model: 'local-level' }, 'series'],
    ['an unknown model', { model: 'garch', series: { values: [1, 2, 3] } }, 'model'],
    ['a period above n/2', { model: 'bsm', series: { values: NILE.slice(0, 20), period: 12 } }, 'series.period'],
    ['bsm without a period', { model: 'bsm', series: { values: NILE } }, 'period'],
    ['a period below 2', { model: 'bsm', series: { values: NILE, period: 1 } }, 'series.period'],
    ['an order too large for n', { model: 'arma', order: [5, 5], series: { values: NILE.slice(0, 12) } }, 'order'],
    ['a malformed order', { model: 'arma', order: [1], series: { values: NILE } }, 'order'],
    ['missing values for ETS', { model: 'ets', ets: { error: 'A', trend: 'N', season: 'N' }, series: { values: [1, 2, null, 4, 5, 6, 7, 8] } }, 'series.values[2]'],
    ['multiplicative ETS on non-positive data', { model: 'ets', ets: { error: 'M', trend: 'N', season: 'N' }, series: { values: [3, 2, 1, 0, 1, 2, 3, 4, 5, 6] } }, 'series.values[3]'],
    ['a non-numeric dataset cell', { model: 'local-level', dataset: `it-${run}-one-col` }, 'line 3'],
    ['a column with an inline series', { model: 'local-level', series: { values: NILE }, column: 'value' }, 'column'],
    ['an unknown dataset column', { model: 'local-level', dataset: `it-${run}-nile`, column: 'flow' }, 'column'],
    // unbounded likelihood (variances → 0): the local level used to "converge" at σ² ≈ 1e-12, ARMA failed with FAILED_PRECONDITION
    ['a constant series (local level)', { model: 'local-level', series: { values: [3, 3, null, 3, 3, 3] } }, 'series.values is constant (all 5 observed values are 3)'],
    ['a constant series (arma)', { model: 'arma', order: [1, 0], series: { values: [3, 3, 3, 3, 3, 3, 3, 3] } }, 'series.values is constant'],
    ['a constant series (auto)', { model: 'auto', series: { values: new Array(24).fill(7) } }, 'series.values is constant'],
  ])('fails a fit job on %s with INVALID_ARGUMENT naming it', async (_n, params, field) => {
    const err = await rejection(fit(params));
    expect(err.code).toBe('INVALID_ARGUMENT');
    expect(err.message).toContain(field);
  });

  it.each([
    ['horizon 0', { horizon: 0 }, 'horizon'],
    ['horizon above 10000', { horizon: 10_001 }, 'horizon'],
    ['level 1', { horizon: 3, level: 1 }, 'level'],
  ])('ts.forecast rejects %s naming the field', async (_n, body, field) => {
    const err = await rejection(client.call('ts.forecast', { model: `ts-model-it-${run}-nile-ll`, ...body }));
    expect(err.code).toBe('INVALID_ARGUMENT');
    expect(err.message).toContain(field);
  });

  it('a constant series with a fixed variance is fitted: the fixed variance bounds the likelihood', async () => {
    const state = await fit({ model: 'local-level', series: { values: [3, 3, 3, 3, 3, 3] }, fixed: { sigma2Irregular: 1 } });
    expect(state.status).toBe('succeeded');
    expect(state.summary).toMatchObject({ params: { sigma2Irregular: 1 } });
  });

  it('ts.model.get and ts.forecast answer NOT_FOUND for an unknown model', async () => {
    expect((await rejection(client.call('ts.model.get', { model: `it-${run}-none` }))).code).toBe('NOT_FOUND');
    expect((await rejection(client.call('ts.forecast', { model: `it-${run}-none`, horizon: 2 }))).code).toBe('NOT_FOUND');
  });
});
