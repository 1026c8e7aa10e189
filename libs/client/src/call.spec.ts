import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NatsConnection } from '@nats-io/nats-core';
import { ModelbusError } from '@modelbus/contracts';
import { ModelbusClient } from './client';
import { NatsUnavailableError } from './nats-errors';
import { natsUrl, rawConnect, respond, runId, rejection } from './testing/nats-fixtures';

// A tiny responder on the raw client plays the service: the client must speak the bare-JSON request
// and the envelope reply exactly as any other NATS client would.
describe('ModelbusClient.call against a real NATS', () => {
  const run = runId();
  let nc: NatsConnection;
  let client: ModelbusClient;
  const stops: (() => void)[] = [];

  beforeAll(async () => {
    nc = await rawConnect();
    client = await ModelbusClient.connect({ servers: natsUrl(), timeoutMs: 2000 });
    stops.push(respond(nc, `${run}.sum`, (body) => {
      const { xs } = body as { xs: number[] };
      return { ok: true, data: { sum: xs.reduce((a, b) => a + b, 0), echo: body } };
    }));
    stops.push(respond(nc, `${run}.fail`, () => ({ ok: false, error: { code: 'RESOURCE_EXHAUSTED', message: 'queue full (4/4)', details: { queueSize: 4 } } })));
    stops.push(respond(nc, `${run}.silent`, () => undefined));
    stops.push(respond(nc, `${run}.nest`, () => ({ id: '1', response: 3, isDisposed: true })));
    await nc.flush();
  });
  afterAll(async () => {
    stops.forEach((s) => s());
    await client?.close();
    await nc?.close();
  });

  it('sends the bare JSON body and returns the envelope data', async () => {
    const r = await client.call<{ sum: number; echo: unknown }>(`${run}.sum`, { xs: [1, 2, 3.5] });
    expect(r.sum).toBe(6.5);
    expect(r.echo).toEqual({ xs: [1, 2, 3.5] }); // no {pattern, data, id} wrapper on the wire
  });

  it('throws the error envelope as ModelbusError with its code', async () => {
    const e = await rejection(client.call(`${run}.fail`, {}));
    expect(e).toBeInstanceOf(ModelbusError);
    expect(e.code).toBe('RESOURCE_EXHAUSTED');
    expect(e.message).toBe('queue full (4/4)');
    expect(e.details).toEqual({ queueSize: 4 });
  });

  it('reports no responders as FAILED_PRECONDITION naming the subject and service', async () => {
    const e = await rejection(client.call(`la.${run}-nothing`, {}));
    expect(e).toBeInstanceOf(ModelbusError);
    expect(e.code).toBe('FAILED_PRECONDITION');
    expect(e.message).toBe(`no service answers la.${run}-nothing: is the linear-algebra service running?`);
  });

  it('reports a silent responder as DEADLINE_EXCEEDED', async () => {
    const e = await rejection(client.call(`${run}.silent`, {}, { timeoutMs: 300 }));
    expect(e.code).toBe('DEADLINE_EXCEEDED');
    expect(e.message).toContain('300 ms');
  });

  it('rejects a reply that is not an envelope as INTERNAL', async () => {
    const e = await rejection(client.call(`${run}.nest`, {}));
    expect(e.code).toBe('INTERNAL');
  });

  it('fails to connect to a closed port with NatsUnavailableError naming the URL', async () => {
    const e = await rejection(ModelbusClient.connect({ servers: 'nats://127.0.0.1:1' }));
    expect(e).toBeInstanceOf(NatsUnavailableError);
    expect(e.code).toBe('FAILED_PRECONDITION');
    expect(e.message).toContain('nats://127.0.0.1:1');
  });
});
