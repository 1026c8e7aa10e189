import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jetstreamManager } from '@nats-io/jetstream';
import { Kvm } from '@nats-io/kv';
import { JOBS_STATE_BUCKET } from '@modelbus/contracts';
import { ModelbusClient } from './client';
import { startFreshServer, type FreshServer } from './testing/fresh-server';
import { rejection } from './testing/nats-fixtures';

// A NATS on which no Modelbus service has started: no streams, buckets or object stores. The client
// must say so plainly (and must not create them itself).
describe('on a NATS where no service has started', () => {
  let server: FreshServer;
  let client: ModelbusClient;
  beforeAll(async () => {
    server = await startFreshServer();
    client = await ModelbusClient.connect({ servers: server.url, timeoutMs: 2000 });
  });
  afterAll(async () => {
    await client?.close();
    await server?.stop();
  });

  it.each([
    ['submit', () => client.submit('dl.perceptron-train', { params: {} }), 'MODELBUS_JOBS_STATE'],
    ['jobs.list', () => client.jobs.list(), 'MODELBUS_JOBS_STATE'],
    ['job state', () => client.job('x').state(), 'MODELBUS_JOBS_STATE'],
    ['datasets.list', () => client.datasets.list(), 'MODELBUS_DATASETS'],
    ['datasets.put', () => client.datasets.put('d.csv', 'a\n'), 'MODELBUS_DATASETS'],
    ['models.list', () => client.models.list(), 'MODELBUS_MODELS'],
  ])('%s fails FAILED_PRECONDITION naming the missing %s', async (_n, op, bucket) => {
    const e = await rejection(op());
    expect(e.code).toBe('FAILED_PRECONDITION');
    expect(e.message).toContain(bucket);
    expect(e.message).toContain('no Modelbus service has started on this NATS yet');
  });

  it('creates nothing while failing, and lists no workers', async () => {
    const jsm = await jetstreamManager(client.nc);
    const names: string[] = [];
    for await (const s of jsm.streams.names()) names.push(s);
    expect(names).toEqual([]);
    expect(await client.workers({ waitMs: 200 })).toEqual([]);
  });
});

// Only the state bucket exists (a service of another prefix has started): submitting to a service
// whose stream is missing must fail, and must not leave a queued state that would block a retry.
describe('submit when the job stream is missing', () => {
  let server: FreshServer;
  let client: ModelbusClient;
  beforeAll(async () => {
    server = await startFreshServer();
    client = await ModelbusClient.connect({ servers: server.url, timeoutMs: 2000 });
    await new Kvm(client.js).create(JOBS_STATE_BUCKET, { history: 5 });
  });
  afterAll(async () => {
    await client?.close();
    await server?.stop();
  });

  it('fails FAILED_PRECONDITION naming the service and leaves no state', async () => {
    const e = await rejection(client.submit('la.anything', { jobId: 'j-1', params: {} }));
    expect(e.code).toBe('FAILED_PRECONDITION');
    expect(e.message).toContain('is the linear-algebra service running?');
    expect((await rejection(client.job('j-1').state())).code).toBe('NOT_FOUND');
    expect(await client.jobs.list()).toEqual([]);
  });
});
