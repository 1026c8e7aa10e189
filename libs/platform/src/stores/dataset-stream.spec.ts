import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { ModelbusError } from '@modelbus/contracts';
import { gunzipChunks } from './dataset-stream';

const text = new TextEncoder().encode('1 2 3\n2 3\n'.repeat(4_000));
/** bytes as chunks of `size` bytes. */
async function* chunked(bytes: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}
async function collect(it: AsyncIterable<Uint8Array>): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  for await (const c of it) parts.push(new Uint8Array(c));
  return new Uint8Array(Buffer.concat(parts));
}
const failure = (p: Promise<unknown>) => p.then(() => null, (e: unknown) => e as ModelbusError);

describe('gunzipChunks', () => {
  it('passes plain chunks through and decompresses gzip chunk by chunk, whatever the chunking (1-byte first chunk included)', async () => {
    for (const size of [1, 7, 4096, 1 << 20]) {
      expect(await collect(gunzipChunks('d', chunked(text, size)))).toEqual(text);
      expect(await collect(gunzipChunks('d', chunked(gzipSync(text), size)))).toEqual(text);
    }
    expect(await collect(gunzipChunks('d', chunked(new Uint8Array(0), 1)))).toEqual(new Uint8Array(0));
    expect(await collect(gunzipChunks('d', chunked(Uint8Array.of(0x1f), 1)))).toEqual(Uint8Array.of(0x1f));
    async function* withEmpty(bytes: Uint8Array) {
      yield new Uint8Array(0);
      yield bytes.subarray(0, 1);
      yield new Uint8Array(0);
      yield bytes.subarray(1);
    }
    expect(await collect(gunzipChunks('d', withEmpty(gzipSync(text))))).toEqual(text);
  });

  it('stops at the decompressed limit with getDataset\'s RESOURCE_EXHAUSTED, and at a corrupt stream with INVALID_ARGUMENT', async () => {
    const big = await failure(collect(gunzipChunks('big', chunked(gzipSync(text), 1000), text.length - 1)));
    expect(big?.code).toBe('RESOURCE_EXHAUSTED');
    expect(big?.message).toBe(`dataset "big" decompresses to more than ${text.length - 1} bytes: split it or upload it uncompressed in parts`);
    expect(await collect(gunzipChunks('d', chunked(gzipSync(text), 1000), text.length))).toEqual(text);
    const gz = gzipSync(text);
    const bad = await failure(collect(gunzipChunks('bad', chunked(gz.subarray(0, gz.length - 30), 100))));
    expect(bad?.code).toBe('INVALID_ARGUMENT');
    expect(bad?.message).toMatch(/^dataset "bad" looks gzip-compressed but does not decompress: /);
  });

  it('passes an error of the source on as it is, and stops reading the source when the reader stops', async () => {
    let closed = false;
    async function* failing() {
      yield gzipSync(text).subarray(0, 100);
      throw new ModelbusError('INTERNAL', 'store went away');
    }
    expect((await failure(collect(gunzipChunks('d', failing()))))?.message).toBe('store went away');
    async function* endless() {
      try {
        for (;;) yield text.subarray(0, 1000);
      } finally {
        closed = true;
      }
    }
    for await (const c of gunzipChunks('d', endless())) if (c) break;
    expect(closed).toBe(true);
  });
});
