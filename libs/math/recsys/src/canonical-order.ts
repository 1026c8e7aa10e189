import type { Itemsets } from './itemsets';
import { MAX_PACKED_RANKS, sortByPackedRanks } from './packed-rank-sort';
import { RangeStack } from './range-stack';

/**
 * The permutation that puts itemsets in canonical listing order: the byte order of their lines
 * `t1 t2 … tk (count)\n`, where t are the item tokens (decimal ids, or names for string items), items
 * ascending by code. Every token is followed by ' ', and the item part by '('. So when no token holds a
 * byte ≤ 0x20 and none starts with a byte ≤ '(', lines compare as their token-rank sequences with a proper
 * prefix first: that case (all integer data, most names) is a radix sort on token ranks, O(items) (packed
 * four ranks to a key below 256 distinct tokens, one rank per level above).
 * Otherwise (names with spaces, "(", control bytes) the lines themselves are sorted as byte strings.
 */
export function canonicalOrder(it: Itemsets, names: string[] | null = null): Int32Array {
  const tokens = tokenTable(it, names);
  if (!tokens.safe) return sortLines(it, tokens);
  if (tokens.rankTable && tokens.size <= MAX_PACKED_RANKS) return sortByPackedRanks(it.offsets, it.items, tokens.rankTable, it.count);
  if (tokens.rankTable) return radixByRanks(it.offsets, it.items, tokens.rankTable, it.count, tokens.size);
  // sparse ids: ranks written out once, then read through an identity table
  const rankItems = new Int32Array(it.items.length);
  for (let j = 0; j < rankItems.length; j++) rankItems[j] = tokens.rankOf(it.items[j]);
  const identity = new Int32Array(tokens.size);
  for (let r = 0; r < identity.length; r++) identity[r] = r;
  return radixByRanks(it.offsets, rankItems, identity, it.count, tokens.size);
}

/** Listing lines of the itemsets at order[from..to) (all of them in canonical order when order is canonical). */
export function listingLines(it: Itemsets, names: string[] | null, order: ArrayLike<number> | null, from: number, to: number): string[] {
  const lines: string[] = [];
  for (let i = from; i < to; i++) {
    const s = order ? order[i] : i;
    let line = '';
    for (let j = it.offsets[s]; j < it.offsets[s + 1]; j++) line += `${names ? names[it.items[j]] : it.items[j]} `;
    lines.push(`${line}(${it.supports[s]})\n`);
  }
  return lines;
}

interface TokenTable {
  safe: boolean;
  /** rank by item id, when ids are small enough to index an array */
  rankTable: Int32Array | null;
  size: number;
  rankOf(item: number): number;
  bytesOf(item: number): Uint8Array;
}

/** Token bytes of each distinct item and its rank in byte order. */
function tokenTable(it: Itemsets, names: string[] | null): TokenTable {
  const distinct = distinctItems(it.items);
  const enc = new TextEncoder();
  const bytes = distinct.map((v) => enc.encode(names ? names[v] : String(v)));
  const byBytes = distinct.map((_, i) => i).sort((a, b) => compareBytes(bytes[a], bytes[b]));
  const rank = new Int32Array(distinct.length);
  byBytes.forEach((i, r) => (rank[i] = r));
  let safe = true;
  for (const b of bytes) {
    if (b.length === 0 || b[0] <= 0x28) safe = false;
    for (let i = 0; i < b.length && safe; i++) if (b[i] <= 0x20) safe = false;
  }
  const max = distinct.length ? distinct[distinct.length - 1] : 0;
  let index: (v: number) => number;
  let rankTable: Int32Array | null = null;
  if (max < 1 << 22) {
    const table = new Int32Array(max + 1);
    distinct.forEach((v, i) => (table[v] = i));
    index = (v) => table[v];
    rankTable = new Int32Array(max + 1);
    distinct.forEach((v, i) => (rankTable![v] = rank[i]));
  } else {
    const map = new Map(distinct.map((v, i) => [v, i]));
    index = (v) => map.get(v)!;
  }
  return { safe, rankTable, size: distinct.length, rankOf: (v) => rank[index(v)], bytesOf: (v) => bytes[index(v)] };
}

/** Distinct values ascending; a marker array when ids are small (a Set of every occurrence is slow). */
function distinctItems(items: Int32Array): number[] {
  let max = 0;
  for (let j = 0; j < items.length; j++) if (items[j] > max) max = items[j];
  if (max >= 1 << 22) return [...new Set(items)].sort((a, b) => a - b);
  const seen = new Uint8Array(max + 1);
  for (let j = 0; j < items.length; j++) seen[items[j]] = 1;
  const out: number[] = [];
  for (let v = 0; v <= max; v++) if (seen[v]) out.push(v);
  return out;
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return a.length - b.length;
}

const SMALL = 24;
/**
 * MSD radix sort of itemsets by the rank sequences rank[items[...]], a sequence that ends first sorting
 * first. Ranks are looked up per read rather than written out (no array the size of the items).
 */
function radixByRanks(offsets: Int32Array, items: Int32Array, rank: Int32Array, count: number, size: number): Int32Array {
  const perm = new Int32Array(count);
  for (let s = 0; s < count; s++) perm[s] = s;
  const tmp = new Int32Array(count);
  const keyAt = new Int32Array(count);
  const counts = new Int32Array(size + 2);
  const key = (s: number, d: number): number => (offsets[s] + d < offsets[s + 1] ? rank[items[offsets[s] + d]] + 1 : 0);
  const less = (a: number, b: number, d: number): boolean => {
    for (;;) {
      const ka = key(a, d);
      const kb = key(b, d);
      if (ka !== kb) return ka < kb;
      if (ka === 0) return false;
      d++;
    }
  };
  const stack = new RangeStack();
  if (count > 1) stack.push(0, count, 0);
  while (stack.pop()) {
    const { lo, hi, depth: d } = stack;
    if (hi - lo <= SMALL) {
      for (let i = lo + 1; i < hi; i++) {
        const v = perm[i];
        let j = i - 1;
        while (j >= lo && less(v, perm[j], d)) {
          perm[j + 1] = perm[j];
          j--;
        }
        perm[j + 1] = v;
      }
      continue;
    }
    counts.fill(0);
    // keys of this range at depth d, cached in keyAt (read twice below)
    for (let i = lo; i < hi; i++) {
      const s = perm[i];
      const j = offsets[s] + d;
      const k = j < offsets[s + 1] ? rank[items[j]] + 1 : 0;
      keyAt[i] = k;
      counts[k + 1]++;
    }
    for (let k = 1; k < counts.length; k++) counts[k] += counts[k - 1];
    // counts[k] is now the start of bucket k (relative to lo)
    for (let i = lo; i < hi; i++) tmp[lo + counts[keyAt[i]]++] = perm[i];
    for (let i = lo; i < hi; i++) perm[i] = tmp[i];
    // after the scatter counts[k] is the end of bucket k; bucket 0 (sequence ended) needs no more sorting
    for (let k = 1; k <= size; k++) {
      const start = lo + counts[k - 1];
      const end = lo + counts[k];
      if (end - start > 1) stack.push(start, end, d + 1);
    }
  }
  return perm;
}

/** General case: the lines as byte strings (one char per UTF-8 byte), sorted by code unit = byte order. */
function sortLines(it: Itemsets, tokens: TokenTable): Int32Array {
  const keys: string[] = new Array(it.count);
  for (let s = 0; s < it.count; s++) {
    let line = '';
    for (let j = it.offsets[s]; j < it.offsets[s + 1]; j++) line += `${String.fromCharCode(...tokens.bytesOf(it.items[j]))} `;
    keys[s] = `${line}(${it.supports[s]})\n`;
  }
  const order = Array.from({ length: it.count }, (_, s) => s);
  order.sort((a, b) => (keys[a] < keys[b] ? -1 : keys[a] > keys[b] ? 1 : 0));
  return Int32Array.from(order);
}
