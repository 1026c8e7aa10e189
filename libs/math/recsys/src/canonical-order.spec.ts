import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadFim, smallDb } from './brute-force.testutil';
import { canonicalOrder, listingLines } from './canonical-order';
import { fpGrowth } from './fp-growth';
import { canonicalListing } from './listing';
import { parseFimi } from './fimi';
import { transactionsFrom } from './transactions';

describe('canonicalOrder', () => {
  it('orders integer itemsets as the sorted canonical listing (radix path)', () => {
    fc.assert(
      fc.property(smallDb, fc.integer({ min: 1, max: 3 }), (db, minCount) => {
        const it = fpGrowth(transactionsFrom(db), { minCount });
        expect(listingLines(it, null, canonicalOrder(it), 0, it.count).join('')).toBe(canonicalListing(it));
      }),
      { numRuns: 100 },
    );
  });

  it('agrees on chess 80 % (8,227 itemsets, long shared prefixes)', () => {
    const it = fpGrowth(parseFimi(loadFim('chess')), { minSupport: 0.8 });
    expect(it.count).toBe(8227);
    expect(listingLines(it, null, canonicalOrder(it), 0, it.count).join('')).toBe(canonicalListing(it));
  });

  it('agrees on mushroom 30 % (packed-rank radix: long runs of equal four-rank keys, sorted deeper)', () => {
    const it = fpGrowth(parseFimi(loadFim('mushroom')), { minSupport: 0.3 });
    expect(listingLines(it, null, canonicalOrder(it), 0, it.count).join('')).toBe(canonicalListing(it));
  });

  it('agrees above 255 distinct items (one rank per level) as below', () => {
    const db = Array.from({ length: 40 }, (_, t) => Array.from({ length: 12 }, (_, j) => (t * 7 + j * 31) % 300));
    const it = fpGrowth(transactionsFrom(db), { minCount: 1, maxLength: 3 });
    expect(new Set(Array.from(it.items)).size).toBeGreaterThan(255);
    expect(listingLines(it, null, canonicalOrder(it), 0, it.count).join('')).toBe(canonicalListing(it));
  });

  it('sorts named itemsets by the bytes of whole lines, also when a name has a space or starts with "("', () => {
    // "whole" vs "whole milk": the lines "whole yogurt (…)" and "whole milk (…)" compare at 'y' vs 'm'
    const names = ['(a', 'whole', 'whole milk', 'yogurt', '!'];
    const it = fpGrowth(transactionsFrom([[1, 3], [2], [0, 1], [4, 1], [4], [2, 3]]), { minCount: 1 });
    const expected = listingLines(it, names, null, 0, it.count).sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
    expect(listingLines(it, names, canonicalOrder(it, names), 0, it.count)).toEqual(expected);
    expect(expected.indexOf('whole milk (2)\n')).toBeLessThan(expected.indexOf('whole yogurt (1)\n'));
  });
});
