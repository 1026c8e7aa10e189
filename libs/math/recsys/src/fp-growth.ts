import { InvalidArgumentError } from '@modelbus/math-linalg';
import { ResultTooLargeError } from './errors';
import { FpTree } from './fp-tree';
import { ItemsetsBuilder, type Itemsets } from './itemsets';
import { denseCodes, validateTransactions, type Transactions } from './transactions';

export interface FpGrowthOptions {
  /** Minimum support as a fraction of transactions in (0, 1]; minCount = ceil(p·N). */
  minSupport?: number;
  /** Minimum absolute support count (≥ 1). Give this or minSupport, not both. */
  minCount?: number;
  /** Longest itemset to report. */
  maxLength?: number;
  /** Throw ResultTooLargeError once more than this many itemsets have been found. */
  maxItemsets?: number;
  /** Called with a fraction in (0, 1], at most ~100 times. */
  onProgress?: (fraction: number) => void;
}

/**
 * minCount = ceil(p·N) exactly. p·N is rounded in floating point, so a product that is an integer in exact
 * arithmetic (e.g. 0.3·10 = 3.0000000000000004) would ceil one too high; products within a relative 1e-9 of
 * an integer are taken as that integer. 0.2·8124 = 1624.8 → 1625.
 */
export function minCountFor(minSupport: number, n: number, field = 'minSupport'): number {
  if (!Number.isFinite(minSupport) || minSupport <= 0 || minSupport > 1) {
    throw new InvalidArgumentError(field, `must be a fraction in (0, 1], got ${minSupport}`);
  }
  const x = minSupport * n;
  const r = Math.round(x);
  const c = Math.abs(x - r) <= 1e-9 * Math.max(1, x) ? r : Math.ceil(x);
  return Math.max(1, c);
}

export function resolveMinCount(opts: FpGrowthOptions, n: number): number {
  if (opts.minCount !== undefined && opts.minSupport !== undefined) {
    throw new InvalidArgumentError('minCount', 'give either minSupport or minCount, not both');
  }
  if (opts.minCount !== undefined) {
    if (!Number.isInteger(opts.minCount) || opts.minCount < 1) {
      throw new InvalidArgumentError('minCount', `must be an integer ≥ 1, got ${opts.minCount}`);
    }
    return opts.minCount;
  }
  if (opts.minSupport === undefined) throw new InvalidArgumentError('minSupport', 'is required (or give minCount)');
  return minCountFor(opts.minSupport, n);
}

export function positiveIntOption(v: number | undefined, field: string): number {
  if (v === undefined) return Number.POSITIVE_INFINITY;
  if (!Number.isInteger(v) || v < 1) throw new InvalidArgumentError(field, `must be an integer ≥ 1, got ${v}`);
  return v;
}

/** Internal extension points: item exclusion (constraints.ts) and a rising threshold (top-k.ts). */
export interface MineHooks {
  excluded?: (item: number) => boolean;
  /** Called after each emitted itemset; returns a new minimum count (it may only rise — top-k mining). */
  onEmit?: (support: number) => number;
  /**
   * Parallel shards (parallel.ts): the top-level loop mines only the header items this returns, one at a
   * time, until it returns -1; `numItems` is the number of frequent items (ranks 0..numItems-1).
   */
  claim?: (numItems: number) => number;
  /** With claim: called when the itemsets of header rank x start at output index `start` (x = -1: the
   * top tree was a single chain and this shard emitted the whole result). */
  onGroup?: (x: number, start: number) => void;
  /** With claim: a counter shared by all shards, for a maxItemsets check across them (approximate). */
  sharedCount?: Int32Array;
}

/** Shards add their count to sharedCount in steps of this size (an atomic per itemset would contend). */
const SHARED_STEP = 4096;

/**
 * FP-Growth (Han, Pei & Yin 2000) over flat typed-array FP-trees: items are ranked by descending
 * frequency (ties by id) and recoded to dense ids; each projection re-ranks its items by conditional
 * frequency; a tree that is a single chain is enumerated directly (every subset of the chain, with the
 * support of its deepest node).
 */
export function fpGrowth(tx: Transactions, opts: FpGrowthOptions, hooks: MineHooks = {}): Itemsets {
  validateTransactions(tx, 'transactions');
  const n = tx.n;
  let minCount = resolveMinCount(opts, n);
  const maxLength = positiveIntOption(opts.maxLength, 'maxLength');
  const maxItemsets = positiveIntOption(opts.maxItemsets, 'maxItemsets');

  // --- rank items by frequency -------------------------------------------------------------------
  const { offsets } = tx;
  const { codes, ids, size } = denseCodes(tx.items);
  const freq = new Int32Array(size);
  for (let j = 0; j < codes.length; j++) freq[codes[j]]++;
  if (hooks.excluded) for (let c = 0; c < size; c++) if (freq[c] && hooks.excluded(ids ? ids[c] : c)) freq[c] = 0;
  const frequent: number[] = [];
  for (let c = 0; c < size; c++) if (freq[c] >= minCount) frequent.push(c);
  frequent.sort((a, b) => freq[b] - freq[a] || a - b); // codes keep id order, so ties go by id
  const rankOf = new Int32Array(size).fill(-1);
  for (let r = 0; r < frequent.length; r++) rankOf[frequent[r]] = r;

  // --- build the top tree ------------------------------------------------------------------------
  const pool: FpTree[] = [new FpTree()];
  const top = pool[0];
  let total = 0;
  for (let j = 0; j < codes.length; j++) if (rankOf[codes[j]] >= 0) total++;
  top.reset(frequent.length, total + 1);
  for (let r = 0; r < frequent.length; r++) top.toItem[r] = ids ? ids[frequent[r]] : frequent[r];
  let path = new Int32Array(Math.max(1, frequent.length));
  for (let t = 0; t < n; t++) {
    let len = 0;
    for (let j = offsets[t]; j < offsets[t + 1]; j++) {
      const r = rankOf[codes[j]];
      if (r < 0) continue;
      let k = len++;
      while (k > 0 && path[k - 1] > r) {
        path[k] = path[k - 1];
        k--;
      }
      path[k] = r;
    }
    if (len > 0) top.insert(path, len, 1);
  }

  // --- mine ----------------------------------------------------------------------------------------
  const out = new ItemsetsBuilder();
  const shared = hooks.sharedCount;
  const claim = hooks.claim;
  const prefix = new Int32Array(Math.max(1, frequent.length));
  // Scratch per depth, grown on demand: conditional counts and local re-coding of the parent tree's items.
  const condCount: Int32Array[] = [];
  const newLocal: Int32Array[] = [];
  const order: Int32Array[] = [];
  path = new Int32Array(Math.max(1, frequent.length));

  const emit = (len: number, support: number): void => {
    if (out.count >= maxItemsets) throw new ResultTooLargeError(maxItemsets, out.count + 1);
    if (shared && (out.count & (SHARED_STEP - 1)) === SHARED_STEP - 1) {
      const total = Atomics.add(shared, 0, SHARED_STEP) + SHARED_STEP;
      if (total > maxItemsets) throw new ResultTooLargeError(maxItemsets, total);
    }
    out.reserve(len);
    for (let i = 0; i < len; i++) out.item(prefix[i]);
    out.close(support);
    if (hooks.onEmit) minCount = Math.max(minCount, hooks.onEmit(support));
  };

  const emitChain = (t: FpTree, from: number, depth: number): void => {
    // Nodes from..nodes-1 of a single-chain tree: choosing node v as the deepest member fixes the support.
    for (let v = from; v < t.nodes; v++) {
      if (t.count[v] < minCount) return; // counts only fall along the chain (minCount can rise in top-k)
      prefix[depth] = t.toItem[t.item[v]];
      emit(depth + 1, t.count[v]);
      if (depth + 1 < maxLength) emitChain(t, v + 1, depth + 1);
    }
  };

  const scratch = (arr: Int32Array[], depth: number, size: number): Int32Array => {
    if (!arr[depth] || arr[depth].length < size) arr[depth] = new Int32Array(Math.max(size, 16));
    return arr[depth];
  };

  const mine = (t: FpTree, depth: number, progress: boolean): void => {
    const claiming = claim !== undefined && depth === 0;
    if (!t.branched) {
      if (claiming) {
        // a single chain is enumerated as a whole, by the shard that claims its last item
        let mineIt = false;
        for (let x = claim(t.numItems); x >= 0; x = claim(t.numItems)) if (x === t.numItems - 1) mineIt = true;
        if (!mineIt) return;
        hooks.onGroup?.(-1, out.count);
      }
      emitChain(t, 1, depth);
      if (progress) report(1);
      return;
    }
    const cc = scratch(condCount, depth, t.numItems);
    const nl = scratch(newLocal, depth, t.numItems);
    const ord = scratch(order, depth, t.numItems);
    // Most frequent items first: projections are independent, and this order raises a top-k threshold fastest.
    for (let i = 0; i < t.numItems; i++) {
      let x = i;
      if (claiming) {
        x = claim(t.numItems);
        if (x < 0) break;
        hooks.onGroup?.(x, out.count);
      }
      if (progress) report(i / t.numItems);
      if (t.itemCount[x] < minCount) continue;
      prefix[depth] = t.toItem[x];
      emit(depth + 1, t.itemCount[x]);
      if (depth + 1 >= maxLength || x === 0) continue;

      // Conditional pattern base of x: ancestors of x's nodes, weighted by the nodes' counts.
      cc.fill(0, 0, x);
      let pathNodes = 0;
      for (let v = t.head[x]; v !== -1; v = t.nodeLink[v]) {
        const c = t.count[v];
        for (let p = t.parent[v]; p > 0; p = t.parent[p]) {
          cc[t.item[p]] += c;
          pathNodes++;
        }
      }
      // Frequent conditional items, re-ranked by conditional count (ties keep the parent's order).
      let k = 0;
      for (let y = 0; y < x; y++) {
        nl[y] = -1;
        if (cc[y] < minCount) continue;
        let i = k++;
        while (i > 0 && cc[ord[i - 1]] < cc[y]) {
          ord[i] = ord[i - 1];
          i--;
        }
        ord[i] = y;
      }
      if (k === 0) continue;
      if (pool.length <= depth + 1) pool.push(new FpTree());
      const ct = pool[depth + 1];
      ct.reset(k, pathNodes + 1);
      for (let r = 0; r < k; r++) {
        nl[ord[r]] = r;
        ct.toItem[r] = t.toItem[ord[r]];
      }
      for (let v = t.head[x]; v !== -1; v = t.nodeLink[v]) {
        let len = 0;
        for (let p = t.parent[v]; p > 0; p = t.parent[p]) {
          const r = nl[t.item[p]];
          if (r < 0) continue;
          let i = len++;
          while (i > 0 && path[i - 1] > r) {
            path[i] = path[i - 1];
            i--;
          }
          path[i] = r;
        }
        if (len > 0) ct.insert(path, len, t.count[v]);
      }
      mine(ct, depth + 1, false);
    }
    if (progress) report(1);
  };

  let lastPct = 0;
  const report = (fraction: number): void => {
    if (!opts.onProgress) return;
    const pct = Math.floor(fraction * 100);
    if (pct > lastPct) {
      lastPct = pct;
      opts.onProgress(pct / 100);
    }
  };

  if (frequent.length > 0) mine(top, 0, true);
  return out.build(n, minCount);
}
