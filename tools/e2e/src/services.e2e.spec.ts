import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { ModelbusClient, ModelbusError } from '@modelbus/client';
import { startNatsServer, type NatsHandle } from '../../dev/nats.mjs';
import { startService, type StartedService } from '../../dev/services.mjs';
import { runId } from './fixtures';

// All four services plus a second linear-algebra replica on a private nats-server.
describe('four services on one NATS', () => {
  let nats: NatsHandle;
  let client: ModelbusClient;
  let la1: StartedService, la2: StartedService;
  let replicas: StartedService[] = [];
  const run = runId();

  beforeAll(async () => {
    nats = await startNatsServer();
    const env = { NATS_URL: nats.url };
    const starting = [
      startService('linear-algebra', { env: { ...env, INSTANCE_ID: `la1-${run}` } }),
      startService('linear-algebra', { env: { ...env, INSTANCE_ID: `la2-${run}` } }),
      startService('timeseries', { env }),
      startService('deep-learning', { env }),
      startService('recommendation', { env }),
    ];
    // keep every replica that did start, so afterAll stops it even when another failed
    const settled = await Promise.allSettled(starting);
    const up = settled.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
    replicas = up;
    const failed = settled.find((r) => r.status === 'rejected');
    if (failed) throw (failed as PromiseRejectedResult).reason;
    [la1, la2] = up;
    client = await ModelbusClient.connect({ servers: nats.url });
    await client.datasets.put(`tiny-${run}`, 'x,label\n-2,0\n-1,0\n1,1\n2,1\n');
    await client.datasets.put(`baskets-${run}`, '1 2 \n1 3 \n1 2 3 \n2 3 \n');
  });
  afterAll(async () => {
    await client?.close();
    const exits = await Promise.all(replicas.map((s) => s.stop('SIGTERM')));
    await nats?.stop();
    expect(exits.every((e) => e.code === 0)).toBe(true);
  });

  it('two replicas share a burst of 200 requests (queue group), every answer correct', async () => {
    const replies = await Promise.all(
      Array.from({ length: 200 }, (_, i) => client.call('la.matmul', { a: { rows: 1, cols: 2, data: [i, 1] }, b: { rows: 2, cols: 1, data: [2, 3] } })),
    );
    replies.forEach((r, i) => expect(r.c.data).toEqual([2 * i + 3]));
    const workers = await client.workers({ service: 'linear-algebra', waitMs: 700 });
    const done = (inst: string) => {
      const w = workers.find((x) => JSON.stringify(x).includes(inst));
      return (w as unknown as { pool?: { completed?: number } })?.pool?.completed ?? 0;
    };
    const c1 = done(la1.instance), c2 = done(la2.instance);
    expect(c1).toBeGreaterThan(0);
    expect(c2).toBeGreaterThan(0);
    expect(c1 + c2).toBe(200);
  });

  const m = (rows: number, cols: number, data: unknown[]) => ({ rows, cols, data });
  const BAD: [string, string, string, unknown][] = [
    ['la.matmul', 'ragged matrix', 'a.data', { a: m(2, 2, [1, 2, 3]), b: m(2, 1, [1, 2]) }],
    ['la.matmul', 'non-finite value', 'a.data[0]', JSON.parse('{"a":{"rows":1,"cols":1,"data":[-1e999]},"b":{"rows":1,"cols":1,"data":[1]}}')],
    ['la.matmul', 'string in data', 'a.data[0]', { a: m(1, 1, ['x']), b: m(1, 1, [1]) }],
    ['la.matmul', 'fractional rows', 'a.rows', { a: m(1.5, 1, [1]), b: m(1, 1, [1]) }],
    ['la.matmul', 'inner dimensions differ', 'b', { a: m(1, 2, [1, 2]), b: m(3, 1, [1, 2, 3]) }],
    ['la.matmul', 'unknown field', 'alpha', { a: m(1, 1, [1]), b: m(1, 1, [1]), alpha: 2 }],
    ['la.matmul', 'oversize matrix', 'more than the limit', { a: m(1001, 1000, []), b: m(1, 1, [1]) }],
    ['la.matmul', 'body not an object', 'body', [1, 2, 3]],
    ['ts.arma.acf', 'non-stationary AR', 'ar', { ar: [0.5, 0.6], ma: [], lags: 5 }],
    ['ts.arma.acf', 'lags too large', 'lags', { ar: [], ma: [], lags: 100_001 }],
    ['ts.arma.acf', 'null coefficient', 'ar[0]', { ar: [null], ma: [], lags: 5 }],
    ['ts.arma.acf', 'missing lags', 'lags', { ar: [0.1], ma: [] }],
    ['ts.arma.acf', 'too many MA terms', 'ma', { ar: [], ma: new Array(101).fill(0.01), lags: 5 }],
    ['dl.predict', 'ragged inputs', 'inputs[1]', { model: 'm', inputs: [[1, 2], [3]] }],
    ['dl.predict', 'empty inputs', 'inputs', { model: 'm', inputs: [] }],
    ['dl.predict', 'model name with a space', 'model', { model: 'a b', inputs: [[1]] }],
    ['dl.predict', 'NaN as a string', 'inputs[0][0]', { model: 'm', inputs: [['NaN']] }],
    ['rec.rules', 'confidence above 1', 'minConfidence', { result: 'r', minConfidence: 1.5 }],
    ['rec.rules', 'negative lift', 'minLift', { result: 'r', minConfidence: 0.5, minLift: -1 }],
    ['rec.rules', 'zero limit', 'limit', { result: 'r', minConfidence: 0.5, limit: 0 }],
  ];

  it.each(BAD)('%s: %s → INVALID_ARGUMENT naming %s', async (subject, _what, field, body) => {
    const err = (await client.call(subject, body).catch((e: unknown) => e)) as ModelbusError;
    expect(err).toBeInstanceOf(ModelbusError);
    expect(err.code).toBe('INVALID_ARGUMENT');
    expect(err.message).toContain(field);
  });

  it('bad job params are terminated at once with INVALID_ARGUMENT and never retried', async () => {
    const bad = [
      client.submit('rec.fpgrowth', { params: { dataset: `baskets-${run}`, minSupport: 0 } }),
      client.submit('rec.fpgrowth', { params: { dataset: `baskets-${run}`, minSupport: 0.5, maxLength: 0 } }),
      client.submit('dl.perceptron-train', { params: { dataset: `tiny-${run}`, labelColumn: 'label', epochs: 5, learningRate: -1, seed: 1 } }),
      client.submit('dl.perceptron-train', { params: { dataset: `tiny-${run}`, labelColumn: 'nope', epochs: 5, learningRate: 1, seed: 1 } }),
    ];
    const fields = ['minSupport', 'maxLength', 'learningRate', 'labelColumn'];
    for (const [i, p] of bad.entries()) {
      const job = await p;
      const err = (await job.result({ timeoutMs: 20_000 }).catch((e: unknown) => e)) as ModelbusError;
      expect(err.code).toBe('INVALID_ARGUMENT');
      expect(err.message).toContain(fields[i]);
      expect((await job.state()).attempt).toBe(1);
    }
    // a job failing inside its run (the dataset is missing: NOT_FOUND) is final as well
    const missing = await client.submit('rec.fpgrowth', { params: { dataset: `absent-${run}`, minSupport: 0.5 } });
    expect(((await missing.result({ timeoutMs: 20_000 }).catch((e: unknown) => e)) as ModelbusError).code).toBe('NOT_FOUND');
    // terminated means gone from the work-queue streams, not left pending for redelivery after AckWait
    const nc = await connect({ servers: nats.url });
    try {
      const jsm = await jetstreamManager(nc);
      for (const [stream, durable] of [['MODELBUS_JOBS_REC', 'rec-fpgrowth'], ['MODELBUS_JOBS_DL', 'dl-perceptron-train']]) {
        const c = await jsm.consumers.info(stream, durable);
        expect({ stream, ackPending: c.num_ack_pending, messages: (await jsm.streams.info(stream)).state.messages }).toEqual({ stream, ackPending: 0, messages: 0 });
      }
    } finally {
      await nc.close();
    }
  });

  it('every service still answers correctly after the bad input', async () => {
    expect((await client.call<{ c: { data: number[] } }>('la.matmul', { a: m(1, 1, [2]), b: m(1, 1, [3]) })).c.data).toEqual([6]);
    expect((await client.call('ts.arma.acf', { ar: [0.5], ma: [], lags: 2 })).acf).toEqual([1, 0.5, 0.25]);
    const trained = await (await client.submit('dl.perceptron-train', { params: { dataset: `tiny-${run}`, labelColumn: 'label', epochs: 10, learningRate: 1, seed: 1 } })).result({ timeoutMs: 20_000 });
    expect((await client.call('dl.predict', { model: trained.model!, inputs: [[-5], [5]] })).predictions).toEqual([0, 1]);
    const mined = await (await client.submit('rec.fpgrowth', { params: { dataset: `baskets-${run}`, minSupport: 0.5 } })).result({ timeoutMs: 20_000 });
    // {1},{2},{3} in 3 of 4 baskets; {1,2},{1,3},{2,3} in 2 of 4; {1,2,3} in 1 → below 0.5
    expect(mined.summary).toMatchObject({ itemsetCount: 6, byLength: [3, 3], minCount: 2, transactions: 4 });
    const { rules } = await client.call('rec.rules', { result: mined.result!, minConfidence: 0.6 });
    expect(rules).toHaveLength(6);
    for (const r of rules) expect(r).toMatchObject({ support: 0.5, confidence: 2 / 3, lift: (2 / 3) / 0.75 });
  });
});
