import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ModelbusClient } from '@modelbus/client';
import { forecastFitted, type FittedModel } from '@modelbus/math-timeseries';
import { startService, type StartedService } from '../../../tools/dev/services.mjs';
import { JOB_RESULT_TIMEOUT_MS, LAKE_HURON_GAPPY, R_DATASETS, rejection } from './ts-helpers';

// ts.forecast and ts.model.get on a jobs.ts.fit-batch result: a series addressed by series_id or 0-based index (one, or
// a list) forecasts exactly as the library does from that series' fitted params and values; an unknown series is
// INVALID_ARGUMENT naming series, a series whose fit failed FAILED_PRECONDITION with its error.
const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
const run = randomUUID().slice(0, 8);
const R = R_DATASETS;

// real series (R's datasets); 'gappy' has missing cells; 'tiny' is too short for an ARMA(1,1) (fails in the batch);
// '1001' is an id that looks like a number (a string id, not index 1001)
const gappy = LAKE_HURON_GAPPY;
const SERIES: [string, (number | null)[]][] = [
  ['lake', R.LakeHuron.values],
  ['tiny', [1.5, 2.5, 2]],
  ['gappy', gappy],
  ['1001', R.lh.values],
  ['nile', R.Nile.values],
];
/** Identical code on identical doubles (the CSV carries shortest round-trip decimals): equal up to rounding. */
const REL = 1e-9;
const asY = (v: (number | null)[]) => Float64Array.from(v, (x) => (x === null ? NaN : x));

type Fc = { mean: number[]; se: number[]; lower: number[]; upper: number[] };

/** The reply's arrays equal the library's forecastFitted from the given model and the series' values to REL. */
function expectLibraryForecast(got: Fc, model: FittedModel, values: (number | null)[], horizon: number, level: number, what: string): void {
  const want = forecastFitted(model, asY(values), horizon, level);
  for (const k of ['mean', 'se', 'lower', 'upper'] as const) {
    expect(got[k], `${what}.${k}`).toHaveLength(horizon);
    for (let h = 0; h < horizon; h++) {
      const err = Math.abs(got[k][h] - want[k][h]);
      expect(err, `${what}.${k}[${h}]: ${got[k][h]} vs ${want[k][h]}`).toBeLessThanOrEqual(REL * Math.max(Math.abs(want[k][h]), 1e-300));
    }
  }
}

describe('timeseries service: ts.forecast / ts.model.get on a jobs.ts.fit-batch result', () => {
  let svc: StartedService;
  let client: ModelbusClient;
  const dataset = `it-${run}-batch-fc`;
  let result = '';
  let stored: { version: number; series: { id: string; fitted?: FittedModel; values?: (number | null)[]; error?: { code: string; message: string } }[] };

  const fittedOf = (i: number): FittedModel => {
    const f = stored.series[i].fitted;
    if (!f) throw new Error(`series ${i} was not fitted`);
    return f;
  };
  const tinyError = () => stored.series[1].error ?? { code: 'none', message: 'no error stored' };

  beforeAll(async () => {
    svc = await startService('timeseries', { env: { NATS_URL, WORKERS_MAX: '2' } });
    client = await ModelbusClient.connect({ servers: NATS_URL });
    const rows = ['series_id,value'];
    for (const [id, values] of SERIES) for (const v of values) rows.push(`${id},${v === null ? 'NA' : v}`);
    await client.datasets.put(dataset, rows.join('\n') + '\n');
    const job = await client.submit('ts.fit-batch', { jobId: `it-${run}-bfc`, params: { model: 'arma', order: [1, 1], dataset, chunkSize: 2 } });
    const state = await job.result({ timeoutMs: JOB_RESULT_TIMEOUT_MS });
    expect(state.status).toBe('succeeded');
    expect(state.summary).toMatchObject({ series: 5, fitted: 4, failed: 1 });
    result = String(state.result);
    stored = JSON.parse(new TextDecoder().decode((await client.models.get(result)).bytes));
  });
  afterAll(async () => {
    await client?.datasets.delete(dataset).catch(() => undefined);
    await client?.close();
    expect((await svc?.stop('SIGTERM'))?.code).toBe(0);
  });

  it('the result keeps each fitted series’ values (null = missing) and none for the failed one', () => {
    expect(stored.version).toBe(2);
    expect(stored.series.map((s) => s.id)).toEqual(SERIES.map(([id]) => id));
    expect(stored.series[2].values).toEqual(gappy);
    expect(stored.series[1].values).toBeUndefined();
  });

  it('forecasts one series by series_id and by index: the library forecast from ts.model.get’s params, to 1e-9', async () => {
    const byName = await client.call<any>('ts.forecast', { model: result, series: 'gappy', horizon: 8, level: 0.8 });
    const byIndex = await client.call<any>('ts.forecast', { model: result, series: 2, horizon: 8, level: 0.8 });
    expect(byName).toMatchObject({ series: 'gappy', index: 2 });
    expect(byIndex).toEqual(byName);
    const m = await client.call<any>('ts.model.get', { model: result, series: 'gappy' });
    expect(m).toMatchObject({ kind: 'arma', series: 'gappy', index: 2, nobs: gappy.filter((v) => v !== null).length, spec: { p: 1, q: 1 } });
    expect(m.params).toEqual(fittedOf(2).params);
    // the model as ts.model.get reports it (kind, spec, params) and the series as it was uploaded
    expectLibraryForecast(byName, { kind: m.kind, spec: m.spec, params: m.params } as FittedModel, gappy, 8, 0.8, 'gappy');
    // an id that looks like a number is an id; the number 3 is the index of the same series
    const lh = await client.call<any>('ts.forecast', { model: result, series: '1001', horizon: 5 });
    expect(lh).toMatchObject({ series: '1001', index: 3 });
    expectLibraryForecast(lh, fittedOf(3), R.lh.values, 5, 0.95, '1001');
    expect((await client.call<any>('ts.forecast', { model: result, series: 3, horizon: 5 })).mean).toEqual(lh.mean);
  });

  it('forecasts several series in one call, in the order asked, each as its single forecast', async () => {
    const r = await client.call<any>('ts.forecast', { model: result, series: ['nile', 0, 'gappy'], horizon: 4, level: 0.9 });
    expect(r.forecasts.map((f: { series: string; index: number }) => [f.series, f.index])).toEqual([['nile', 4], ['lake', 0], ['gappy', 2]]);
    for (const f of r.forecasts) expectLibraryForecast(f, fittedOf(f.index), SERIES[f.index][1], 4, 0.9, f.series);
  });

  it('an unknown series_id or index is INVALID_ARGUMENT naming series; a batch result needs series', async () => {
    const e1 = await rejection(client.call('ts.forecast', { model: result, series: 'nope', horizon: 3 }));
    expect(e1.code).toBe('INVALID_ARGUMENT');
    expect(e1.message).toMatch(/^series "nope" is not a series_id of batch result/);
    const e2 = await rejection(client.call('ts.forecast', { model: result, series: 5, horizon: 3 }));
    expect(e2.code).toBe('INVALID_ARGUMENT');
    expect(e2.message).toContain('series index 5 is past the end');
    const e3 = await rejection(client.call('ts.forecast', { model: result, series: ['lake', 'nope'], horizon: 3 }));
    expect(e3.message).toMatch(/^series\[1\] "nope"/);
    const e4 = await rejection(client.call('ts.forecast', { model: result, horizon: 3 }));
    expect(e4.code).toBe('INVALID_ARGUMENT');
    expect(e4.message).toContain('series is required');
    const e5 = await rejection(client.call('ts.model.get', { model: result, series: 'nope' }));
    expect(e5.code).toBe('INVALID_ARGUMENT');
    expect(e5.message).toMatch(/^series "nope"/);
    const e6 = await rejection(client.call('ts.forecast', { model: result, series: ['lake', 'nile'], horizon: 5001 }));
    expect(e6.code).toBe('INVALID_ARGUMENT');
    expect(e6.message).toContain('more than the limit of 10000 per reply');
  });

  it('a series whose fit failed in the batch is FAILED_PRECONDITION saying so and why', async () => {
    for (const series of ['tiny', 1, ['lake', 'tiny']]) {
      const e = await rejection(client.call('ts.forecast', { model: result, series, horizon: 3 }));
      expect(e.code).toBe('FAILED_PRECONDITION');
      expect(e.message).toContain('series "tiny" (index 1) of batch result');
      expect(e.message).toContain(`failed in the batch fit, so it has no model: ${tinyError().code}: ${tinyError().message}`);
    }
    expect(stored.series[1].error).toEqual({ code: 'INVALID_ARGUMENT', message: expect.stringContaining('too large for 3 observations') });
    expect((await rejection(client.call('ts.model.get', { model: result, series: 'tiny' }))).code).toBe('FAILED_PRECONDITION');
  });

  it('series on a single ts-model is INVALID_ARGUMENT naming series', async () => {
    const job = await client.submit('ts.fit', { params: { model: 'local-level', series: { values: R.Nile.values } } });
    const state = await job.result({ timeoutMs: JOB_RESULT_TIMEOUT_MS });
    const e = await rejection(client.call('ts.forecast', { model: state.model, series: 0, horizon: 3 }));
    expect(e.code).toBe('INVALID_ARGUMENT');
    expect(e.message).toContain('series is only for a ts-fit-batch result');
  });
});
