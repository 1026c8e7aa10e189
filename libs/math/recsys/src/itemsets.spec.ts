import { describe, expect, it } from 'vitest';
import { fpGrowth } from './fp-growth';
import { summarize } from './itemsets';
import { canonicalListing } from './listing';
import { transactionsFrom } from './transactions';

describe('summarize and canonicalListing', () => {
  // Counts by hand: 1:3 2:3 3:2 10:2 {1,2}:2 {1,10}:2 {2,3}:2 {1,3}... = 1 (below minCount 2).
  const it2 = fpGrowth(transactionsFrom([[1, 2, 10], [2, 3], [1, 10], [3, 2, 1]]), { minCount: 2 });

  it('counts itemsets by length', () => {
    expect(summarize(it2)).toEqual({ itemsetCount: 7, byLength: [4, 3], minCount: 2, transactions: 4 });
  });

  it('lists itemsets byte-sorted ("10" sorts before "2")', () => {
    expect(canonicalListing(it2)).toBe('1 (3)\n1 10 (2)\n1 2 (2)\n10 (2)\n2 (3)\n2 3 (2)\n3 (2)\n');
  });
});
