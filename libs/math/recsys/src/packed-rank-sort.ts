import { RangeStack } from './range-stack';

/** Ranges up to this size are insertion-sorted on their keys. */
const SMALL = 32;

/** Largest number of distinct ranks (0..MAX_PACKED_RANKS-1) this sort takes: rank+1 must fit a byte. */
export const MAX_PACKED_RANKS = 255;

/**
 * The order of itemsets by their rank sequences rank[items[offsets[s] .. offsets[s+1])], a sequence that
 * ends first sorting first, for fewer than 256 distinct ranks. Four ranks of each itemset (rank+1, 0 once
 * the sequence has ended) are packed into a 32-bit key kept beside the permutation, and each range is
 * LSD-radix sorted on the key's bytes; a run of equal keys whose sequences go on is sorted again four
 * ranks deeper. So the items are read (random access) once per four levels, and the radix passes read
 * and write the keys sequentially: far fewer cache misses than reading one rank per level.
 */
export function sortByPackedRanks(offsets: Int32Array, items: Int32Array, rank: Int32Array, count: number): Int32Array {
  const perm = new Int32Array(count);
  for (let s = 0; s < count; s++) perm[s] = s;
  const key = new Uint32Array(count);
  const tmpPerm = new Int32Array(count);
  const tmpKey = new Uint32Array(count);
  const counts = new Int32Array(256);
  const stack = new RangeStack();
  if (count > 1) stack.push(0, count, 0);
  while (stack.pop()) {
    const { lo, hi, depth: d } = stack;
    for (let i = lo; i < hi; i++) {
      const s = perm[i];
      const a = offsets[s] + d;
      const e = offsets[s + 1];
      let k = 0;
      for (let j = a; j < a + 4; j++) k = (k << 8) | (j < e ? rank[items[j]] + 1 : 0);
      key[i] = k;
    }
    if (hi - lo <= SMALL) insertionByKey(perm, key, lo, hi);
    else {
      for (let shift = 0; shift < 32; shift += 8) {
        counts.fill(0);
        for (let i = lo; i < hi; i++) counts[(key[i] >>> shift) & 255]++;
        if (counts[(key[lo] >>> shift) & 255] === hi - lo) continue; // one byte value: nothing to move
        let at = lo;
        for (let b = 0; b < 256; b++) {
          const c = counts[b];
          counts[b] = at;
          at += c;
        }
        for (let i = lo; i < hi; i++) {
          const k = key[i];
          const to = counts[(k >>> shift) & 255]++;
          tmpKey[to] = k;
          tmpPerm[to] = perm[i];
        }
        for (let i = lo; i < hi; i++) {
          key[i] = tmpKey[i];
          perm[i] = tmpPerm[i];
        }
      }
    }
    // equal keys: the same four ranks; if the fourth exists the sequences may go on, so sort them deeper
    for (let i = lo; i < hi; ) {
      const k = key[i];
      let j = i + 1;
      while (j < hi && key[j] === k) j++;
      if (j - i > 1 && (k & 255) !== 0) stack.push(i, j, d + 4);
      i = j;
    }
  }
  return perm;
}

function insertionByKey(perm: Int32Array, key: Uint32Array, lo: number, hi: number): void {
  for (let i = lo + 1; i < hi; i++) {
    const k = key[i];
    const s = perm[i];
    let j = i - 1;
    while (j >= lo && key[j] > k) {
      key[j + 1] = key[j];
      perm[j + 1] = perm[j];
      j--;
    }
    key[j + 1] = k;
    perm[j + 1] = s;
  }
}
