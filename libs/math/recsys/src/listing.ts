import type { Itemsets } from './itemsets';

/**
 * Canonical listing used to compare miners: one line `i1 i2 … ik (count)` per itemset, items ascending,
 * lines byte-sorted (as `LC_ALL=C sort`), each ending in '\n'. Lines are pure ASCII, so JavaScript's
 * UTF-16 code-unit order equals byte order.
 */
export function canonicalListing(it: Itemsets): string {
  const lines: string[] = new Array(it.count);
  for (let s = 0; s < it.count; s++) {
    let line = '';
    for (let j = it.offsets[s]; j < it.offsets[s + 1]; j++) line += `${it.items[j]} `;
    lines[s] = `${line}(${it.supports[s]})\n`;
  }
  lines.sort();
  return lines.join('');
}
