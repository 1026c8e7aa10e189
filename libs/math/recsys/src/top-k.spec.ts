import { InvalidArgumentError } from '@modelbus/math-linalg';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bruteItemsets, loadFim, smallDb } from './brute-force.testutil';
import { parseFimi } from './fimi';
import { fpGrowth } from './fp-growth';
import { topKItemsets } from './top-k';
import { transactionsFrom } from './transactions';

const rowsOf = (it: { count: number; items: Int32Array; offsets: Int32Array; supports: Int32Array }) =>
  Array.from({ length: it.count }, (_, s) => `${Array.from(it.items.subarray(it.offsets[s], it.offsets[s + 1])).join(' ')} (${it.supports[s]})`);

/** Brute force: all itemsets sorted by support desc, length asc, items lexicographically; first k. */
function bruteTopK(db: number[][], k: number, maxLength?: number): string[] {
  const all = [...bruteItemsets(db, 1, maxLength)].map(([key, c]) => ({ items: key.split(' ').map(Number), c }));
  all.sort((a, b) => {
    if (a.c !== b.c) return b.c - a.c;
    if (a.items.length !== b.items.length) return a.items.length - b.items.length;
    for (let j = 0; j < a.items.length; j++) if (a.items[j] !== b.items[j]) return a.items[j] - b.items[j];
    return 0;
  });
  return all.slice(0, k).map((r) => `${r.items.join(' ')} (${r.c})`);
}

describe('topKItemsets', () => {
  it('equals the brute-force top k in order', () => {
    fc.assert(
      fc.property(smallDb, fc.integer({ min: 1, max: 40 }), fc.option(fc.integer({ min: 1, max: 3 }), { nil: undefined }), (db, k, maxLength) => {
        const top = topKItemsets(transactionsFrom(db), k, { maxLength });
        const expected = bruteTopK(db, k, maxLength);
        expect(rowsOf(top)).toEqual(expected);
        if (expected.length > 0) expect(top.minCount).toBe(Number(/\((\d+)\)$/.exec(expected.at(-1)!)![1]));
      }),
      { numRuns: 300 },
    );
  });

  it('chess: the top 8,227 are exactly the itemsets at 80 % support (ties included by count)', () => {
    // chess at 80 % has 8,227 itemsets; the top 8,227 by support must be the same collection.
    const tx = parseFimi(loadFim('chess'));
    const top = topKItemsets(tx, 8227);
    const all = fpGrowth(tx, { minSupport: 0.8 });
    expect(new Set(rowsOf(top))).toEqual(new Set(rowsOf(all)));
  });

  it('validates k', () => {
    expect(() => topKItemsets(transactionsFrom([[1]]), 0)).toThrow(InvalidArgumentError);
  });
});
