import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jetstream } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/nats-core';
import { Objm, type ObjectStore } from '@nats-io/obj';
import { DATASETS_BUCKET, MODELS_BUCKET, ModelbusError } from '@modelbus/contracts';
import { ModelbusClient } from './client';
import { digestHex } from './stores';
import { natsUrl, provisionLikeServices, rawConnect, runId, rejection } from './testing/nats-fixtures';

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

describe('datasets and models against a real NATS', () => {
  const run = runId();
  let nc: NatsConnection;
  let client: ModelbusClient;
  let datasets: ObjectStore;
  let models: ObjectStore;
  let dir: string;
  const names: [ObjectStore, string][] = [];

  beforeAll(async () => {
    nc = await rawConnect();
    await provisionLikeServices(nc, 'dl');
    const objm = new Objm(jetstream(nc));
    datasets = await objm.open(DATASETS_BUCKET);
    models = await objm.open(MODELS_BUCKET);
    client = await ModelbusClient.connect({ servers: natsUrl() });
    dir = await mkdtemp(join(tmpdir(), 'client-stores-'));
  });
  afterAll(async () => {
    for (const [os, n] of names) await os.delete(n).catch(() => undefined);
    await client?.close();
    await nc?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('puts bytes, gets them back and lists them with size and sha256 digest', async () => {
    const name = `client-${run}-bytes.csv`;
    names.push([datasets, name]);
    const bytes = new TextEncoder().encode('x1,x2,label\n0.5,1,1\n-2,0.25,0\n');
    const put = await client.datasets.put(name, bytes, { description: 'tiny' });
    expect(put).toMatchObject({ name, size: bytes.length, digest: sha256(bytes), description: 'tiny' });
    expect(Buffer.from(await client.datasets.get(name)).equals(bytes)).toBe(true);
    const listed = (await client.datasets.list()).find((d) => d.name === name);
    expect(listed).toMatchObject({ name, size: bytes.length, digest: sha256(bytes) });
    expect(Date.parse(listed!.modified)).not.toBeNaN();
  });

  it('streams a file larger than one chunk (128 KiB) and round-trips it byte for byte', async () => {
    const name = `client-${run}-file.bin`;
    names.push([datasets, name]);
    const bytes = new Uint8Array(300_000).map((_, i) => (i * 31 + 7) & 0xff);
    const path = join(dir, 'data.bin');
    await writeFile(path, bytes);
    const put = await client.datasets.putFile(name, path);
    expect(put.size).toBe(bytes.length);
    expect(put.digest).toBe(sha256(bytes));
    expect(sha256(await client.datasets.get(name))).toBe(sha256(bytes));
  });

  it('reports missing datasets, bad names and unreadable files', async () => {
    expect((await rejection(client.datasets.get(`client-${run}-missing`))).code).toBe('NOT_FOUND');
    expect(await client.datasets.info(`client-${run}-missing`)).toBeNull();
    expect((await rejection(client.datasets.put('a b', new Uint8Array(1)))).code).toBe('INVALID_ARGUMENT');
    expect((await rejection(client.datasets.putFile(`client-${run}-x`, join(dir, 'nope')))).code).toBe('INVALID_ARGUMENT');
  });

  it('reads a model with its metadata and verifies the digest', async () => {
    const name = `client-${run}-model.json`;
    names.push([models, name]);
    const bytes = new TextEncoder().encode(JSON.stringify({ w: [0.5, -1], b: 0.25 }));
    const meta = { kind: 'perceptron', service: 'deep-learning', version: '1', digest: sha256(bytes), jobId: 'j1', createdAt: new Date().toISOString(), format: 'json' };
    await models.putBlob({ name, metadata: meta }, bytes);
    const got = await client.models.get(name);
    expect(got.meta).toEqual(meta);
    expect(Buffer.from(got.bytes).equals(bytes)).toBe(true);
    const listed = (await client.models.list()).find((m) => m.name === name);
    expect(listed?.meta).toEqual(meta);
  });

  it('refuses a model whose bytes do not match its digest', async () => {
    const name = `client-${run}-tampered`;
    names.push([models, name]);
    const bytes = new Uint8Array([1, 2, 3]);
    const meta = { kind: 'k', service: 's', version: '1', digest: sha256(new Uint8Array([1, 2, 4])), createdAt: new Date().toISOString(), format: 'binary' };
    await models.putBlob({ name, metadata: meta }, bytes);
    const e = await rejection(client.models.get(name));
    expect(e).toBeInstanceOf(ModelbusError);
    expect(e.code).toBe('INTERNAL');
    expect(e.message).toContain('sha256');
    expect((await rejection(client.models.get(`client-${run}-none`))).code).toBe('NOT_FOUND');
  });

  it('converts the object store digest (SHA-256=base64url) to hex', () => {
    // sha256("abc") from FIPS 180-2, appendix B.1
    const hex = 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad';
    const b64url = Buffer.from(hex, 'hex').toString('base64url');
    expect(digestHex(`SHA-256=${b64url}`)).toBe(hex);
    expect(digestHex(`SHA-256=${Buffer.from(hex, 'hex').toString('base64')}`)).toBe(hex);
  });
});
