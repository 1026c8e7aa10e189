import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bruteItemsets, listingOf, loadFim, smallDb } from './brute-force.testutil';
import { closedItemsets, maximalItemsets } from './condensed';
import { parseFimi } from './fimi';
import { fpGrowth } from './fp-growth';
import { canonicalListing } from './listing';
import { transactionsFrom } from './transactions';

const isSubset = (a: string, b: string) => {
  const sb = new Set(b.split(' '));
  return a.split(' ').every((x) => sb.has(x));
};

/** Quadratic filters straight from the definitions, over the brute-force listing. */
function bruteCondensed(all: Map<string, number>, closed: boolean): Map<string, number> {
  const out = new Map<string, number>();
  for (const [x, cx] of all) {
    const beaten = [...all].some(([z, cz]) => z !== x && isSubset(x, z) && (!closed || cz === cx));
    if (!beaten) out.set(x, cx);
  }
  return out;
}

describe('closed and maximal itemsets', () => {
  it('match the brute-force filters of the full listing', () => {
    fc.assert(
      fc.property(smallDb, fc.integer({ min: 1, max: 6 }), (db, minCount) => {
        const it = fpGrowth(transactionsFrom(db), { minCount });
        const all = bruteItemsets(db, minCount);
        expect(canonicalListing(closedItemsets(it))).toBe(listingOf(bruteCondensed(all, true)));
        expect(canonicalListing(maximalItemsets(it))).toBe(listingOf(bruteCondensed(all, false)));
      }),
      { numRuns: 300 },
    );
  });

  it('mushroom 20 %: closed itemsets regenerate every support; maximal ⊆ closed', () => {
    // Identity: supp(X) = max over closed supersets C ⊇ X of supp(C).
    const it = fpGrowth(parseFimi(loadFim('mushroom')), { minSupport: 0.2 });
    const closed = closedItemsets(it);
    const maximal = maximalItemsets(it);
    expect(closed.count).toBeLessThan(it.count);
    const closedSets = Array.from({ length: closed.count }, (_, s) => ({
      items: new Set(closed.items.subarray(closed.offsets[s], closed.offsets[s + 1])),
      support: closed.supports[s],
    }));
    for (let s = 0; s < it.count; s += 211) {
      const x = Array.from(it.items.subarray(it.offsets[s], it.offsets[s + 1]));
      let best = 0;
      for (const c of closedSets) if (c.support > best && x.every((v) => c.items.has(v))) best = c.support;
      expect(best).toBe(it.supports[s]);
    }
    const closedLines = new Set(canonicalListing(closed).split('\n'));
    for (const line of canonicalListing(maximal).split('\n')) expect(closedLines.has(line)).toBe(true);
  });
});
