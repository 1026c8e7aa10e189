import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ModelbusClient } from '@modelbus/client';
import { fitArma, fitStructural, type FittedModel } from '@modelbus/math-timeseries';
import { startService, type StartedService } from '../../../tools/dev/services.mjs';
import { JOB_RESULT_TIMEOUT_MS, LAKE_HURON_GAPPY, R_DATASETS } from './ts-helpers';

// jobs.ts.fit-batch with fixed parameters and a known initial state: every series' fit equals the library's
// single fit of the same series with the same options (the batch adds no hidden option or data change), and a
// series that cannot be fitted is reported in its place while the others succeed.
const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
const run = randomUUID().slice(0, 8);
const R = R_DATASETS;

// real series (R's datasets) of different scales; 'gappy' is LakeHuron with missing cells (NA); 'tiny' is too
// short for either model (ARMA(1,1) needs n ≥ p + q + 4; the LLT 2 diffuse states + 2 free variances)
const gappy = LAKE_HURON_GAPPY;
const SERIES: [string, (number | null)[]][] = [
  ['lake', R.LakeHuron.values],
  ['lh', R.lh.values],
  ['tiny', [1.5, 2.5, 2]],
  ['www', R.WWWusage.values],
  ['gappy', gappy],
  ['nile', R.Nile.values],
];
const BAD = 2;
/** Identical code on identical doubles (the CSV carries shortest round-trip decimals): equal up to rounding. */
const REL = 1e-9;

const asY = (v: (number | null)[]) => Float64Array.from(v, (x) => (x === null ? NaN : x));

/** Params, loglik and counts of a batch entry equal the library's fit to REL. */
function expectSameFit(got: FittedModel, want: FittedModel, id: string): void {
  expect(Object.keys(got.params).sort(), id).toEqual(Object.keys(want.params).sort());
  for (const [k, v] of Object.entries(want.params)) expect(Math.abs(got.params[k] - v), `${id}.${k}: ${got.params[k]} vs ${v}`).toBeLessThanOrEqual(REL * Math.max(Math.abs(v), 1e-300));
  expect(Math.abs(got.loglik - want.loglik), `${id} loglik`).toBeLessThanOrEqual(REL * Math.abs(want.loglik));
  expect({ nobs: got.nobs, nParams: got.nParams, nDiffuse: got.nDiffuse, converged: got.converged }, id).toEqual({
    nobs: want.nobs, nParams: want.nParams, nDiffuse: want.nDiffuse, converged: want.converged,
  });
}

describe('timeseries service: jobs.ts.fit-batch with fixed parameters and known initialisation vs the library single fit', () => {
  let svc: StartedService;
  let client: ModelbusClient;
  const dataset = `it-${run}-batch-fixed`;

  beforeAll(async () => {
    svc = await startService('timeseries', { env: { NATS_URL, WORKERS_MAX: '2' } });
    client = await ModelbusClient.connect({ servers: NATS_URL });
    const rows = ['series_id,value'];
    for (const [id, values] of SERIES) for (const v of values) rows.push(`${id},${v === null ? 'NA' : v}`);
    await client.datasets.put(dataset, rows.join('\n') + '\n');
  });
  afterAll(async () => {
    await client?.datasets.delete(dataset).catch(() => undefined);
    await client?.close();
    expect((await svc?.stop('SIGTERM'))?.code).toBe(0);
  });

  /** Runs the batch (one series per task, so the chunks spread over both threads) and reads its stored result. */
  async function batch(params: Record<string, unknown>) {
    const job = await client.submit('ts.fit-batch', { params: { ...params, dataset, chunkSize: 1 } });
    const state = await job.result({ timeoutMs: JOB_RESULT_TIMEOUT_MS });
    expect(state.status).toBe('succeeded');
    const stored = JSON.parse(new TextDecoder().decode((await client.models.get(state.result as string)).bytes));
    return { summary: state.summary as Record<string, any>, series: stored.series as { id: string; n: number; fitted?: FittedModel; error?: { code: string; message: string } }[] };
  }

  /** The bad series is reported in its place (order of the dataset) by id and code; the summary counts it. */
  function expectOneBad(r: Awaited<ReturnType<typeof batch>>, message: RegExp): void {
    expect(r.series.map((s) => s.id)).toEqual(SERIES.map(([id]) => id));
    expect(r.summary).toMatchObject({ series: SERIES.length, fitted: SERIES.length - 1, failed: 1, firstError: { id: 'tiny', code: 'INVALID_ARGUMENT' } });
    const bad = r.series[BAD];
    expect(bad).toMatchObject({ id: 'tiny', n: 3, error: { code: 'INVALID_ARGUMENT' } });
    expect(bad.fitted).toBeUndefined();
    expect(bad.error?.message).toMatch(message);
    r.series.forEach((s, i) => i !== BAD && expect(s.error, s.id).toBeUndefined());
  }

  it('ARMA(1,1) with a mean, ma1 fixed at 0.3 and a known initial state: each series as fitArma alone; the short one fails by itself', async () => {
    const known = { state: [0, 0], cov: [1e4, 0, 0, 1e4] }; // de-meaned Harvey state, vague P_1 in the data's units
    const r = await batch({ model: 'arma', order: [1, 1], includeMean: true, fixed: { ma1: 0.3 }, initialization: 'known', initialState: known.state, initialCov: { rows: 2, cols: 2, data: known.cov } });
    expectOneBad(r, /order p \+ q = 2 is too large for 3 observations/);
    for (const [i, [id, values]] of SERIES.entries()) {
      if (i === BAD) continue;
      const got = r.series[i].fitted as FittedModel;
      expectSameFit(got, fitArma(asY(values), 1, 1, { includeMean: true, fixed: { ma1: 0.3 }, known }), id);
      expect(got.params.ma1).toBe(0.3);
      expect(got.nDiffuse).toBe(0);
    }
    expect(r.series[4].fitted?.nobs).toBe(gappy.filter((v) => v !== null).length); // NA cells are missing, not dropped
  });

  it('local linear trend with sigma2Slope fixed at 0 (deterministic slope, exact diffuse): each series as fitStructural alone', async () => {
    const r = await batch({ model: 'local-linear-trend', fixed: { sigma2Slope: 0 } });
    expectOneBad(r, /series "tiny" needs at least 4 non-missing values/);
    for (const [i, [id, values]] of SERIES.entries()) {
      if (i === BAD) continue;
      const got = r.series[i].fitted as FittedModel;
      expectSameFit(got, fitStructural(asY(values), { trend: 'trend' }, { fixed: { sigma2Slope: 0 } }), id);
      expect(got.params.sigma2Slope).toBe(0);
      expect(got.nDiffuse).toBe(2);
    }
  });
});
