import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { ModelbusError } from '@modelbus/contracts';
import { gunzipDataset } from './gunzip-dataset';

describe('gunzipDataset', () => {
  const text = new TextEncoder().encode('1 2 3\n2 3\n'.repeat(1000));

  it('returns plain bytes as they are and decompresses gzip', async () => {
    expect(await gunzipDataset('d', text)).toBe(text);
    expect(await gunzipDataset('d', gzipSync(text))).toEqual(new Uint8Array(text));
  });

  it('returns bytes that own their whole buffer (safe to transfer), copying a view into a larger one', async () => {
    const big = new Uint8Array(text.length + 16);
    big.set(text, 8);
    const view = big.subarray(8, 8 + text.length);
    const out = await gunzipDataset('d', view);
    expect(out.byteOffset).toBe(0);
    expect(out.buffer.byteLength).toBe(text.length);
    expect(out).toEqual(new Uint8Array(text));
    const unzipped = await gunzipDataset('d', gzipSync(text));
    expect(unzipped.buffer.byteLength).toBe(unzipped.byteLength);
  });

  it('stops a dataset that decompresses past the limit with RESOURCE_EXHAUSTED', async () => {
    const err = await gunzipDataset('big', gzipSync(text), text.length - 1).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ModelbusError);
    expect((err as ModelbusError).code).toBe('RESOURCE_EXHAUSTED');
    expect((err as ModelbusError).message).toContain(`more than ${text.length - 1} bytes`);
  });

  it('answers INVALID_ARGUMENT for a corrupt gzip stream', async () => {
    const bad = gzipSync(text).subarray(0, 40);
    const err = await gunzipDataset('bad', bad).catch((e: unknown) => e);
    expect((err as ModelbusError).code).toBe('INVALID_ARGUMENT');
  });
});
