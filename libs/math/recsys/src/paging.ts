import { InvalidArgumentError } from '@modelbus/math-linalg';
import { dictionaryName } from './name-dictionary';
import type { Itemsets } from './itemsets';

/**
 * Paging section of a stored result (codec.ts, flag bit 3), written once when the result is stored so
 * that a page is read from the blob in place, at a cost proportional to the page, not to the result:
 *   i32 maxLen (longest itemset), i32 B (block), i32[count] the support order (positions by count
 *   descending, ties in canonical listing order), then two length indexes, for the listing order and the
 *   support order: i32[(blocks+1)·maxLen], entry c·maxLen + l = how many of the first min(c·B, count)
 *   itemsets of that order have at least l+1 items. A page with minLength m starts from the block where
 *   its offset falls (a binary search) instead of filtering the whole result.
 */
const PAGE_BLOCK = 1024;

/** Int32 words of the paging section. */
export function pagingWords(count: number, maxLen: number): number {
  return 2 + count + 2 * (Math.ceil(count / PAGE_BLOCK) + 1) * maxLen;
}

export function longestItemset(it: Itemsets): number {
  let longest = 0;
  for (let s = 0; s < it.count; s++) longest = Math.max(longest, it.offsets[s + 1] - it.offsets[s]);
  return longest;
}

/** Writes the paging section of `it` (listing order `order`, or the stored order when null) into `section`. */
export function fillPaging(section: Int32Array, it: Itemsets, order: Int32Array | null, maxLen: number): void {
  const { count, offsets, supports } = it;
  section[0] = maxLen;
  section[1] = PAGE_BLOCK;
  // support and length by listing position, gathered in one pass (the order is a random permutation)
  const sup = new Int32Array(count);
  const len = new Int32Array(count);
  let max = 0;
  for (let i = 0; i < count; i++) {
    const s = order ? order[i] : i;
    sup[i] = supports[s];
    len[i] = offsets[s + 1] - offsets[s];
    if (sup[i] > max) max = sup[i];
  }
  // support order: listing positions stably by support descending (a counting sort), then as itemsets
  const start = new Int32Array(max + 2);
  for (let i = 0; i < count; i++) start[max - sup[i] + 1]++;
  for (let c = 1; c < start.length; c++) start[c] += start[c - 1];
  const bySupport = section.subarray(2, 2 + count);
  const lenBySupport = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    const j = start[max - sup[i]]++;
    bySupport[j] = order ? order[i] : i;
    lenBySupport[j] = len[i];
  }
  const index = (Math.ceil(count / PAGE_BLOCK) + 1) * maxLen;
  lengthIndex(section.subarray(2 + count, 2 + count + index), len, maxLen);
  lengthIndex(section.subarray(2 + count + index, 2 + count + 2 * index), lenBySupport, maxLen);
}

/** `seq` stably sorted by support, descending (a counting sort: supports are counts). */
export function supportOrder(seq: Int32Array, supports: Int32Array): Int32Array {
  let max = 0;
  for (let i = 0; i < seq.length; i++) max = Math.max(max, supports[seq[i]]);
  const start = new Int32Array(max + 2);
  for (let i = 0; i < seq.length; i++) start[max - supports[seq[i]] + 1]++;
  for (let c = 1; c < start.length; c++) start[c] += start[c - 1];
  const out = new Int32Array(seq.length);
  for (let i = 0; i < seq.length; i++) out[start[max - supports[seq[i]]]++] = seq[i];
  return out;
}

/** The length index of an order, from the lengths of its itemsets in that order. */
function lengthIndex(index: Int32Array, lengths: Int32Array, maxLen: number): void {
  const ofLength = new Int32Array(maxLen + 1); // ofLength[k]: itemsets so far with exactly k items
  const blocks = index.length / maxLen;
  for (let c = 0; c < blocks; c++) {
    let sum = 0;
    for (let l = maxLen - 1; l >= 0; l--) {
      sum += ofLength[l + 1];
      index[c * maxLen + l] = sum;
    }
    for (let i = c * PAGE_BLOCK, end = Math.min(lengths.length, (c + 1) * PAGE_BLOCK); i < end; i++) ofLength[lengths[i]]++;
  }
}

/** A page of itemsets read in place from a stored blob with a paging section (see openPages). */
export interface ItemsetPage {
  /** Positions of the itemsets of the page, in page order. */
  itemsets: number[];
  /** Itemsets that match minLength in the whole result. */
  total: number;
}

/**
 * Reader of a stored result that has a paging section: pages and the itemsets on them, read through a
 * DataView (no copy of the arrays, any alignment). Reads are checked as they happen (positions in range,
 * offsets increasing, item codes inside the dictionary), so a corrupt blob fails with INVALID_ARGUMENT.
 */
export class StoredPages {
  private readonly names = new Map<number, string>();
  private readonly decoder = new TextDecoder('utf-8', { fatal: true });

  constructor(
    private readonly dv: DataView,
    readonly count: number,
    readonly transactions: number,
    readonly mode: number,
    /** Byte positions of the sections. */
    private readonly at: { offsets: number; supports: number; items: number; paging: number; order: number | null; dict: number | null },
    private readonly totalItems: number,
    private readonly maxLen: number,
    private readonly field: string,
  ) {}

  /** True for results of string datasets (items are names). */
  get hasNames(): boolean {
    return this.at.dict !== null;
  }

  /** The page [offset, offset+limit) of the itemsets with at least minLength items, by support or in listing order. */
  page(sortBy: 'support' | 'items', minLength: number, offset: number, limit: number): ItemsetPage {
    const perm = sortBy === 'support' ? this.at.paging + 8 : this.at.order; // null: listing order is stored order
    const index = this.at.paging + 4 * (2 + this.count + (sortBy === 'support' ? 1 : 0) * this.indexWords());
    const l = Math.max(1, minLength) - 1;
    const blocks = Math.ceil(this.count / PAGE_BLOCK);
    const cum = (c: number) => (l < this.maxLen ? this.i32(index + 4 * (c * this.maxLen + l)) : 0);
    const total = cum(blocks);
    const out: number[] = [];
    if (offset >= total) return { itemsets: out, total };
    // the last block that starts at or before the offset-th match
    let lo = 0;
    let hi = blocks;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (cum(mid) <= offset) lo = mid;
      else hi = mid - 1;
    }
    let seen = cum(lo);
    for (let i = lo * PAGE_BLOCK; i < this.count && out.length < limit; i++) {
      const s = perm === null ? i : this.position(perm, i);
      if (this.length(s) <= l) continue;
      if (seen++ >= offset) out.push(s);
    }
    return { itemsets: out, total };
  }

  /** Itemset position at index i of the listing order. */
  listingAt(i: number): number {
    return this.at.order === null ? i : this.position(this.at.order, i);
  }

  support(s: number): number {
    return this.i32(this.at.supports + 4 * s);
  }

  /** Items of itemset s (codes, ascending). */
  items(s: number): number[] {
    const a = this.i32(this.at.offsets + 4 * s);
    const b = this.i32(this.at.offsets + 4 * (s + 1));
    if (!(a >= 0 && a <= b && b <= this.totalItems)) this.corrupt(`offsets of itemset ${s} are out of range`);
    const out: number[] = [];
    for (let j = a; j < b; j++) out.push(this.i32(this.at.items + 4 * j));
    return out;
  }

  /** The name of item code v (string datasets), decoded on first use. */
  name(v: number): string {
    let n = this.names.get(v);
    if (n !== undefined) return n;
    n = dictionaryName(this.dv, this.at.dict!, v, this.decoder, (why) => this.corrupt(why));
    this.names.set(v, n);
    return n;
  }

  private length(s: number): number {
    return this.i32(this.at.offsets + 4 * (s + 1)) - this.i32(this.at.offsets + 4 * s);
  }

  private position(perm: number, i: number): number {
    const s = this.i32(perm + 4 * i);
    if (!(s >= 0 && s < this.count)) this.corrupt(`an order holds position ${s} of ${this.count}`);
    return s;
  }

  private indexWords(): number {
    return (Math.ceil(this.count / PAGE_BLOCK) + 1) * this.maxLen;
  }

  private i32(pos: number): number {
    return this.dv.getInt32(pos, true);
  }

  private corrupt(why: string): never {
    throw new InvalidArgumentError(this.field, why);
  }
}
