import { FailedPreconditionError, InvalidArgumentError } from '@modelbus/math-linalg';
import { ResultTooLargeError } from './errors';
import { ItemsetIndex } from './itemset-index';
import type { Itemsets } from './itemsets';
import { doubled } from './transactions';

export interface Rule {
  antecedent: number[];
  consequent: number[];
  /** count(X∪Y)/N */
  support: number;
  /** count(X∪Y)/count(X) */
  confidence: number;
  /** confidence/(count(Y)/N) */
  lift: number;
  /** support − (count(X)/N)·(count(Y)/N) */
  leverage: number;
  /** (1 − count(Y)/N)/(1 − confidence); Infinity when confidence = 1 (as R's arules) */
  conviction: number;
}

export type RuleMeasure = 'confidence' | 'lift' | 'support' | 'leverage' | 'conviction';
const MEASURES: RuleMeasure[] = ['confidence', 'lift', 'support', 'leverage', 'conviction'];

export interface RuleOptions {
  minConfidence: number;
  minLift?: number;
  /** Keep only the best `limit` rules (in the output order); a bounded heap keeps memory at O(limit). */
  limit?: number;
  /**
   * Without a limit, throw ResultTooLargeError once more than this many rules pass the filters
   * (default 1,000,000; dense data yields tens of millions of rules at modest thresholds).
   */
  maxRules?: number;
  /**
   * Order (and top-`limit` selection) by this measure, descending, ties then in the default order.
   * Absent or 'confidence': the default order below.
   */
  measure?: RuleMeasure;
  /** Largest consequent (1: single-item consequents). */
  maxConsequent?: number;
  /** Called now and then with the fraction of itemsets done. */
  onProgress?: (fraction: number) => void;
}

/**
 * Rules as typed arrays, rule r being X ⇒ Y with X∪Y = itemset z[r] of the listing and X its items at the
 * set bits of mask[r] (bit i = i-th item of z, ascending); cX, cY the counts of X and Y.
 */
export interface PackedRules {
  count: number;
  z: Int32Array;
  mask: Int32Array;
  cX: Int32Array;
  cY: Int32Array;
}

/** Largest itemset rules are generated from: its 2^k antecedents are addressed by a 31-bit mask. */
const MAX_RULE_ITEMSET = 30;
const MEMO_BITS = 20;

/**
 * All rules X ⇒ Y (X, Y non-empty, disjoint) from each frequent itemset Z = X∪Y, any consequent size.
 * Counts of X and Y are looked up in the listing, which must therefore be downward closed (the full
 * output of fpGrowth, with or without maxLength). Antecedents are searched by removing items from Z:
 * shrinking X can only raise count(X), so once confidence drops below minConfidence the branch is cut.
 * Sorted by confidence desc, lift desc, support desc, then antecedent and consequent lexicographically.
 * lift is computed as count(Z)·N / (count(X)·count(Y)), the same quantity as confidence/(count(Y)/N)
 * but rounded once, so that equal lifts compare equal; likewise leverage = (count(Z)·N − count(X)·count(Y))/N²
 * and conviction = count(X)·(N − count(Y)) / (N·(count(X) − count(Z))).
 */
export function associationRules(it: Itemsets, opts: RuleOptions): Rule[] {
  return mineRules(it, opts).result();
}

/**
 * The rules of associationRules (same options, same selection under `limit`) as typed arrays, sorted in the
 * default order (confidence, lift, support, antecedent, consequent) whatever `measure` selected them: a
 * stored rules result keeps this order and the orders of the other measures as permutations of it.
 */
export function associationRulesPacked(it: Itemsets, opts: RuleOptions): PackedRules {
  return mineRules(it, opts).packed();
}

function mineRules(it: Itemsets, opts: RuleOptions): RuleStore {
  const minConf = opts.minConfidence;
  if (!Number.isFinite(minConf) || minConf < 0 || minConf > 1) {
    throw new InvalidArgumentError('minConfidence', `must be in [0, 1], got ${minConf}`);
  }
  const minLift = opts.minLift ?? 0;
  if (!Number.isFinite(minLift) || minLift < 0) throw new InvalidArgumentError('minLift', `must be finite and ≥ 0, got ${minLift}`);
  const limit = opts.limit ?? Number.POSITIVE_INFINITY;
  if (limit !== Number.POSITIVE_INFINITY && (!Number.isInteger(limit) || limit < 0)) {
    throw new InvalidArgumentError('limit', `must be an integer ≥ 0, got ${limit}`);
  }
  const maxRules = opts.maxRules ?? 1_000_000;
  if (!Number.isInteger(maxRules) || maxRules < 1) throw new InvalidArgumentError('maxRules', `must be an integer ≥ 1, got ${maxRules}`);

  const measure = opts.measure ?? 'confidence';
  if (!MEASURES.includes(measure)) throw new InvalidArgumentError('measure', `must be one of ${MEASURES.join(', ')}, got ${String(measure)}`);
  const maxConsequent = opts.maxConsequent ?? Number.POSITIVE_INFINITY;
  if (maxConsequent !== Number.POSITIVE_INFINITY && (!Number.isInteger(maxConsequent) || maxConsequent < 1)) {
    throw new InvalidArgumentError('maxConsequent', `must be an integer ≥ 1, got ${maxConsequent}`);
  }
  const N = it.transactions;
  const index = new ItemsetIndex(it);
  const { items, offsets, supports } = it;
  const store = new RuleStore(it, limit, maxRules, measure);
  if (limit === 0) return store;
  const key = new Int32Array(MAX_RULE_ITEMSET);

  // Per-itemset memo of subsets' positions in the listing keyed by mask (a consequent is another rule's antecedent); stamps
  // with the itemset number make clearing unnecessary. Itemsets longer than MEMO_BITS go unmemoised.
  let longest = 0;
  for (let z = 0; z < it.count; z++) longest = Math.max(longest, offsets[z + 1] - offsets[z]);
  const memoBits = Math.min(MEMO_BITS, longest);
  const memoStamp = new Int32Array(1 << memoBits).fill(-1);
  const memoPos = new Int32Array(1 << memoBits);

  /** Position in the listing of the subset of itemset z at the set bits of mask. */
  const positionOf = (z: number, mask: number): number => {
    const a = offsets[z];
    const k = offsets[z + 1] - a;
    const memo = k <= memoBits;
    if (memo && memoStamp[mask] === z) return memoPos[mask];
    let len = 0;
    for (let i = 0; i < k; i++) if (mask & (1 << i)) key[len++] = items[a + i];
    const s = index.find(key, len);
    if (s < 0) {
      throw new FailedPreconditionError(
        `itemsets are not downward closed: {${Array.from(key.subarray(0, len)).join(' ')}} is missing; rules need the complete frequent-itemset listing`,
      );
    }
    if (memo) {
      memoStamp[mask] = z;
      memoPos[mask] = s;
    }
    return s;
  };

  const progressEvery = Math.max(1024, it.count >> 6);
  for (let z = 0; z < it.count; z++) {
    if (opts.onProgress && z % progressEvery === 0) opts.onProgress(z / it.count);
    const k = offsets[z + 1] - offsets[z];
    if (k < 2) continue;
    if (k > MAX_RULE_ITEMSET) {
      throw new InvalidArgumentError('itemsets', `itemset ${z} has ${k} items; rules are generated from itemsets of at most ${MAX_RULE_ITEMSET}`);
    }
    const cZ = supports[z];
    const full = (1 << k) - 1;
    // Depth-first over removal sets {i1 < i2 < …}: antecedent = Z minus removed items.
    const visit = (mask: number, lastRemoved: number, removed: number): void => {
      for (let i = lastRemoved + 1; i < k; i++) {
        const m = mask & ~(1 << i);
        if (m === 0 || m === mask) continue;
        const xs = positionOf(z, m);
        const cX = supports[xs];
        const conf = cZ / cX;
        // Every subset of this antecedent has confidence ≤ conf. Once the top-`limit` heap is full, its
        // worst confidence is a valid, rising threshold too.
        if (conf < minConf || conf < store.floor()) continue;
        const ys = positionOf(z, full & ~m);
        const cY = supports[ys];
        const lift = (cZ * N) / (cX * cY);
        if (lift >= minLift) store.add(z, m, conf, lift, xs, ys);
        if (removed + 1 < maxConsequent) visit(m, i, removed + 1);
      }
    };
    visit(full, -1, 0);
  }
  return store;
}

/**
 * Rules as (itemset, antecedent mask, confidence, lift, positions of X and Y in the listing) in typed arrays;
 * a max-heap of the worst when limited.
 */
class RuleStore {
  private z = new Int32Array(1024);
  private mask = new Int32Array(1024);
  private conf = new Float64Array(1024);
  private lift = new Float64Array(1024);
  /** value of the ordering measure (unused for confidence) */
  private key = new Float64Array(1024);
  private xs = new Int32Array(1024);
  private ys = new Int32Array(1024);
  private size = 0;
  private readonly byKey: boolean;

  constructor(
    private readonly it: Itemsets,
    private readonly limit: number,
    private readonly maxRules: number,
    private readonly measure: RuleMeasure,
  ) {
    this.byKey = measure !== 'confidence';
  }

  /** Confidence a new rule needs to have a chance of being kept (only a bound when ordered by confidence). */
  floor(): number {
    return this.size === this.limit && !this.byKey ? this.conf[0] : Number.NEGATIVE_INFINITY;
  }

  add(z: number, mask: number, conf: number, lift: number, xs: number, ys: number): void {
    // Keep one spare slot past the heap: it holds an incoming rule and serves as swap space.
    if (this.size + 2 > this.z.length) this.grow();
    if (this.size < this.limit) {
      if (this.size === this.maxRules && this.limit === Number.POSITIVE_INFINITY) {
        throw new ResultTooLargeError(this.maxRules, this.size + 1, 'rules');
      }
      const r = this.size++;
      this.set(r, z, mask, conf, lift, xs, ys);
      if (this.limit !== Number.POSITIVE_INFINITY) this.siftUp(r);
      return;
    }
    // Heap full: replace the worst kept rule if the new one ranks before it.
    const spare = this.size;
    this.set(spare, z, mask, conf, lift, xs, ys);
    if (this.cmp(spare, 0) < 0) {
      this.copy(spare, 0);
      this.siftDown(0);
    }
  }

  result(): Rule[] {
    const order = Array.from({ length: this.size }, (_, i) => i);
    order.sort((a, b) => this.cmp(a, b, this.byKey));
    const { items, offsets, supports, transactions } = this.it;
    return order.map((r) => {
      const a = offsets[this.z[r]];
      const k = offsets[this.z[r] + 1] - a;
      const antecedent: number[] = [];
      const consequent: number[] = [];
      for (let i = 0; i < k; i++) (this.mask[r] & (1 << i) ? antecedent : consequent).push(items[a + i]);
      const cZ = supports[this.z[r]];
      return {
        antecedent,
        consequent,
        support: cZ / transactions,
        confidence: this.conf[r],
        lift: this.lift[r],
        leverage: leverageOf(cZ, supports[this.xs[r]], supports[this.ys[r]], transactions),
        conviction: convictionOf(cZ, supports[this.xs[r]], supports[this.ys[r]], transactions),
      };
    });
  }

  /** The rules in the default order (confidence first, whatever the measure) as typed arrays. */
  packed(): PackedRules {
    const n = this.size;
    // Ties of confidence, lift and support are broken by X then Y lexicographically (cmp's lex): here by the
    // ranks of X and Y among the itemsets the rules use, sorted once, so that the big sort compares numbers
    // only (on millions of rules most comparisons reach the tie-break).
    const rank = this.lexRanks();
    const { supports } = this.it;
    const order = Array.from({ length: n }, (_, i) => i);
    order.sort((a, b) => {
      if (this.conf[a] !== this.conf[b]) return this.conf[b] - this.conf[a];
      if (this.lift[a] !== this.lift[b]) return this.lift[b] - this.lift[a];
      const sa = supports[this.z[a]];
      const sb = supports[this.z[b]];
      if (sa !== sb) return sb - sa;
      return rank[this.xs[a]] - rank[this.xs[b]] || rank[this.ys[a]] - rank[this.ys[b]];
    });
    const out: PackedRules = { count: n, z: new Int32Array(n), mask: new Int32Array(n), cX: new Int32Array(n), cY: new Int32Array(n) };
    for (let i = 0; i < n; i++) {
      const r = order[i];
      out.z[i] = this.z[r];
      out.mask[i] = this.mask[r];
      out.cX[i] = supports[this.xs[r]];
      out.cY[i] = supports[this.ys[r]];
    }
    return out;
  }

  /** rank[s]: place of listing itemset s, among those that are some rule's X or Y, in lexicographic item order (a proper prefix first). */
  private lexRanks(): Int32Array {
    const { items, offsets, count } = this.it;
    const used = new Uint8Array(count);
    for (let r = 0; r < this.size; r++) used[this.xs[r]] = used[this.ys[r]] = 1;
    const list: number[] = [];
    for (let s = 0; s < count; s++) if (used[s]) list.push(s);
    list.sort((a, b) => {
      const ea = offsets[a + 1];
      const eb = offsets[b + 1];
      for (let i = offsets[a], j = offsets[b]; ; i++, j++) {
        if (i === ea || j === eb) return (i === ea ? 0 : 1) - (j === eb ? 0 : 1);
        if (items[i] !== items[j]) return items[i] - items[j];
      }
    });
    const rank = new Int32Array(count);
    for (let i = 0; i < list.length; i++) rank[list[i]] = i;
    return rank;
  }

  /** < 0 when rule a comes before rule b in the output order (byKey: the measure's order, else the default). */
  private cmp(a: number, b: number, byKey = this.byKey): number {
    if (byKey && this.key[a] !== this.key[b]) return this.key[b] > this.key[a] ? 1 : -1;
    if (this.conf[a] !== this.conf[b]) return this.conf[b] - this.conf[a];
    if (this.lift[a] !== this.lift[b]) return this.lift[b] - this.lift[a];
    const sa = this.it.supports[this.z[a]];
    const sb = this.it.supports[this.z[b]];
    if (sa !== sb) return sb - sa;
    return this.lex(a, b, true) || this.lex(a, b, false);
  }

  /** Lexicographic comparison of the antecedents (side = true) or consequents; a proper prefix comes first. */
  private lex(a: number, b: number, side: boolean): number {
    const { items, offsets } = this.it;
    let ia = offsets[this.z[a]];
    const ea = offsets[this.z[a] + 1];
    let ib = offsets[this.z[b]];
    const eb = offsets[this.z[b] + 1];
    const ma = this.mask[a];
    const mb = this.mask[b];
    const baseA = ia;
    const baseB = ib;
    for (;;) {
      while (ia < ea && ((ma & (1 << (ia - baseA))) !== 0) !== side) ia++;
      while (ib < eb && ((mb & (1 << (ib - baseB))) !== 0) !== side) ib++;
      if (ia === ea || ib === eb) return (ia === ea ? 0 : 1) - (ib === eb ? 0 : 1);
      if (items[ia] !== items[ib]) return items[ia] - items[ib];
      ia++;
      ib++;
    }
  }

  private set(r: number, z: number, mask: number, conf: number, lift: number, xs: number, ys: number): void {
    this.z[r] = z;
    this.mask[r] = mask;
    this.conf[r] = conf;
    this.lift[r] = lift;
    this.xs[r] = xs;
    this.ys[r] = ys;
    if (this.byKey) {
      const { supports } = this.it;
      const cZ = supports[z];
      const cX = supports[xs];
      const cY = supports[ys];
      const N = this.it.transactions;
      const m = this.measure;
      this.key[r] = m === 'lift' ? lift : m === 'support' ? cZ : m === 'leverage' ? leverageOf(cZ, cX, cY, N) : convictionOf(cZ, cX, cY, N);
    }
  }

  private copy(from: number, to: number): void {
    this.set(to, this.z[from], this.mask[from], this.conf[from], this.lift[from], this.xs[from], this.ys[from]);
  }

  private swap(a: number, b: number): void {
    const spare = this.size; // slot past the heap, reserved by grow()
    this.copy(a, spare);
    this.copy(b, a);
    this.copy(spare, b);
  }

  // Max-heap on "worse": the root is the rule that would be dropped first.
  private siftUp(r: number): void {
    while (r > 0) {
      const p = (r - 1) >> 1;
      if (this.cmp(r, p) <= 0) return;
      this.swap(r, p);
      r = p;
    }
  }

  private siftDown(r: number): void {
    for (;;) {
      const l = 2 * r + 1;
      if (l >= this.size) return;
      let w = l;
      if (l + 1 < this.size && this.cmp(l + 1, l) > 0) w = l + 1;
      if (this.cmp(w, r) <= 0) return;
      this.swap(w, r);
      r = w;
    }
  }

  private grow(): void {
    this.z = doubled(this.z);
    this.mask = doubled(this.mask);
    this.xs = doubled(this.xs);
    this.ys = doubled(this.ys);
    this.conf = doubledF64(this.conf);
    this.lift = doubledF64(this.lift);
    this.key = doubledF64(this.key);
  }
}

function doubledF64(a: Float64Array): Float64Array<ArrayBuffer> {
  const b = new Float64Array(a.length * 2);
  b.set(a);
  return b;
}

/** (count(Z)·N − count(X)·count(Y)) / N², one rounding (the numerator is exact below 2^53). */
export function leverageOf(cZ: number, cX: number, cY: number, n: number): number {
  return (cZ * n - cX * cY) / (n * n);
}

/** count(X)·(N − count(Y)) / (N·(count(X) − count(Z))); Infinity when every X-transaction has Y. */
export function convictionOf(cZ: number, cX: number, cY: number, n: number): number {
  return cX === cZ ? Number.POSITIVE_INFINITY : (cX * (n - cY)) / (n * (cX - cZ));
}
