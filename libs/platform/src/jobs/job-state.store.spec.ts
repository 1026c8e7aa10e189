import { randomUUID } from 'node:crypto';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { Kvm, type KV } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/nats-core';
import { connect } from '@nats-io/transport-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobState } from '@modelbus/contracts';
import { JobStateStore } from './job-state.store';

// Real NATS KV (NATS_URL or the default), in a bucket of its own that is deleted afterwards.
const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
const bucket = `TEST_JOBSTATE_${randomUUID().slice(0, 8)}`;

describe('JobStateStore', () => {
  let nc: NatsConnection;
  let kv: KV;
  beforeAll(async () => {
    nc = await connect({ servers: NATS_URL });
    kv = await new Kvm(jetstream(nc)).create(bucket, { history: 10 });
  });
  afterAll(async () => {
    await (await jetstreamManager(nc)).streams.delete(`KV_${bucket}`).catch(() => undefined);
    await nc.close();
  });

  const base = (jobId: string): JobState => ({ jobId, service: 's', kind: 'k', status: 'queued', progress: 0, attempt: 0, updatedAt: '' });

  it('creates, reads and updates with a timestamp', async () => {
    const store = new JobStateStore(kv);
    expect(await store.get('j1')).toBeNull();
    await store.update('j1', (cur) => cur ?? base('j1'));
    const r = await store.update('j1', (cur) => ({ ...cur!, status: 'running' }));
    expect(r?.status).toBe('running');
    expect((await store.get('j1'))?.state.updatedAt).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  it('never loses a concurrent change: compare-and-set retries on conflict', async () => {
    const store = new JobStateStore(kv);
    await store.update('j2', () => base('j2'));
    // 10 concurrent read-modify-write increments of attempt
    await Promise.all(Array.from({ length: 10 }, () => store.update('j2', (cur) => ({ ...cur!, attempt: cur!.attempt + 1 }))));
    expect((await store.get('j2'))?.state.attempt).toBe(10);
  });

  it('leaves the state alone when the change returns undefined', async () => {
    const store = new JobStateStore(kv);
    await store.update('j3', () => ({ ...base('j3'), status: 'succeeded' }));
    const rev = (await store.get('j3'))!.revision;
    await store.update('j3', (cur) => (cur?.status === 'running' ? { ...cur, progress: 0.5 } : undefined));
    expect((await store.get('j3'))!.revision).toBe(rev);
  });
});
