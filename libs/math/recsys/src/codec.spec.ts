import { InvalidArgumentError } from '@modelbus/math-linalg';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { smallDb } from './brute-force.testutil';
import { decodeItemsets, decodeStoredItemsets, encodeItemsets, encodeStoredItemsets } from './codec';
import { fpGrowth } from './fp-growth';
import { transactionsFrom } from './transactions';

describe('itemsets codec', () => {
  it('round-trips exactly', () => {
    fc.assert(
      fc.property(smallDb, fc.integer({ min: 1, max: 4 }), (db, minCount) => {
        const it = fpGrowth(transactionsFrom(db), { minCount });
        const back = decodeItemsets(encodeItemsets(it));
        expect(back).toEqual(it);
      }),
    );
  });

  it('writes a little-endian header and arrays', () => {
    const it = { transactions: 5, minCount: 2, count: 1, items: Int32Array.of(3, 258), offsets: Int32Array.of(0, 2), supports: Int32Array.of(2) };
    const b = encodeItemsets(it);
    expect(Array.from(b.subarray(0, 4))).toEqual([0x46, 0x49, 0x53, 0x31]); // "FIS1"
    expect(Array.from(b.subarray(4, 8))).toEqual([5, 0, 0, 0]);
    expect(Array.from(b.subarray(b.length - 4))).toEqual([2, 1, 0, 0]); // 258 = 0x0102
    // Decoding from an unaligned view of a larger buffer works too.
    const padded = new Uint8Array(b.length + 3);
    padded.set(b, 3);
    expect(decodeItemsets(padded.subarray(3))).toEqual(it);
  });

  it('rejects corrupt input', () => {
    const b = encodeItemsets({ transactions: 5, minCount: 2, count: 1, items: Int32Array.of(3), offsets: Int32Array.of(0, 1), supports: Int32Array.of(2) });
    expect(() => decodeItemsets(b.subarray(0, b.length - 1))).toThrow(InvalidArgumentError);
    const bad = b.slice();
    bad[0] = 0;
    expect(() => decodeItemsets(bad)).toThrow(/magic/);
    expect(() => decodeItemsets(new Uint8Array(3))).toThrow(/short/);
  });

  it('version 2 keeps the dictionary, mode and order flag; version 1 still reads', () => {
    const it = { transactions: 5, minCount: 2, count: 2, items: Int32Array.of(0, 2, 1), offsets: Int32Array.of(0, 2, 3), supports: Int32Array.of(2, 4) };
    const names = ['whole milk', 'é', 'a, "b"'];
    const b = encodeStoredItemsets({ itemsets: it, names, mode: 'closed', canonical: true });
    expect(Array.from(b.subarray(0, 4))).toEqual([0x46, 0x49, 0x53, 0x32]); // "FIS2"
    expect(decodeStoredItemsets(b)).toEqual({ itemsets: it, names, mode: 'closed', canonical: true });
    expect(decodeStoredItemsets(encodeStoredItemsets({ itemsets: it, names: null, mode: 'top-k', canonical: false }))).toEqual({ itemsets: it, names: null, mode: 'top-k', canonical: false });
    expect(decodeStoredItemsets(encodeItemsets(it))).toEqual({ itemsets: it, names: null, mode: 'all', canonical: false });
    expect(() => decodeStoredItemsets(encodeStoredItemsets({ itemsets: it, names: ['x', 'y'], mode: 'all', canonical: false }))).toThrow(/outside the dictionary/);
    expect(() => decodeStoredItemsets(b.subarray(0, b.length - 3))).toThrow(InvalidArgumentError);
  });

  it('version 2 stores a listing order (a permutation) beside the itemsets, and checks it on reading', () => {
    const it = { transactions: 5, minCount: 2, count: 3, items: Int32Array.of(0, 2, 1, 2), offsets: Int32Array.of(0, 2, 3, 4), supports: Int32Array.of(2, 4, 3) };
    const names = ['x', 'y', 'z'];
    const order = Int32Array.of(2, 0, 1);
    const b = encodeStoredItemsets({ itemsets: it, names, mode: 'all', canonical: false, order });
    expect(decodeStoredItemsets(b)).toEqual({ itemsets: it, names, mode: 'all', canonical: false, order });
    expect(decodeStoredItemsets(encodeStoredItemsets({ itemsets: it, names: null, mode: 'all', canonical: false, order }))).toEqual({ itemsets: it, names: null, mode: 'all', canonical: false, order });
    const notPermutation = encodeStoredItemsets({ itemsets: it, names: null, mode: 'all', canonical: false, order: Int32Array.of(2, 2, 1) });
    expect(() => decodeStoredItemsets(notPermutation)).toThrow(/not a permutation/);
    expect(() => encodeStoredItemsets({ itemsets: it, names: null, mode: 'all', canonical: false, order: Int32Array.of(0, 1) })).toThrow(InvalidArgumentError);
  });

  it('version 2 reads in place from a view at an offset, and checks the arrays section against the header', () => {
    const it = { transactions: 5, minCount: 2, count: 2, items: Int32Array.of(0, 2, 1), offsets: Int32Array.of(0, 2, 3), supports: Int32Array.of(2, 4) };
    const b = encodeStoredItemsets({ itemsets: it, names: ['a', 'b', 'c'], mode: 'all', canonical: false, order: Int32Array.of(1, 0) });
    const padded = new Uint8Array(b.length + 7);
    padded.set(b, 3);
    expect(decodeStoredItemsets(padded.subarray(3, 3 + b.length))).toEqual({ itemsets: it, names: ['a', 'b', 'c'], mode: 'all', canonical: false, order: Int32Array.of(1, 0) });
    const wrongTotal = b.slice();
    new DataView(wrongTotal.buffer).setUint32(16, 4, true); // header claims 4 items, the section holds 3
    expect(() => decodeStoredItemsets(wrongTotal)).toThrow(/header implies/);
  });
});
