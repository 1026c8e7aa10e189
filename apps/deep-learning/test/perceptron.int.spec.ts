import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ModelbusClient, ModelbusError, type JobEvent } from '@modelbus/client';
import { startService, type StartedService } from '../../../tools/dev/services.mjs';

const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
const run = randomUUID().slice(0, 8);

/** Points on either side of the plane 2·x0 − x1 + 0.5·x2 = 1 with a margin: linearly separable. */
function separable(n: number, seed: number) {
  let s = seed;
  const rnd = () => ((s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) * 4 - 2;
  const rows: number[][] = [];
  while (rows.length < n) {
    const x = [rnd(), rnd(), rnd()];
    const f = 2 * x[0] - x[1] + 0.5 * x[2] - 1;
    if (Math.abs(f) < 0.2) continue;
    rows.push([...x, f > 0 ? 1 : 0]);
  }
  return rows;
}
const csv = (rows: number[][]) => 'x0,x1,x2,label\n' + rows.map((r) => r.join(',')).join('\n') + '\n';

describe('deep-learning service', () => {
  let svc: StartedService;
  let client: ModelbusClient;
  const train = separable(300, 7);
  const test = separable(100, 99);

  beforeAll(async () => {
    svc = await startService('deep-learning', { env: { NATS_URL } });
    client = await ModelbusClient.connect({ servers: NATS_URL });
    await client.datasets.put(`it-${run}-train`, csv(train));
    await client.datasets.put(`it-${run}-bad`, 'x0,label\n1,0\n2,oops\n');
  });
  afterAll(async () => {
    await client?.datasets.delete(`it-${run}-train`).catch(() => undefined);
    await client?.datasets.delete(`it-${run}-bad`).catch(() => undefined);
    await client?.close();
    expect((await svc?.stop('SIGTERM'))?.code).toBe(0);
  });

  it('trains a perceptron as a job with progress, stores the model, and predicts with it', async () => {
    const job = await client.submit('dl.perceptron-train', {
      jobId: `it-${run}-perceptron`,
      params: { dataset: `it-${run}-train`, labelColumn: 'label', epochs: 50, learningRate: 0.5, seed: 3 },
    });
    const events: JobEvent[] = [];
    const state = await job.result({ timeoutMs: 30_000, onEvent: (e) => events.push(e) });
    expect(state.status).toBe('succeeded');
    expect(state.model).toBe(`model-it-${run}-perceptron`);
    expect(state.summary).toMatchObject({ rows: 300, features: 3, converged: true, trainAccuracy: 1 });
    expect(events.some((e) => e.status === 'running')).toBe(true);

    const stored = await client.models.get(state.model!);
    expect(stored.meta).toMatchObject({ kind: 'perceptron', service: 'deep-learning', jobId: `it-${run}-perceptron` });
    expect(stored.meta.digest).toMatch(/^[0-9a-f]{64}$/);

    // a separating hyperplane found on the training sample classifies fresh points from the same margin-separated law
    const { predictions } = await client.call('dl.predict', { model: state.model!, inputs: test.map((r) => r.slice(0, 3)) });
    const correct = predictions.filter((p: number, i: number) => p === test[i][3]).length;
    expect(correct / test.length).toBeGreaterThanOrEqual(0.97);
  });

  it('fails a job whose dataset has a non-numeric cell with INVALID_ARGUMENT naming line and column', async () => {
    const job = await client.submit('dl.perceptron-train', { params: { dataset: `it-${run}-bad`, labelColumn: 'label', epochs: 5, learningRate: 1, seed: 1 } });
    const err = (await job.result({ timeoutMs: 20_000 }).catch((e: unknown) => e)) as ModelbusError;
    expect(err.code).toBe('INVALID_ARGUMENT');
    expect(err.message).toMatch(/line 3/);
    expect((await job.state()).attempt).toBe(1); // terminated at once, never retried
  });

  it('fails a job on a missing dataset with NOT_FOUND and bad params with INVALID_ARGUMENT', async () => {
    const missing = await client.submit('dl.perceptron-train', { params: { dataset: `it-${run}-nope`, labelColumn: 'label', epochs: 5, learningRate: 1, seed: 1 } });
    expect(((await missing.result({ timeoutMs: 20_000 }).catch((e: unknown) => e)) as ModelbusError).code).toBe('NOT_FOUND');
    const bad = await client.submit('dl.perceptron-train', { params: { dataset: `it-${run}-train`, labelColumn: 'label', epochs: 0, learningRate: 1, seed: 1 } });
    const err = (await bad.result({ timeoutMs: 20_000 }).catch((e: unknown) => e)) as ModelbusError;
    expect(err.code).toBe('INVALID_ARGUMENT');
    expect(err.message).toContain('epochs');
  });

  it('dl.predict rejects a width mismatch and an unknown model', async () => {
    const wrong = (await client.call('dl.predict', { model: `model-it-${run}-perceptron`, inputs: [[1, 2]] }).catch((e: unknown) => e)) as ModelbusError;
    expect(wrong.code).toBe('INVALID_ARGUMENT');
    expect(wrong.message).toContain('inputs');
    const unknown = (await client.call('dl.predict', { model: `it-${run}-none`, inputs: [[1, 2, 3]] }).catch((e: unknown) => e)) as ModelbusError;
    expect(unknown.code).toBe('NOT_FOUND');
  });
});
