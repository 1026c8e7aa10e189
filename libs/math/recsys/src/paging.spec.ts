import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadFim, smallDb } from './brute-force.testutil';
import { canonicalOrder, listingLines } from './canonical-order';
import { decodeStoredItemsets, encodeStoredItemsets, openStoredPages } from './codec';
import { parseFimi } from './fimi';
import { fpGrowth } from './fp-growth';
import type { Itemsets } from './itemsets';
import { transactionsFrom } from './transactions';

/** The reference a page must equal: the listing order filtered by length, for support stably by count descending. */
function reference(it: Itemsets, order: Int32Array, sortBy: 'support' | 'items', minLength: number): number[] {
  const picked = Array.from(order).filter((s) => it.offsets[s + 1] - it.offsets[s] >= minLength);
  return sortBy === 'support' ? picked.sort((a, b) => it.supports[b] - it.supports[a]) : picked; // Array sort is stable
}

describe('paging section: pages read in place', () => {
  it('every page equals the filtered, sorted listing (random results, lengths, offsets, limits; names)', () => {
    fc.assert(
      fc.property(
        smallDb,
        fc.integer({ min: 1, max: 4 }),
        fc.constantFrom('support', 'items') as fc.Arbitrary<'support' | 'items'>,
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 0, max: 40 }),
        fc.integer({ min: 1, max: 30 }),
        fc.boolean(),
        (db, minCount, sortBy, minLength, offset, limit, named) => {
          const it = fpGrowth(transactionsFrom(db), { minCount });
          let max = 0;
          for (const v of it.items) max = Math.max(max, v);
          const names = named ? Array.from({ length: max + 1 }, (_, v) => `n${(v * 7919) % 101}é`) : null;
          const order = canonicalOrder(it, names);
          const bytes = encodeStoredItemsets({ itemsets: it, names, mode: 'all', canonical: false, order, paging: true });
          const pages = openStoredPages(bytes)!;
          const ref = reference(it, order, sortBy, minLength);
          const page = pages.page(sortBy, minLength, offset, limit);
          expect(page.total).toBe(ref.length);
          expect(page.itemsets).toEqual(ref.slice(offset, offset + limit));
          for (const s of page.itemsets) {
            expect(pages.items(s).map((v) => (names ? pages.name(v) : v))).toEqual(Array.from(it.items.subarray(it.offsets[s], it.offsets[s + 1]), (v) => (names ? names[v] : v)));
            expect(pages.support(s)).toBe(it.supports[s]);
          }
          const at = Math.min(offset, it.count);
          const line = (i: number) => `${pages.items(pages.listingAt(i)).map((v) => `${names ? pages.name(v) : v} `).join('')}(${pages.support(pages.listingAt(i))})\n`;
          expect(Array.from({ length: Math.min(it.count, at + limit) - at }, (_, k) => line(at + k))).toEqual(listingLines(it, names, order, at, Math.min(it.count, at + limit)));
          // the whole-result decoder still reads the blob (it skips the section)
          expect(decodeStoredItemsets(bytes)).toEqual({ itemsets: it, names, mode: 'all', canonical: false, ...(it.count ? { order } : {}), paging: true });
        },
      ),
      { numRuns: 200 },
    );
  });

  it('mushroom 10 % (574,431 itemsets) in pages of 10,000: every itemset exactly once, in a stable order', () => {
    const it = fpGrowth(parseFimi(loadFim('mushroom')), { minSupport: 0.1 });
    const order = canonicalOrder(it);
    const pages = openStoredPages(encodeStoredItemsets({ itemsets: it, names: null, mode: 'all', canonical: false, order, paging: true }))!;
    for (const [sortBy, minLength] of [['support', 1], ['items', 1], ['support', 6]] as const) {
      const seen = new Uint8Array(it.count);
      const got: number[] = [];
      let total = -1;
      for (let offset = 0; total < 0 || offset < total; offset += 10_000) {
        const page = pages.page(sortBy, minLength, offset, 10_000);
        total = page.total;
        got.push(...page.itemsets);
        if (offset === 250_000) expect(pages.page(sortBy, minLength, offset, 10_000)).toEqual(page); // same request, same page
      }
      for (const s of got) seen[s]++;
      const expected = reference(it, order, sortBy, minLength);
      expect(total).toBe(expected.length);
      expect(got.length).toBe(expected.length);
      expect(seen.every((c, s) => c === (it.offsets[s + 1] - it.offsets[s] >= minLength ? 1 : 0))).toBe(true);
      expect(got).toEqual(expected);
    }
  });

  it('refuses a paging section that does not fit the blob; blobs without one are not paged in place', () => {
    const it = fpGrowth(transactionsFrom([[1, 2, 3], [1, 2], [2, 3]]), { minCount: 1 });
    const order = canonicalOrder(it);
    expect(openStoredPages(encodeStoredItemsets({ itemsets: it, names: null, mode: 'all', canonical: false, order }))).toBeNull();
    const bytes = encodeStoredItemsets({ itemsets: it, names: null, mode: 'all', canonical: false, order, paging: true });
    const bad = bytes.slice();
    new DataView(bad.buffer).setInt32(32 + 4 * (2 * it.count + 1 + it.items.length), 9, true); // maxLen 9: a longer section
    expect(() => openStoredPages(bad)).toThrow(/do not add up/);
    expect(() => decodeStoredItemsets(bad)).toThrow(/paging section/);
    expect(() => encodeStoredItemsets({ itemsets: it, names: null, mode: 'all', canonical: false, paging: true })).toThrow(/listing order/);
  });
});
