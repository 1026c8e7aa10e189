import type { NatsConnection } from '@nats-io/nats-core';
import { connect } from '@nats-io/transport-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ModelbusClient, ModelbusError } from '@modelbus/client';
import { startService, type StartedService } from '../../../tools/dev/services.mjs';

// Integration: the built service against the real NATS of the test run (NATS_URL).
const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';

function naive(a: { rows: number; cols: number; data: number[] }, b: { rows: number; cols: number; data: number[] }) {
  const c = new Array(a.rows * b.cols).fill(0);
  for (let i = 0; i < a.rows; i++) for (let j = 0; j < b.cols; j++) for (let k = 0; k < a.cols; k++) c[i * b.cols + j] += a.data[i * a.cols + k] * b.data[k * b.cols + j];
  return c;
}
const rand = (rows: number, cols: number) => ({ rows, cols, data: Array.from({ length: rows * cols }, (_, i) => Math.sin(i * 1.7 + rows) * 3) });

describe('linear-algebra service', () => {
  let svc: StartedService;
  let client: ModelbusClient;
  let nc: NatsConnection;

  beforeAll(async () => {
    svc = await startService('linear-algebra', { env: { NATS_URL } });
    client = await ModelbusClient.connect({ servers: NATS_URL });
    nc = await connect({ servers: NATS_URL });
  });
  afterAll(async () => {
    await client?.close();
    await nc?.close();
    const exit = await svc?.stop('SIGTERM');
    expect(exit?.code).toBe(0);
  });

  it('la.matmul multiplies through the worker pool (exact for these small products up to rounding)', async () => {
    const a = rand(5, 7), b = rand(7, 3);
    const { c } = await client.call('la.matmul', { a, b });
    expect(c.rows).toBe(5);
    expect(c.cols).toBe(3);
    const expected = naive(a, b);
    // 7-term dot products of values ≤ 3: blocked and naive summation orders differ by a few ulps
    c.data.forEach((v: number, i: number) => expect(Math.abs(v - expected[i])).toBeLessThan(1e-12 * 7 * 9));
  });

  it.each([[37, 29, 41], [1, 1, 1], [5, 300, 9], [3, 0, 2]])('la.matmul dtype f32 (%ix%i · %ix…) computes in single precision in the worker', async (m, k, n) => {
    const a = rand(m, k), b = rand(k, n);
    const reply = await client.call('la.matmul', { a, b, dtype: 'f32' });
    expect(reply.dtype).toBe('f32');
    expect([reply.c.rows, reply.c.cols]).toEqual([m, n]);
    // reference: f64 sums of the f32-rounded inputs; the f32 GEMM accumulates in f32, so each entry is
    // within k·2⁻²⁴·Σ|a_ip b_pj| (worst case); allowed 1e-5·√k relative to that sum (covers k < 28 000)
    const a32 = { ...a, data: a.data.map(Math.fround) }, b32 = { ...b, data: b.data.map(Math.fround) };
    const want = naive(a32, b32);
    const scale = naive({ ...a32, data: a32.data.map(Math.abs) }, { ...b32, data: b32.data.map(Math.abs) });
    reply.c.data.forEach((v: number, i: number) => {
      expect(Math.fround(v)).toBe(v); // an exact single-precision number (an f64 product of these inputs is not)
      expect(Math.abs(v - want[i])).toBeLessThanOrEqual(1e-5 * Math.sqrt(Math.max(k, 1)) * scale[i] + 1e-30);
    });
  });

  it('speaks plain JSON: a bare DTO in, the envelope alone out (raw NATS client, no Nest wrapper)', async () => {
    const reply = await nc.request('la.matmul', JSON.stringify({ a: { rows: 1, cols: 2, data: [1, 2] }, b: { rows: 2, cols: 1, data: [3, 4] } }), { timeout: 5000 });
    expect(JSON.parse(reply.string())).toEqual({ ok: true, data: { c: { rows: 1, cols: 1, data: [11] }, dtype: 'f64' } });
    const bad = JSON.parse((await nc.request('la.matmul', '{"a": 1', { timeout: 5000 })).string());
    expect(bad.ok).toBe(false);
    expect(bad.error.code).toBe('INVALID_ARGUMENT');
    expect(bad.error.message).toMatch(/not valid JSON/);
  });

  it.each([
    ['ragged data', { a: { rows: 2, cols: 2, data: [1, 2, 3] }, b: { rows: 2, cols: 1, data: [1, 2] } }, 'a.data'],
    ['Infinity (1e999)', '{"a":{"rows":1,"cols":1,"data":[1e999]},"b":{"rows":1,"cols":1,"data":[1]}}', 'a.data[0]'],
    ['shape mismatch', { a: { rows: 1, cols: 2, data: [1, 2] }, b: { rows: 3, cols: 1, data: [1, 2, 3] } }, 'b'],
    ['missing b', { a: { rows: 1, cols: 1, data: [1] } }, 'b'],
    ['unknown dtype', { a: { rows: 1, cols: 1, data: [1] }, b: { rows: 1, cols: 1, data: [1] }, dtype: 'f16' }, 'dtype'],
    ['f32 overflow', { a: { rows: 1, cols: 2, data: [1, -1e39] }, b: { rows: 2, cols: 1, data: [1, 1] }, dtype: 'f32' }, 'a.data[1]'],
    ['f32 shape mismatch', { a: { rows: 1, cols: 2, data: [1, 2] }, b: { rows: 3, cols: 1, data: [1, 2, 3] }, dtype: 'f32' }, 'b'],
  ])('rejects %s with INVALID_ARGUMENT naming the field', async (_n, body, field) => {
    const err = await client.call('la.matmul', typeof body === 'string' ? JSON.parse(body) : body).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ModelbusError);
    expect((err as ModelbusError).code).toBe('INVALID_ARGUMENT');
    expect((err as ModelbusError).message).toContain(field);
  });

  it('an f32 product beyond the f32 range is FAILED_PRECONDITION naming the entry (JSON has no ∞)', async () => {
    const err = await client.call('la.matmul', { a: { rows: 1, cols: 1, data: [1e30] }, b: { rows: 1, cols: 2, data: [1, 1e30] }, dtype: 'f32' }).catch((e: unknown) => e);
    expect((err as ModelbusError).code).toBe('FAILED_PRECONDITION');
    expect((err as ModelbusError).message).toContain('the result overflows the f32 range (dtype f32): c.data[1] is Infinity');
  });

  it('refuses a product larger than the per-matrix limit before computing it (an outer product of two small vectors)', async () => {
    // 2000×1 · 1×2000: an 8 KB request whose c has 4,000,000 elements (32 MB in the worker, 4 M JSON numbers);
    // the same from 30000-vectors (~120 KB) would be 7.2 GB — refused on the shapes, not after the allocation
    // (kept small here so that a regression costs the test machine little)
    for (const [n, dtype] of [[2000, 'f64'], [5000, 'f32']] as const) {
      const ones = { data: new Array(n).fill(1) };
      const err = await client.call('la.matmul', { a: { rows: n, cols: 1, ...ones }, b: { rows: 1, cols: n, ...ones }, dtype }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ModelbusError);
      expect((err as ModelbusError).code).toBe('INVALID_ARGUMENT');
      expect((err as ModelbusError).message).toContain(`a·b would be ${n}x${n} = ${n * n} elements, more than the limit of 1000000`);
    }
  });

  it('serves health and Prometheus metrics over HTTP', async () => {
    const base = `http://127.0.0.1:${svc.httpPort}`;
    expect((await fetch(`${base}/health/live`)).status).toBe(200);
    const ready = await fetch(`${base}/health/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ok', checks: { nats: 'up', pool: 'up' } });
    const text = await (await fetch(`${base}/metrics`)).text();
    expect(text).toMatch(/modelbus_requests_total\{[^}]*subject="la.matmul"[^}]*outcome="ok"[^}]*\} [1-9]/);
    expect(text).toMatch(/modelbus_requests_total\{[^}]*outcome="INVALID_ARGUMENT"[^}]*\} [1-9]/);
    expect(text).toMatch(/modelbus_pool_task_run_seconds_count\{[^}]*op="matmul"/);
    expect(text).toMatch(/modelbus_pool_utilization\{[^}]*\} /);
  });

  it('is listed by the NATS service API with its pool figures', async () => {
    const workers = await client.workers({ service: 'linear-algebra', waitMs: 500 });
    const me = workers.find((w) => JSON.stringify(w).includes(svc.instance));
    expect(me).toBeDefined();
  });
});
