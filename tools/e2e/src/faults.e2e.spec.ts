import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ModelbusClient, ModelbusError } from '@modelbus/client';
import { startNatsServer, type NatsHandle } from '../../dev/nats.mjs';
import { startService, type StartedService } from '../../dev/services.mjs';
import { noisyCsv, runId, stateHistory, waitForState } from './fixtures';

// Fault tests: each scenario gets its own nats-server and its own service processes, so it can
// kill and restart them. A "long" job is a perceptron on non-separable data: it runs every epoch
// (about 1.6 ms per epoch for 4000×25 on the development machine, so 2500 epochs ≈ 4 s).
const LONG = { rows: 4000, cols: 25, epochs: 2500 };
const fast = { JOBS_ACK_WAIT_MS: '2000', JOBS_MAX_DELIVER: '5' };

describe('fault tolerance', () => {
  let nats: NatsHandle;
  let client: ModelbusClient;
  const started: StartedService[] = [];
  const run = runId();
  const start = async (name: string, env: Record<string, string> = {}) => {
    const s = await startService(name, { env: { NATS_URL: nats.url, ...fast, ...env } });
    started.push(s);
    return s;
  };

  beforeAll(async () => {
    nats = await startNatsServer();
    client = await ModelbusClient.connect({ servers: nats.url });
  });
  afterAll(async () => {
    await client?.close();
    await Promise.all(started.map((s) => s.stop('SIGKILL')));
    await nats?.stop();
  });

  it('a job whose replica is SIGKILLed mid-run completes on the other replica: one succeeded state, one model', async () => {
    const a = await start('deep-learning', { INSTANCE_ID: `a-${run}` });
    const b = await start('deep-learning', { INSTANCE_ID: `b-${run}` });
    await client.datasets.put(`long-${run}`, noisyCsv(LONG.rows, LONG.cols));
    const jobId = `kill-${run}`;
    await client.submit('dl.perceptron-train', { jobId, params: { dataset: `long-${run}`, labelColumn: 'label', epochs: LONG.epochs, learningRate: 1, seed: 1 } });
    const running = await waitForState(client, jobId, (s) => s.status === 'running' && s.progress > 0.02);
    const victim = running.worker === a.instance ? a : b;
    const survivor = victim === a ? b : a;
    victim.proc.kill('SIGKILL');
    await victim.exited;

    const done = await client.job(jobId).result({ timeoutMs: 60_000 });
    expect(done.status).toBe('succeeded');
    expect(done.worker).toBe(survivor.instance);
    expect(done.attempt).toBe(2);
    const history = await stateHistory(client, jobId);
    expect(history.filter((s) => s.status === 'succeeded')).toHaveLength(1);
    const models = (await client.models.list()).filter((m) => m.name.includes(jobId));
    expect(models).toHaveLength(1);
    await survivor.stop('SIGTERM');
  });

  it('SIGTERM during a job: the process exits 0, the job is handed back and completes on a restarted replica', { timeout: 240_000 }, async () => {
    const a = await start('deep-learning', { INSTANCE_ID: `term-a-${run}`, SHUTDOWN_GRACE_MS: '300' });
    await client.datasets.put(`long2-${run}`, noisyCsv(LONG.rows, LONG.cols, 2));
    const jobId = `term-${run}`;
    // long enough (≈ 10–20 s) that it cannot finish during the ~1.5 s the shutdown takes
    await client.submit('dl.perceptron-train', { jobId, params: { dataset: `long2-${run}`, labelColumn: 'label', epochs: 12_000, learningRate: 1, seed: 1 } });
    await waitForState(client, jobId, (s) => s.status === 'running');
    const t0 = Date.now();
    const exit = await a.stop('SIGTERM');
    expect(exit.code).toBe(0);
    expect(Date.now() - t0).toBeLessThan(15_000);
    const handedBack = await client.job(jobId).state();
    expect(handedBack.status).toBe('queued');

    const b = await start('deep-learning', { INSTANCE_ID: `term-b-${run}` });
    const done = await client.job(jobId).result({ timeoutMs: 150_000 });
    expect(done.status).toBe('succeeded');
    expect(done.worker).toBe(b.instance);
    await b.stop('SIGTERM');
  });

  it('a full pool answers RESOURCE_EXHAUSTED and recovers; cancel ends a running job as cancelled and frees the worker', async () => {
    const svc = await start('deep-learning', { INSTANCE_ID: `pool-${run}`, WORKERS_MAX: '1', QUEUE_MAX: '0' });
    // a small model for predictions
    await client.datasets.put(`tiny-${run}`, 'x,label\n-2,0\n-1,0\n1,1\n2,1\n');
    const tiny = await (await client.submit('dl.perceptron-train', { params: { dataset: `tiny-${run}`, labelColumn: 'label', epochs: 10, learningRate: 1, seed: 1 } })).result({ timeoutMs: 20_000 });
    expect((await client.call('dl.predict', { model: tiny.model!, inputs: [[-3], [3]] })).predictions).toEqual([0, 1]);

    await client.datasets.put(`long3-${run}`, noisyCsv(LONG.rows, LONG.cols, 3));
    const jobId = `cancel-${run}`;
    const job = await client.submit('dl.perceptron-train', { jobId, params: { dataset: `long3-${run}`, labelColumn: 'label', epochs: 100_000, learningRate: 1, seed: 1 } });
    await waitForState(client, jobId, (s) => s.status === 'running' && s.progress > 0);

    const full = (await client.call('dl.predict', { model: tiny.model!, inputs: [[1]] }).catch((e: unknown) => e)) as ModelbusError;
    expect(full).toBeInstanceOf(ModelbusError);
    expect(full.code).toBe('RESOURCE_EXHAUSTED');

    const afterCancel = await job.cancel();
    expect(['running', 'cancelled']).toContain(afterCancel.status);
    const final = await client.job(jobId).result({ timeoutMs: 20_000 }).catch((e: unknown) => e);
    expect((final as ModelbusError).code).toBe('CANCELLED');
    expect((await client.job(jobId).state()).status).toBe('cancelled');

    // the thread is free again: the same call now succeeds
    expect((await client.call('dl.predict', { model: tiny.model!, inputs: [[-3], [3]] })).predictions).toEqual([0, 1]);
    const metrics = await (await fetch(`http://127.0.0.1:${svc.httpPort}/metrics`)).text();
    expect(metrics).toMatch(/modelbus_requests_total\{[^}]*outcome="RESOURCE_EXHAUSTED"[^}]*\} 1/);
    expect(metrics).toMatch(/modelbus_jobs_total\{[^}]*outcome="cancelled"[^}]*\} 1/);
    expect((await svc.stop('SIGTERM')).code).toBe(0);
  });

  it('cancel of a queued job marks it cancelled at once and it never runs', async () => {
    // one thread, busy with a long job: the second job stays queued in the stream
    await start('deep-learning', { INSTANCE_ID: `qc-${run}`, WORKERS_MAX: '1' });
    const blocker = await client.submit('dl.perceptron-train', { params: { dataset: `long3-${run}`, labelColumn: 'label', epochs: 100_000, learningRate: 1, seed: 2 } });
    await waitForState(client, blocker.jobId, (s) => s.status === 'running');
    const queued = await client.submit('dl.perceptron-train', { params: { dataset: `tiny-${run}`, labelColumn: 'label', epochs: 5, learningRate: 1, seed: 1 } });
    expect((await queued.state()).status).toBe('queued');
    const cancelled = await queued.cancel();
    expect(cancelled.status).toBe('cancelled');
    await blocker.cancel();
    await waitForState(client, blocker.jobId, (s) => s.status === 'cancelled');
    // the replica is free now and pulls the cancelled message: it must drop it without running it
    await new Promise((r) => setTimeout(r, 1500));
    const history = await stateHistory(client, queued.jobId);
    expect(history.some((s) => s.status === 'running')).toBe(false);
    expect((await queued.state()).status).toBe('cancelled');
  });
});
