import type { Itemsets } from './itemsets';

/** Open-addressing hash index from an itemset's items (ascending ids) to its position in an Itemsets. */
export class ItemsetIndex {
  private readonly table: Int32Array;
  private readonly mask: number;

  constructor(private readonly it: Itemsets) {
    let size = 16;
    while (size < 2 * it.count) size *= 2;
    this.table = new Int32Array(size).fill(-1);
    this.mask = size - 1;
    for (let s = 0; s < it.count; s++) {
      let h = hashItems(it.items, it.offsets[s], it.offsets[s + 1]) & this.mask;
      while (this.table[h] !== -1) h = (h + 1) & this.mask;
      this.table[h] = s;
    }
  }

  /** Position of the itemset key[0..len) (ascending ids), or -1 if it is not in the listing. */
  find(key: ArrayLike<number>, len: number): number {
    const { items, offsets } = this.it;
    let h = hashItems(key, 0, len) & this.mask;
    for (;;) {
      const s = this.table[h];
      if (s === -1) return -1;
      const a = offsets[s];
      if (offsets[s + 1] - a === len) {
        let j = 0;
        while (j < len && items[a + j] === key[j]) j++;
        if (j === len) return s;
      }
      h = (h + 1) & this.mask;
    }
  }
}

function hashItems(a: ArrayLike<number>, from: number, to: number): number {
  let h = 0x811c9dc5 ^ (to - from);
  for (let j = from; j < to; j++) {
    h = Math.imul(h ^ a[j], 0x01000193);
    h ^= h >>> 13;
  }
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  return (h ^ (h >>> 13)) >>> 0;
}
