import { InvalidArgumentError } from '@modelbus/math-linalg';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bruteItemsets, listingOf, loadFim, smallDb } from './brute-force.testutil';
import { ResultTooLargeError } from './errors';
import { parseFimi } from './fimi';
import { fpGrowth, minCountFor } from './fp-growth';
import { summarize } from './itemsets';
import { canonicalListing } from './listing';
import { transactionsFrom } from './transactions';

describe('minCountFor', () => {
  it('is ceil(p·N) exactly', () => {
    expect(minCountFor(0.2, 8124)).toBe(1625); // 1624.8 → 1625 (README)
    expect(minCountFor(0.8, 3196)).toBe(2557); // 2556.8
    expect(minCountFor(0.3, 10)).toBe(3); // 0.3·10 = 3.0000000000000004 in floating point
    expect(minCountFor(0.7, 10)).toBe(7); // 7.000000000000001
    expect(minCountFor(1, 5)).toBe(5);
    expect(minCountFor(1e-9, 5)).toBe(1);
    expect(() => minCountFor(0, 5)).toThrow(InvalidArgumentError);
    expect(() => minCountFor(1.5, 5)).toThrow(InvalidArgumentError);
    expect(() => minCountFor(Number.NaN, 5)).toThrow(InvalidArgumentError);
  });

  // Only the rounding error of p and of p·N (a few ulps) may be forgiven; a product a little above an
  // integer by more than that is a real fraction and rounds up.
  it('rounds up a product just above an integer (p given to 10 digits; N of a large dataset)', () => {
    expect(minCountFor(0.1000000001, 10)).toBe(2); // 1.000000001
    expect(minCountFor(0.30000000001, 500_000_000)).toBe(150_000_001); // 150000000.005
  });

  it('is ceil(d·N/1000) for a decimal p = d/1000 and k for p = k/N, at any N below 2^31 (exact integer reference)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1000 }), fc.integer({ min: 1, max: 2 ** 31 - 1 }), (d, n) => {
        const exact = Number((BigInt(d) * BigInt(n) + 999n) / 1000n);
        expect(minCountFor(d / 1000, n)).toBe(exact);
      }),
      { numRuns: 2000 },
    );
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 31 - 1 }), fc.double({ min: 0, max: 1, noNaN: true }), (n, f) => {
        const k = Math.max(1, Math.ceil(f * n));
        expect(minCountFor(k / n, n)).toBe(k);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('fpGrowth', () => {
  it('finds exactly the brute-force itemsets and counts on random databases', () => {
    fc.assert(
      fc.property(smallDb, fc.integer({ min: 1, max: 8 }), fc.option(fc.integer({ min: 1, max: 4 }), { nil: undefined }), (db, minCount, maxLength) => {
        const it = fpGrowth(transactionsFrom(db), { minCount, maxLength });
        expect(canonicalListing(it)).toBe(listingOf(bruteItemsets(db, minCount, maxLength)));
        expect(it.minCount).toBe(minCount);
        expect(it.transactions).toBe(db.length);
      }),
      { numRuns: 300 },
    );
  });

  it('reports itemsets made only of items present in every transaction', () => {
    const it = fpGrowth(transactionsFrom([[1, 2, 3], [1, 2], [1, 2, 4], [1, 2, 3]]), { minCount: 2 });
    expect(canonicalListing(it)).toBe('1 (4)\n1 2 (4)\n1 2 3 (2)\n1 3 (2)\n2 (4)\n2 3 (2)\n3 (2)\n');
  });

  it('mushroom at 20 %: 53,583 itemsets with the README length profile, item 85 included', () => {
    const tx = parseFimi(loadFim('mushroom'));
    const it = fpGrowth(tx, { minSupport: 0.2 });
    const s = summarize(it);
    expect(s.minCount).toBe(1625);
    expect(s.itemsetCount).toBe(53583);
    expect(s.byLength).toEqual([43, 376, 1472, 3559, 6267, 8802, 10151, 9488, 7010, 4004, 1729, 546, 119, 16, 1]);
    const listing = canonicalListing(it);
    expect(listing).toContain('\n85 (8124)\n'); // item 85 is in all 8124 transactions
    // Supports checked by scanning the transactions directly for a sample of itemsets.
    for (let s2 = 0; s2 < it.count; s2 += 997) {
      const members = Array.from(it.items.subarray(it.offsets[s2], it.offsets[s2 + 1]));
      let count = 0;
      for (let t = 0; t < tx.n; t++) {
        const row = new Set(tx.items.subarray(tx.offsets[t], tx.offsets[t + 1]));
        if (members.every((x) => row.has(x))) count++;
      }
      expect(it.supports[s2]).toBe(count);
    }
  });

  it('chess at 80 %: 8,227 itemsets, max length 10', () => {
    const s = summarize(fpGrowth(parseFimi(loadFim('chess')), { minSupport: 0.8 }));
    expect(s.itemsetCount).toBe(8227);
    expect(s.byLength.length).toBe(10);
  });

  it('throws ResultTooLargeError past maxItemsets', () => {
    const tx = parseFimi(loadFim('chess'));
    let err: unknown;
    try {
      fpGrowth(tx, { minSupport: 0.8, maxItemsets: 1000 });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ResultTooLargeError);
    expect((err as Error).message).toMatch(/1001 itemsets produced so far/);
    expect(fpGrowth(tx, { minSupport: 0.8, maxItemsets: 8227 }).count).toBe(8227);
  });

  it('reports progress at most ~100 times, increasing, ending at 1', () => {
    const seen: number[] = [];
    fpGrowth(parseFimi(loadFim('mushroom')), { minSupport: 0.2, onProgress: (f) => seen.push(f) });
    expect(seen.length).toBeGreaterThan(1);
    expect(seen.length).toBeLessThanOrEqual(100);
    for (let i = 1; i < seen.length; i++) expect(seen[i]).toBeGreaterThan(seen[i - 1]);
    expect(seen.at(-1)).toBe(1);
  });

  it('validates options', () => {
    const tx = transactionsFrom([[1, 2]]);
    expect(() => fpGrowth(tx, {})).toThrow(/minSupport/);
    expect(() => fpGrowth(tx, { minSupport: 0.5, minCount: 1 })).toThrow(InvalidArgumentError);
    expect(() => fpGrowth(tx, { minCount: 0 })).toThrow(/minCount/);
    expect(() => fpGrowth(tx, { minCount: 1, maxLength: 0 })).toThrow(/maxLength/);
    expect(fpGrowth(tx, { minCount: 2 }).count).toBe(0);
  });
});

describe('fpGrowth with large sparse item ids', () => {
  it('gives the same itemsets as the same database with small ids', () => {
    fc.assert(
      fc.property(smallDb, fc.integer({ min: 1, max: 5 }), (db, minCount) => {
        const big = (x: number) => 0x7fffffff - 1000 * x; // near 2^31-1, order reversed
        const small = canonicalListing(fpGrowth(transactionsFrom(db), { minCount }));
        const bigIts = fpGrowth(transactionsFrom(db.map((t) => t.map(big))), { minCount });
        const back = new Map<number, number>(db.flat().map((x) => [big(x), x]));
        const mapped = Array.from({ length: bigIts.count }, (_, s) => {
          const xs = Array.from(bigIts.items.subarray(bigIts.offsets[s], bigIts.offsets[s + 1]), (v) => back.get(v)!).sort((a, b) => a - b);
          return `${xs.join(' ')} (${bigIts.supports[s]})\n`;
        }).sort();
        expect(mapped.join('')).toBe(small);
      }),
      { numRuns: 100 },
    );
  });
});
