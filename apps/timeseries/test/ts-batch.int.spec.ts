import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ModelbusClient, type JobEvent } from '@modelbus/client';
import { startService, type StartedService } from '../../../tools/dev/services.mjs';
import { JOB_RESULT_TIMEOUT_MS, NILE, gaussian, rejection } from './ts-helpers';

const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
const run = randomUUID().slice(0, 8);

/** A local level series: random walk level (sd √q) plus unit noise. */
function localLevel(n: number, q: number, seed: number): number[] {
  const g = gaussian(seed);
  let mu = 50;
  return Array.from({ length: n }, () => {
    const y = mu + g();
    mu += Math.sqrt(q) * g();
    return y;
  });
}

describe('timeseries service: jobs.ts.fit-batch', () => {
  let svc: StartedService;
  let client: ModelbusClient;
  const good = `it-${run}-batch`;
  const ragged = `it-${run}-batch-ragged`;
  const a = localLevel(150, 0.5, 1);
  const b = localLevel(120, 0.1, 2);

  beforeAll(async () => {
    svc = await startService('timeseries', { env: { NATS_URL, WORKERS_MAX: '2' } });
    client = await ModelbusClient.connect({ servers: NATS_URL });
    // long format; rows of a and b interleave, 'short' has too few values to fit, b has one missing cell
    const rows = ['series_id,value'];
    for (let t = 0; t < 150; t++) {
      rows.push(`a,${a[t]}`);
      if (t < 120) rows.push(t === 7 ? 'b,NA' : `b,${b[t]}`);
      if (t < 2) rows.push(`short,${t}`);
    }
    for (const v of NILE) rows.push(`nile,${v}`);
    await client.datasets.put(good, rows.join('\n') + '\n');
    await client.datasets.put(ragged, 'series_id,value\na,1\na,2,3\n');
  });
  afterAll(async () => {
    for (const d of [good, ragged]) await client?.datasets.delete(d).catch(() => undefined);
    await client?.close();
    expect((await svc?.stop('SIGTERM'))?.code).toBe(0);
  });

  it('fits every series in parallel tasks with progress per series; per-series fits and errors in the result object', async () => {
    const events: JobEvent[] = [];
    const job = await client.submit('ts.fit-batch', { jobId: `it-${run}-fb`, params: { model: 'local-level', dataset: good, chunkSize: 1 } });
    const state = await job.result({ timeoutMs: JOB_RESULT_TIMEOUT_MS, onEvent: (e) => events.push(e) });
    expect(state.status).toBe('succeeded');
    expect(state.result).toBe(`ts-batch-it-${run}-fb`);
    expect(state.summary).toMatchObject({ series: 4, fitted: 3, failed: 1, tasks: 4, chunkSize: 1 });
    // progress events are throttled by the platform (one per 200 ms, later ones dropped), so a batch this
    // small shows only its first 'running' event; per-series messages appear on longer batches
    expect(events.some((e) => e.status === 'running')).toBe(true);

    const stored = await client.models.get(state.result!);
    expect(stored.meta.kind).toBe('ts-fit-batch');
    const res = JSON.parse(new TextDecoder().decode(stored.bytes));
    expect(res.series.map((s: { id: string }) => s.id)).toEqual(['a', 'b', 'short', 'nile']); // order of first appearance
    const [sa, sb, short, nile] = res.series;
    expect(sa).toMatchObject({ n: 150, fitted: { kind: 'local-level', nobs: 150 } });
    expect(sb).toMatchObject({ n: 120, fitted: { nobs: 119 } }); // the NA cell is missing
    expect(short.error.code).toBe('INVALID_ARGUMENT');
    expect(short.error.message).toContain('series "short"');
    // the Nile series inside a batch gives the D&K 2012 estimates (1e-3: the published values are rounded)
    expect(Math.abs(nile.fitted.params.sigma2Irregular / 15099 - 1)).toBeLessThan(1e-3);
    expect(Math.abs(nile.fitted.params.sigma2Level / 1469.1 - 1)).toBeLessThan(1e-3);
    expect(nile.fitted.loglik).toBeGreaterThanOrEqual(-633.4646 - 1e-3);
    // series a was simulated with σ²ε = 1, σ²η = 0.5: estimates from 150 points within broad sampling bounds
    expect(sa.fitted.params.sigma2Irregular).toBeGreaterThan(0.3);
    expect(sa.fitted.params.sigma2Irregular).toBeLessThan(2);
    expect(sa.fitted.params.sigma2Level).toBeGreaterThan(0.1);
    expect(sa.fitted.params.sigma2Level).toBeLessThan(1.5);
  });

  it('fails a batch on a ragged row with INVALID_ARGUMENT naming the line', async () => {
    const job = await client.submit('ts.fit-batch', { params: { model: 'local-level', dataset: ragged } });
    const err = await rejection(job.result({ timeoutMs: JOB_RESULT_TIMEOUT_MS }));
    expect(err.code).toBe('INVALID_ARGUMENT');
    expect(err.message).toContain('line 3');
  });

  it('fails a batch when no series can be fitted, and rejects a bad model spec by field', async () => {
    const none = await client.submit('ts.fit-batch', { params: { model: 'bsm', dataset: good } });
    const e1 = await rejection(none.result({ timeoutMs: JOB_RESULT_TIMEOUT_MS }));
    expect(e1.code).toBe('INVALID_ARGUMENT');
    expect(e1.message).toContain('period');
    const bad = await client.submit('ts.fit-batch', { params: { model: 'arma', order: [1, 99], dataset: good } });
    const e2 = await rejection(bad.result({ timeoutMs: JOB_RESULT_TIMEOUT_MS }));
    expect(e2.message).toContain('order');
  });
});
