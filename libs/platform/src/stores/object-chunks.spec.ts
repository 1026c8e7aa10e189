import { randomBytes, randomUUID } from 'node:crypto';
import { jetstream, jetstreamManager, type JetStreamClient } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/nats-core';
import { Objm, type ObjectStore } from '@nats-io/obj';
import { connect } from '@nats-io/transport-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { objectChunks } from './dataset-stream';

// Real NATS object store (NATS_URL or the default), in a bucket of its own that is deleted afterwards.
const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
const bucket = `TEST_CHUNKS_${randomUUID().slice(0, 8)}`;

describe('objectChunks', () => {
  let nc: NatsConnection;
  let js: JetStreamClient;
  let store: ObjectStore;
  const data = randomBytes(200 * 1000);
  beforeAll(async () => {
    nc = await connect({ servers: NATS_URL });
    js = jetstream(nc);
    store = await new Objm(js).create(bucket);
    await store.putBlob({ name: 'data', options: { max_chunk_size: 1000 } }, data);
  });
  afterAll(async () => {
    await (await jetstreamManager(nc)).streams.delete(`OBJ_${bucket}`).catch(() => undefined);
    await nc.close();
  });

  const dataInfo = async () => {
    const info = await store.info('data');
    if (!info) throw new Error('test object missing');
    return info;
  };

  it('reads the object chunk by chunk, byte for byte', async () => {
    const info = await dataInfo();
    const parts: Buffer[] = [];
    for await (const c of objectChunks(js, store, info)) parts.push(Buffer.from(c));
    expect(parts.length).toBe(200);
    expect(Buffer.concat(parts).equals(data)).toBe(true);
  });

  it('reads ahead only a few chunks while the reader waits (the server delivered no more)', async () => {
    const info = await dataInfo();
    const it = objectChunks(js, store, info, 4)[Symbol.asyncIterator]();
    expect((await it.next()).done).toBe(false);
    await new Promise((r) => setTimeout(r, 500));
    const jsm = await jetstreamManager(nc);
    const consumers = await jsm.consumers.list(`OBJ_${bucket}`).next();
    expect(consumers.length).toBe(1);
    // 1 taken + at most two pulls of 4 (the next pull goes out as the reader reaches it), of 200 chunks
    expect(consumers[0].delivered.consumer_seq).toBeGreaterThanOrEqual(1);
    expect(consumers[0].delivered.consumer_seq).toBeLessThanOrEqual(9);
    await it.return?.(undefined);
    expect((await jsm.consumers.list(`OBJ_${bucket}`).next()).length).toBe(0); // deleted when the reader stops
  });

  it('fails on a size or digest mismatch', async () => {
    const info = await dataInfo();
    const like = (o: object) => ({ name: info.name, bucket: info.bucket, nuid: info.nuid, size: info.size, digest: info.digest, options: info.options, ...o }) as unknown as typeof info;
    const read = async (i: typeof info) => {
      for await (const c of objectChunks(js, store, i)) void c;
    };
    await expect(read(like({ size: info.size + 1 }))).rejects.toThrow(/read 200000 bytes of 200001/);
    await expect(read(like({ digest: 'SHA-256=' + Buffer.alloc(32).toString('base64url') }))).rejects.toThrow(/digests do not match/);
  });
});
