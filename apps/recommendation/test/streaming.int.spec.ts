import { randomUUID } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { jetstream } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/nats-core';
import { Objm, type ObjectStore } from '@nats-io/obj';
import { connect } from '@nats-io/transport-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ModelbusClient, ModelbusError } from '@modelbus/client';
import { DATASETS_BUCKET } from '@modelbus/contracts';
import { canonicalOrder, fpGrowth, listingLines, parseDataset, type DatasetFormat } from '@modelbus/math-recsys';
import { startService, type StartedService } from '../../../tools/dev/services.mjs';

// The fpgrowth job reads its dataset streamed (object-store chunks → optional gunzip → worker parser, chunk
// by chunk). Datasets stored in many tiny chunks (cuts inside numbers, quoted items, CRLFs, the BOM),
// plain and gzip'd, must mine exactly like the whole text parsed in one piece.

const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
const run = randomUUID().slice(0, 8);
const enc = (s: string) => new TextEncoder().encode(s);

function lcg(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
}
const NAMES = ['milk', 'whole milk', 'beer, lager', 'say "hi"', 'é', 'bread', 'a b'];
const quote = (x: string) => (/[",]/.test(x) ? `"${x.replace(/"/g, '""')}"` : x);

/** Seeded datasets in the three formats, with CRLF, blank lines and a BOM. */
function datasets(): Record<DatasetFormat, string> {
  const rnd = lcg(7);
  const rows = Array.from({ length: 600 }, () => NAMES.map((_, i) => i).filter((i) => rnd() < 0.15 + i * 0.07));
  const fimi = '\ufeff' + rows.map((r, t) => (t % 97 === 5 ? '' : r.map((i) => i * 13 + 1).join(' ')) + (t % 3 ? ' \r\n' : '\n')).join('');
  const csv = '\ufeff' + rows.map((r) => r.map((i) => quote(NAMES[i])).join(' , ') + (rnd() < 0.3 ? '\r\n' : '\n')).join('');
  const long = 'tid,item\r\n' + rows.flatMap((r, t) => r.map((i) => `t${t},${quote(NAMES[i])}\n`)).join('') + '\n';
  return { fimi, 'csv-baskets': csv, long };
}

/** The canonical listing of the whole text parsed in one piece (the reference the streamed job must match). */
function expectedListing(text: string, format: DatasetFormat, minCount: number): { lines: string; n: number } {
  const { tx, names } = parseDataset(enc(text), format);
  const it = fpGrowth(tx, { minCount });
  return { lines: listingLines(it, names, canonicalOrder(it, names), 0, it.count).join(''), n: tx.n };
}

describe('fpgrowth reads datasets streamed from the object store', () => {
  let svc: StartedService;
  let client: ModelbusClient;
  let nc: NatsConnection;
  let store: ObjectStore;
  const stored: string[] = [];

  /** Stores `bytes` in chunks of `chunk` bytes (the object store's own chunking). */
  const put = async (name: string, bytes: Uint8Array, chunk: number) => {
    stored.push(name);
    await store.putBlob({ name, options: { max_chunk_size: chunk } }, bytes);
    const info = await store.info(name);
    expect(info?.chunks).toBe(Math.ceil(bytes.length / chunk));
  };
  const mine = (dataset: string, params: object) =>
    client.submit('rec.fpgrowth', { params: { dataset, ...params } }).then((j) => j.result({ timeoutMs: 60_000 }));
  const failure = (dataset: string, params: object) => mine(dataset, params).then(() => null, (e: unknown) => e as ModelbusError);
  const listing = async (result: string) => ((await client.call('rec.itemsets.listing', { result, limit: 10_000 })) as { lines: string[] }).lines.join('');

  beforeAll(async () => {
    svc = await startService('recommendation', { env: { NATS_URL } });
    client = await ModelbusClient.connect({ servers: NATS_URL });
    nc = await connect({ servers: NATS_URL });
    store = await new Objm(jetstream(nc)).open(DATASETS_BUCKET);
  });
  afterAll(async () => {
    for (const n of stored) await store?.delete(n).catch(() => undefined);
    await nc?.close();
    await client?.close();
    expect((await svc?.stop('SIGTERM'))?.code).toBe(0);
  });

  const texts = datasets();
  for (const format of ['fimi', 'csv-baskets', 'long'] as const) {
    it(`${format}: plain in 61-byte chunks and gzip'd in 37-byte chunks, serial and parallel, mine as the whole text does`, async () => {
      const text = texts[format];
      const bytes = enc(text);
      const minCount = 40;
      const want = expectedListing(text, format, minCount);
      expect(want.lines.split('\n').length).toBeGreaterThan(10);
      const plain = `it-${run}-${format}-plain`;
      const gz = `it-${run}-${format}-gz`;
      await put(plain, bytes, 61);
      await put(gz, gzipSync(bytes), 37);
      for (const dataset of [plain, gz]) {
        for (const parallel of [false, true]) {
          const st = await mine(dataset, { format, minCount, parallel });
          expect(st.summary, `${dataset} parallel=${parallel}`).toMatchObject({ transactions: want.n, minCount });
          expect(await listing(String(st.result)), `${dataset} parallel=${parallel}`).toBe(want.lines);
        }
      }
    });
  }

  it('errors keep their line numbers, and a corrupt gzip or missing dataset fails clearly', async () => {
    const bad = Array.from({ length: 300 }, (_, t) => (t === 248 ? '1 2 x3' : `${t % 7} ${t % 5}`)).join('\n') + '\n';
    await put(`it-${run}-bad-gz`, gzipSync(enc(bad)), 29);
    for (const parallel of [false, true]) {
      const err = await failure(`it-${run}-bad-gz`, { minSupport: 0.1, parallel });
      expect(err?.code).toBe('INVALID_ARGUMENT');
      expect(err?.message).toMatch(/dataset line 249: non-integer token \(unexpected character "x"\)/);
    }
    const csvBad = 'a,b\r\nc,"d\ne,f\n'.repeat(1);
    await put(`it-${run}-bad-csv`, enc('x,y\n'.repeat(200) + csvBad), 23);
    const csvErr = await failure(`it-${run}-bad-csv`, { format: 'csv-baskets', minCount: 1 });
    expect(csvErr?.message).toMatch(/line 202: unterminated quoted item/);
    const gz = gzipSync(enc(texts.fimi));
    await put(`it-${run}-truncated`, gz.subarray(0, gz.length - 40), 50);
    const trunc = await failure(`it-${run}-truncated`, { minCount: 5 });
    expect(trunc?.code).toBe('INVALID_ARGUMENT');
    expect(trunc?.message).toMatch(/looks gzip-compressed but does not decompress/);
    const missing = await failure(`it-${run}-none`, { minCount: 5 });
    expect(missing?.code).toBe('NOT_FOUND');
  });
});
