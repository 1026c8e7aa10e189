import { FailedPreconditionError, InvalidArgumentError } from '@modelbus/math-linalg';
import { dictionaryName, encodeNames } from './name-dictionary';
import type { Itemsets } from './itemsets';
import { convictionOf, leverageOf, type PackedRules, type RuleMeasure } from './rules';

/**
 * Storage format of a rules result (all little-endian), read in place a page at a time (StoredRules):
 *   0  4 bytes  magic "RUL1"
 *   4  u32      transactions N
 *   8  u32      rules R
 *  12  u32      itemsets S (the distinct X∪Y of the rules)
 *  16  u32      total items T of those itemsets
 *  20  u32      flags: bit 0 = dictionary section present; bit m (1..4) = the order by MEASURE_ORDER[m] is stored
 *  24  u32      default order: index of the measure the rules were mined by (MEASURE_ORDER)
 *  28  u32      dictionary section bytes D (0 without one)
 *  32  i32[S+1] itemset offsets, i32[T] items (ascending codes), i32[S] itemset counts,
 *      i32[R] itemset of each rule, i32[R] antecedent mask (bit i: i-th item of the itemset is in X),
 *      i32[R] count(X), i32[R] count(Y)  — rules in the default order (confidence, lift, support, X, Y),
 *      i32[k·R] the k stored orders among lift, support, leverage, conviction, in that sequence (each a
 *      permutation of the rule positions),
 *      then the dictionary: u32 names, u32[names+1] byte offsets into the UTF-8 text that follows.
 * A rule is 16 bytes plus 4 per stored order, whatever its length (itemsets are shared by the rules made
 * from them); the measures
 * are not stored but recomputed from the counts with the formulas of associationRules, so they are
 * bit-identical to its output.
 */
const MAGIC = 0x314c5552; // "RUL1" read as little-endian u32
const HEADER = 32;
const FLAG_DICTIONARY = 1;
/** Orders of a stored result: the rules are stored in the first, the others are permutations. */
export const MEASURE_ORDER: readonly RuleMeasure[] = ['confidence', 'lift', 'support', 'leverage', 'conviction'];

/** Bytes of a stored rules result of R rules over S itemsets of T items in all, with `orders` orders besides the stored one (without the dictionary). */
export function storedRulesBytes(rules: number, itemsets: number, items: number, orders: number): number {
  return HEADER + 4 * (2 * itemsets + 1 + items + (4 + orders) * rules);
}

/**
 * Encodes packed rules (in the default order, as associationRulesPacked returns them) of the listing `it`,
 * with the item names of a string dataset, `measure` as the order pages use by default, and the orders
 * pages can be asked for (`orders`, default all; the confidence order — the stored one — and `measure`'s always are).
 */
export function encodeStoredRules(it: Itemsets, rules: PackedRules, names: string[] | null, measure: RuleMeasure = 'confidence', orders: readonly RuleMeasure[] = MEASURE_ORDER): Uint8Array {
  let flags = names ? FLAG_DICTIONARY : 0;
  // the default order of pages is always stored
  for (const m of [measure, ...orders]) {
    const i = MEASURE_ORDER.indexOf(m);
    if (i < 0) throw new InvalidArgumentError('sortOrders', `must be measures among ${MEASURE_ORDER.join(', ')}, got ${String(m)}`);
    if (i > 0) flags |= 1 << i;
  }
  const extra = MEASURE_ORDER.filter((_, i) => i > 0 && (flags & (1 << i)) !== 0);
  const R = rules.count;
  // the itemsets the rules use, renumbered densely in listing order
  const slot = new Int32Array(it.count).fill(-1);
  for (let r = 0; r < R; r++) slot[rules.z[r]] = 0;
  let S = 0;
  let T = 0;
  for (let z = 0; z < it.count; z++) {
    if (slot[z] < 0) continue;
    slot[z] = S++;
    T += it.offsets[z + 1] - it.offsets[z];
  }
  const dict = names ? encodeNames(names) : new Uint8Array(0);
  const size = storedRulesBytes(R, S, T, extra.length);
  const bytes = new Uint8Array(size + dict.length);
  const dv = new DataView(bytes.buffer);
  dv.setUint32(0, MAGIC, true);
  dv.setUint32(4, it.transactions, true);
  dv.setUint32(8, R, true);
  dv.setUint32(12, S, true);
  dv.setUint32(16, T, true);
  dv.setUint32(20, flags, true);
  dv.setUint32(24, MEASURE_ORDER.indexOf(measure), true);
  dv.setUint32(28, dict.length, true);
  // the arrays are written straight into the blob where the host is little-endian (no second copy of them)
  const wordCount = S + 1 + T + S + 4 * R + extra.length * R;
  const words = littleEndianHost ? new Int32Array(bytes.buffer, HEADER, wordCount) : new Int32Array(wordCount);
  const offsetsAt = 0;
  const itemsAt = S + 1;
  const countsAt = S + 1 + T;
  let s = 0;
  let t = 0;
  for (let z = 0; z < it.count; z++) {
    if (slot[z] < 0) continue;
    words[offsetsAt + s] = t;
    words[countsAt + s] = it.supports[z];
    for (let j = it.offsets[z]; j < it.offsets[z + 1]; j++) words[itemsAt + t++] = it.items[j];
    s++;
  }
  words[offsetsAt + S] = T;
  let w = countsAt + S;
  for (let r = 0; r < R; r++) words[w + r] = slot[rules.z[r]];
  words.set(rules.mask.subarray(0, R), w + R);
  words.set(rules.cX.subarray(0, R), w + 2 * R);
  words.set(rules.cY.subarray(0, R), w + 3 * R);
  w += 4 * R;
  const N = it.transactions;
  for (const m of extra) {
    words.set(measureOrder(m, rules, it.supports, N), w);
    w += R;
  }
  if (!littleEndianHost) for (let i = 0; i < wordCount; i++) dv.setInt32(HEADER + 4 * i, words[i], true);
  bytes.set(dict, size);
  return bytes;
}

/** Value of `measure` for a rule, computed as associationRules computes it (so orders and ties agree). */
function measureOf(measure: RuleMeasure, cZ: number, cX: number, cY: number, n: number): number {
  switch (measure) {
    case 'confidence':
      return cZ / cX;
    case 'lift':
      return (cZ * n) / (cX * cY);
    case 'support':
      return cZ;
    case 'leverage':
      return leverageOf(cZ, cX, cY, n);
    case 'conviction':
      return convictionOf(cZ, cX, cY, n);
  }
}

/**
 * Positions of the rules by `measure` descending, ties in the default order: associationRules' order for
 * that measure (measure, then confidence, lift, support, X, Y), by a stable sort of the default order.
 */
function measureOrder(measure: RuleMeasure, rules: PackedRules, supports: Int32Array, n: number): Int32Array {
  const key = new Float64Array(rules.count);
  for (let r = 0; r < rules.count; r++) key[r] = measureOf(measure, supports[rules.z[r]], rules.cX[r], rules.cY[r], n);
  const order = Array.from({ length: rules.count }, (_, i) => i);
  order.sort((a, b) => (key[a] === key[b] ? 0 : key[b] > key[a] ? 1 : -1)); // Array.prototype.sort is stable
  return Int32Array.from(order);
}

/** A rule read from a stored result: item codes and the counts the measures come from. */
export interface StoredRule {
  antecedent: number[];
  consequent: number[];
  cZ: number;
  cX: number;
  cY: number;
}

/**
 * Reader of a stored rules result: pages and the rules on them read through a DataView, no copy of the
 * arrays. Only the layout is checked when opening (O(1)); what a page reads is checked as it is read, so a
 * corrupt blob fails with INVALID_ARGUMENT naming `field`.
 */
export class StoredRules {
  readonly count: number;
  readonly transactions: number;
  /** The order pages use by default (the measure the rules were mined by). */
  readonly measure: RuleMeasure;
  private readonly dv: DataView;
  private readonly itemsetCount: number;
  private readonly totalItems: number;
  private readonly at: { offsets: number; items: number; counts: number; z: number; mask: number; cX: number; cY: number; dict: number | null };
  /** Byte position of the order by MEASURE_ORDER[m], -1 when not stored (0: the stored order itself). */
  private readonly orderAt: number[];
  private readonly names = new Map<number, string>();
  private readonly decoder = new TextDecoder('utf-8', { fatal: true });

  constructor(
    bytes: Uint8Array,
    private readonly field = 'result',
  ) {
    const broken = (why: string): never => this.corrupt(why);
    if (bytes.length < HEADER) broken('is too short for a rules header');
    this.dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    if (this.dv.getUint32(0, true) !== MAGIC) broken('is not a stored rules result (bad magic)');
    this.transactions = this.dv.getUint32(4, true);
    this.count = this.dv.getUint32(8, true);
    this.itemsetCount = this.dv.getUint32(12, true);
    this.totalItems = this.dv.getUint32(16, true);
    const measure = MEASURE_ORDER[this.dv.getUint32(24, true)];
    if (!measure) broken(`has an unknown rule order ${this.dv.getUint32(24, true)}`);
    this.measure = measure;
    const flags = this.dv.getUint32(20, true);
    const stored = MEASURE_ORDER.map((_, m) => m === 0 || (flags & (1 << m)) !== 0);
    const end = storedRulesBytes(this.count, this.itemsetCount, this.totalItems, stored.filter(Boolean).length - 1);
    const hasDict = (flags & FLAG_DICTIONARY) !== 0;
    if (end + this.dv.getUint32(28, true) !== bytes.length) broken('sections do not add up to the blob');
    const S = this.itemsetCount;
    const R = this.count;
    const offsets = HEADER;
    const items = offsets + 4 * (S + 1);
    const counts = items + 4 * this.totalItems;
    const z = counts + 4 * S;
    this.at = { offsets, items, counts, z, mask: z + 4 * R, cX: z + 8 * R, cY: z + 12 * R, dict: hasDict ? end : null };
    let next = z + 16 * R;
    this.orderAt = stored.map((has, m) => {
      if (m === 0 || !has) return m === 0 ? 0 : -1;
      next += 4 * R;
      return next - 4 * R;
    });
  }

  /** True for results of string datasets (items are names). */
  get hasNames(): boolean {
    return this.at.dict !== null;
  }

  /** The orders pages can be read in. */
  get orders(): RuleMeasure[] {
    return MEASURE_ORDER.filter((_, m) => this.orderAt[m] >= 0);
  }

  /** Rule positions [offset, offset + limit) in the order of `sortBy` (default: the stored measure's). */
  page(offset: number, limit: number, sortBy: RuleMeasure = this.measure): number[] {
    const m = MEASURE_ORDER.indexOf(sortBy);
    if (m < 0) throw new InvalidArgumentError('sortBy', `must be one of ${MEASURE_ORDER.join(', ')}, got ${String(sortBy)}`);
    if (this.orderAt[m] < 0) throw new FailedPreconditionError(`the rules were stored without the ${sortBy} order (stored: ${this.orders.join(', ')}); mine them again with sortOrders including ${sortBy}`);
    const out: number[] = [];
    for (let i = offset, end = Math.min(this.count, offset + limit); i < end; i++) out.push(this.at_(m, i));
    return out;
  }

  /** Rule r (a position in the stored order). */
  rule(r: number): StoredRule {
    const s = this.i32(this.at.z + 4 * r);
    if (!(s >= 0 && s < this.itemsetCount)) this.corrupt(`rule ${r} names itemset ${s} of ${this.itemsetCount}`);
    const a = this.i32(this.at.offsets + 4 * s);
    const b = this.i32(this.at.offsets + 4 * (s + 1));
    if (!(a >= 0 && a <= b && b <= this.totalItems && b - a <= 31)) this.corrupt(`offsets of itemset ${s} are out of range`);
    const mask = this.i32(this.at.mask + 4 * r);
    const antecedent: number[] = [];
    const consequent: number[] = [];
    for (let j = a; j < b; j++) (mask & (1 << (j - a)) ? antecedent : consequent).push(this.i32(this.at.items + 4 * j));
    return { antecedent, consequent, cZ: this.i32(this.at.counts + 4 * s), cX: this.i32(this.at.cX + 4 * r), cY: this.i32(this.at.cY + 4 * r) };
  }

  /** The name of item code v (string datasets), decoded on first use. */
  name(v: number): string {
    let n = this.names.get(v);
    if (n !== undefined) return n;
    const dict = this.at.dict;
    if (dict === null) return String(v);
    n = dictionaryName(this.dv, dict, v, this.decoder, (why) => this.corrupt(why));
    this.names.set(v, n);
    return n;
  }

  /** Position of the i-th rule of order m (0: the stored order). */
  private at_(m: number, i: number): number {
    if (m === 0) return i;
    const r = this.i32(this.orderAt[m] + 4 * i);
    if (!(r >= 0 && r < this.count)) this.corrupt(`an order holds rule ${r} of ${this.count}`);
    return r;
  }

  private i32(pos: number): number {
    return this.dv.getInt32(pos, true);
  }

  private corrupt(why: string): never {
    throw new InvalidArgumentError(this.field, why);
  }
}

/** Measures of a stored rule, as associationRules reports them. */
export function ruleMeasures(r: StoredRule, n: number): { support: number; confidence: number; lift: number; leverage: number; conviction: number } {
  return {
    support: r.cZ / n,
    confidence: r.cZ / r.cX,
    lift: (r.cZ * n) / (r.cX * r.cY),
    leverage: leverageOf(r.cZ, r.cX, r.cY, n),
    conviction: convictionOf(r.cZ, r.cX, r.cY, n),
  };
}

const littleEndianHost = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
