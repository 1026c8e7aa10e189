import { ItemsetIndex } from './itemset-index';
import { pickItemsets, type Itemsets } from './itemsets';

/**
 * Closed itemsets (no proper superset with the same support) and maximal itemsets (no frequent proper
 * superset), filtered from a complete, downward-closed listing such as fpGrowth's output.
 * It suffices to look at supersets one item larger: if X ⊂ Z with supp(Z) = supp(X), then every Y with
 * X ⊂ Y ⊆ Z has supp(X) ≥ supp(Y) ≥ supp(Z), so the one-larger ones tie too. Each itemset therefore marks
 * its immediate subsets, found through a hash index. With maxLength, "superset" means "within the listing".
 */
export function closedItemsets(it: Itemsets): Itemsets {
  return condense(it, true);
}

export function maximalItemsets(it: Itemsets): Itemsets {
  return condense(it, false);
}

function condense(it: Itemsets, closed: boolean): Itemsets {
  const index = new ItemsetIndex(it);
  const covered = new Uint8Array(it.count);
  const { items, offsets, supports } = it;
  let longest = 0;
  for (let s = 0; s < it.count; s++) longest = Math.max(longest, offsets[s + 1] - offsets[s]);
  const key = new Int32Array(Math.max(1, longest));
  for (let z = 0; z < it.count; z++) {
    const a = offsets[z];
    const k = offsets[z + 1] - a;
    if (k < 2) continue;
    for (let drop = 0; drop < k; drop++) {
      let len = 0;
      for (let j = 0; j < k; j++) if (j !== drop) key[len++] = items[a + j];
      const s = index.find(key, len);
      // A missing subset means the listing is not downward closed; nothing to mark then.
      if (s >= 0 && (!closed || supports[s] === supports[z])) covered[s] = 1;
    }
  }
  const picks: number[] = [];
  for (let s = 0; s < it.count; s++) if (!covered[s]) picks.push(s);
  return pickItemsets(it, picks);
}
