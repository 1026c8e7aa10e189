import { InvalidArgumentError } from '@modelbus/math-linalg';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bruteItemsets, listingOf, smallDb } from './brute-force.testutil';
import { ResultTooLargeError } from './errors';
import { fpGrowthConstrained } from './constraints';
import { canonicalListing } from './listing';
import { transactionsFrom } from './transactions';

const pool = [0, 1, 2, 3, 4, 5, 7, 11, 100000];

describe('fpGrowthConstrained', () => {
  it('equals the brute-force listing filtered by required and excluded items', () => {
    fc.assert(
      fc.property(
        smallDb,
        fc.integer({ min: 1, max: 6 }),
        fc.subarray(pool, { maxLength: 2 }),
        fc.subarray(pool, { maxLength: 3 }),
        fc.option(fc.integer({ min: 1, max: 4 }), { nil: undefined }),
        (db, minCount, requireItems, excl, maxLength) => {
          const excludeItems = excl.filter((x) => !requireItems.includes(x));
          const got = fpGrowthConstrained(transactionsFrom(db), { minCount, maxLength, requireItems, excludeItems });
          const expected = new Map(
            [...bruteItemsets(db, minCount, maxLength)].filter(([k]) => {
              const s = k.split(' ').map(Number);
              return requireItems.every((r) => s.includes(r)) && !s.some((x) => excludeItems.includes(x));
            }),
          );
          expect(canonicalListing(got)).toBe(listingOf(expected));
          expect(got.transactions).toBe(db.length);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('checks constraints and the size limit', () => {
    const tx = transactionsFrom([[1, 2, 3], [1, 2], [1, 2, 3]]);
    expect(() => fpGrowthConstrained(tx, { minCount: 1, requireItems: [1], excludeItems: [1] })).toThrow(InvalidArgumentError);
    expect(() => fpGrowthConstrained(tx, { minCount: 1, requireItems: [1.5] })).toThrow(/requireItems/);
    // With 1 required: {1} {1,2} {1,3} {1,2,3} = 4 itemsets.
    expect(fpGrowthConstrained(tx, { minCount: 1, requireItems: [1], maxItemsets: 4 }).count).toBe(4);
    expect(() => fpGrowthConstrained(tx, { minCount: 1, requireItems: [1], maxItemsets: 3 })).toThrow(ResultTooLargeError);
    expect(() => fpGrowthConstrained(tx, { minCount: 1, requireItems: [1], maxItemsets: 1 })).toThrow(ResultTooLargeError);
    // Requiring all of {1,2,3} at minCount 2 leaves exactly {1,2,3} (support 2), which fits maxItemsets 1.
    expect(fpGrowthConstrained(tx, { minCount: 2, requireItems: [1, 2, 3], maxItemsets: 1 }).count).toBe(1);
  });
});
