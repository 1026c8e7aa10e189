import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NatsConnection } from '@nats-io/nats-core';
import { Svcm, type Service } from '@nats-io/services';
import { ModelbusClient } from './client';
import { parseStats, type PoolStats } from './workers';
import { natsUrl, rawConnect, runId } from './testing/nats-fixtures';

const pool = (n: number): PoolStats => ({ threads: 2, maxThreads: 4, running: 1, utilization: 0.5, queueSize: n, maxQueue: 64, completed: 10 + n, failed: 1, runP50Ms: 3, runP99Ms: 9, waitP50Ms: 0.1, waitP99Ms: 0.4 });

// Two replicas of a fake service registered through @nats-io/services, as the platform does: the
// Modelbus figures ride in each endpoint's `data` via statsHandler.
describe('workers() against a real NATS', () => {
  const name = `client-test-${runId()}`;
  let nc: NatsConnection;
  let client: ModelbusClient;
  const services: Service[] = [];

  beforeAll(async () => {
    nc = await rawConnect();
    for (const n of [1, 2]) {
      const svc = await new Svcm(nc).add({ name, version: '0.0.1', queue: name, metadata: { instance: `host-${n}` }, statsHandler: async () => ({ instance: `host-${n}`, pool: pool(n), inFlightJobs: [`job-${n}`] }) });
      svc.addEndpoint('status', { subject: `${name}.status.${n}`, handler: (_e, m) => m.respond('{}') });
      services.push(svc);
    }
    client = await ModelbusClient.connect({ servers: natsUrl() });
  });
  afterAll(async () => {
    for (const s of services) await s.stop();
    await client?.close();
    await nc?.close();
  });

  it('collects one entry per replica with its pool figures and in-flight jobs', async () => {
    const ws = await client.workers({ service: name });
    expect(ws).toHaveLength(2);
    expect(new Set(ws.map((w) => w.id)).size).toBe(2);
    const byInstance = Object.fromEntries(ws.map((w) => [w.instance, w]));
    expect(byInstance['host-1']).toMatchObject({ service: name, version: '0.0.1', pool: pool(1), inFlightJobs: ['job-1'] });
    expect(byInstance['host-2']).toMatchObject({ pool: pool(2), inFlightJobs: ['job-2'] });
  });

  it('includes them in the unfiltered list too, and returns [] when nobody answers', async () => {
    const all = await client.workers();
    expect(all.filter((w) => w.service === name)).toHaveLength(2);
    expect(await client.workers({ service: `${name}-absent`, waitMs: 200 })).toEqual([]);
  });

  it('parses data at the top level, and replicas without Modelbus data', () => {
    expect(parseStats({ name: 'x', id: 'i', version: '1', data: { pool: pool(0), inFlightJobs: [] } })?.pool).toEqual(pool(0));
    expect(parseStats({ name: 'x', id: 'i', endpoints: [{ data: null }] })).toEqual({ service: 'x', id: 'i', version: '', inFlightJobs: [] });
    expect(parseStats({ id: 'i' })).toBeNull();
  });
});
