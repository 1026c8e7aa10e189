/**
 * Frequent itemsets in CSR form: itemset s holds items[offsets[s] .. offsets[s+1]) ascending by item id,
 * with absolute support count supports[s].
 */
export interface Itemsets {
  transactions: number;
  minCount: number;
  count: number;
  items: Int32Array;
  offsets: Int32Array;
  supports: Int32Array;
}

export interface ItemsetSummary {
  itemsetCount: number;
  /** byLength[k-1] = number of itemsets with k items. */
  byLength: number[];
  minCount: number;
  transactions: number;
}

export function summarize(it: Itemsets): ItemsetSummary {
  const byLength: number[] = [];
  for (let s = 0; s < it.count; s++) {
    const k = it.offsets[s + 1] - it.offsets[s];
    while (byLength.length < k) byLength.push(0);
    if (k > 0) byLength[k - 1]++;
  }
  return { itemsetCount: it.count, byLength, minCount: it.minCount, transactions: it.transactions };
}

/** Growable typed-array writer for Itemsets (amortised doubling, no per-itemset objects). */
export class ItemsetsBuilder {
  private items = new Int32Array(1 << 12);
  private offsets = new Int32Array(1 << 10);
  private supports = new Int32Array(1 << 10);
  private w = 0;
  count = 0;

  /** Appends items already ascending. */
  push(src: ArrayLike<number>, from: number, to: number, support: number): void {
    const len = to - from;
    this.reserve(len);
    for (let j = from; j < to; j++) this.items[this.w++] = src[j];
    this.close(support);
  }

  /** Low-level: room for `len` more items; write them via `item(v)` then `close(support)`. */
  reserve(len: number): void {
    if (this.w + len > this.items.length) {
      const grown = new Int32Array(Math.max(this.items.length * 2, this.w + len));
      grown.set(this.items);
      this.items = grown;
    }
    if (this.count + 2 > this.offsets.length) {
      const grownO = new Int32Array(this.offsets.length * 2);
      grownO.set(this.offsets);
      this.offsets = grownO;
      const grownS = new Int32Array(this.supports.length * 2);
      grownS.set(this.supports);
      this.supports = grownS;
    }
  }

  /** Writes one item of the open itemset (after reserve). */
  item(v: number): void {
    this.items[this.w++] = v;
  }

  /** Sorts the open itemset's items ascending (they may have been written in rank order) and closes it. */
  close(support: number): void {
    const from = this.offsets[this.count];
    const a = this.items;
    for (let j = from + 1; j < this.w; j++) {
      const v = a[j];
      let k = j - 1;
      while (k >= from && a[k] > v) {
        a[k + 1] = a[k];
        k--;
      }
      a[k + 1] = v;
    }
    this.supports[this.count] = support;
    this.offsets[++this.count] = this.w;
  }

  /**
   * Appends the itemset written earlier at items[at..at+len) (ascending) with `item` merged in, and returns
   * where the new one starts (the miner's hot path: a prefix is itself an itemset in the output).
   */
  appendExtended(at: number, len: number, item: number, support: number): number {
    let w = this.w;
    const count = this.count;
    if (w + len + 1 > this.items.length || count + 2 > this.offsets.length) this.reserve(len + 1);
    const a = this.items;
    const start = w;
    const end = at + len;
    let j = at;
    while (j < end && a[j] < item) a[w++] = a[j++];
    a[w++] = item;
    while (j < end) a[w++] = a[j++];
    this.w = w;
    this.supports[count] = support;
    this.offsets[count + 1] = w;
    this.count = count + 1;
    return start;
  }

  /**
   * The itemsets written so far, as views of the builder's arrays (no copy: the unused tail of a doubled
   * array was never written, so it costs address space, not resident memory). The builder must not be
   * written after this.
   */
  build(transactions: number, minCount: number): Itemsets {
    return {
      transactions,
      minCount,
      count: this.count,
      items: this.items.subarray(0, this.w),
      offsets: this.offsets.subarray(0, this.count + 1),
      supports: this.supports.subarray(0, this.count),
    };
  }
}

/** A new Itemsets holding the itemsets at `picks`, in that order. */
export function pickItemsets(it: Itemsets, picks: ArrayLike<number>, minCount = it.minCount): Itemsets {
  let total = 0;
  for (let i = 0; i < picks.length; i++) total += it.offsets[picks[i] + 1] - it.offsets[picks[i]];
  const items = new Int32Array(total);
  const offsets = new Int32Array(picks.length + 1);
  const supports = new Int32Array(picks.length);
  let w = 0;
  const src = it.items;
  for (let i = 0; i < picks.length; i++) {
    const s = picks[i];
    // a plain loop: itemsets are short, and a subarray per itemset would allocate
    for (let j = it.offsets[s], e = it.offsets[s + 1]; j < e; j++) items[w++] = src[j];
    offsets[i + 1] = w;
    supports[i] = it.supports[s];
  }
  return { transactions: it.transactions, minCount, count: picks.length, items, offsets, supports };
}
