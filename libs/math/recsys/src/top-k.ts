import { InvalidArgumentError } from '@modelbus/math-linalg';
import { fpGrowthConstrained, type ItemConstraints } from './constraints';
import type { FpGrowthOptions } from './fp-growth';
import { pickItemsets, type Itemsets } from './itemsets';
import { validateTransactions, type Transactions } from './transactions';

export type TopKOptions = Pick<FpGrowthOptions, 'maxLength' | 'maxItemsets' | 'onProgress'>;

/**
 * The k itemsets of highest support, ordered by support desc, then length asc, then items
 * lexicographically (that order also breaks ties at the k-th place). Mines with a threshold that rises
 * as a min-heap of the k best supports fills: it starts at the k-th largest single-item count, a valid
 * lower bound because those k singletons are themselves itemsets.
 * The result's minCount is the support of its k-th itemset. With item constraints the k best itemsets
 * that satisfy them; the singletons then give no bound, so the threshold starts at 1.
 */
export function topKItemsets(tx: Transactions, k: number, opts: TopKOptions & ItemConstraints = {}): Itemsets {
  if (!Number.isInteger(k) || k < 1) throw new InvalidArgumentError('k', `must be an integer ≥ 1, got ${k}`);
  validateTransactions(tx, 'transactions');
  // Start threshold: k-th largest item count (1 if there are fewer than k items).
  const counts = new Map<number, number>();
  for (let j = 0; j < tx.items.length; j++) counts.set(tx.items[j], (counts.get(tx.items[j]) ?? 0) + 1);
  const sorted = [...counts.values()].sort((a, b) => b - a);
  const constrained = (opts.requireItems?.length ?? 0) + (opts.excludeItems?.length ?? 0) > 0;
  const start = !constrained && sorted.length >= k ? sorted[k - 1] : 1;

  const heap = new Int32Array(k); // min-heap of the k largest supports seen
  let size = 0;
  const onEmit = (support: number): number => {
    if (size < k) {
      let i = size++;
      heap[i] = support;
      while (i > 0 && heap[(i - 1) >> 1] > heap[i]) {
        const p = (i - 1) >> 1;
        [heap[p], heap[i]] = [heap[i], heap[p]];
        i = p;
      }
    } else if (support > heap[0]) {
      heap[0] = support;
      for (let i = 0; ; ) {
        const l = 2 * i + 1;
        if (l >= k) break;
        const c = l + 1 < k && heap[l + 1] < heap[l] ? l + 1 : l;
        if (heap[c] >= heap[i]) break;
        [heap[c], heap[i]] = [heap[i], heap[c]];
        i = c;
      }
    }
    return size === k ? heap[0] : 1;
  };

  const all = fpGrowthConstrained(tx, { ...opts, minCount: start }, { onEmit });
  const picks: number[] = [];
  for (let s = 0; s < all.count; s++) if (all.supports[s] >= all.minCount) picks.push(s);
  const { items, offsets, supports } = all;
  picks.sort((a, b) => {
    if (supports[a] !== supports[b]) return supports[b] - supports[a];
    const la = offsets[a + 1] - offsets[a];
    const lb = offsets[b + 1] - offsets[b];
    if (la !== lb) return la - lb;
    for (let j = 0; j < la; j++) {
      const d = items[offsets[a] + j] - items[offsets[b] + j];
      if (d !== 0) return d;
    }
    return 0;
  });
  picks.length = Math.min(picks.length, k);
  return pickItemsets(all, picks, picks.length > 0 ? supports[picks[picks.length - 1]] : all.minCount);
}
