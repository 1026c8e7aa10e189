import { InvalidArgumentError } from '@modelbus/math-linalg';
import { FpMiner, type MineHooks } from './fp-miner';
import { FpTree } from './fp-tree';
import type { Itemsets } from './itemsets';
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
 * arithmetic (e.g. 0.3·10 = 3.0000000000000004) would ceil one too high. Only that rounding is forgiven: p
 * and the product are each within half an ulp, so a product within 4 ulps (4ε relative) of an integer is
 * taken as that integer; anything further above is a true fraction and rounds up (a relative 1e-9 here
 * took 0.30000000001·5e8 = 150000000.005 as 150000000). 0.2·8124 = 1624.8 → 1625.
 */
export function minCountFor(minSupport: number, n: number, field = 'minSupport'): number {
  if (!Number.isFinite(minSupport) || minSupport <= 0 || minSupport > 1) {
    throw new InvalidArgumentError(field, `must be a fraction in (0, 1], got ${minSupport}`);
  }
  const x = minSupport * n;
  const r = Math.round(x);
  const c = Math.abs(x - r) <= 4 * Number.EPSILON * Math.max(1, x) ? r : Math.ceil(x);
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

export type { MineHooks } from './fp-miner';

/**
 * FP-Growth (Han, Pei & Yin 2000) over flat typed-array FP-trees: items are ranked by descending
 * frequency (ties by id) and recoded to dense ids; each projection re-ranks its items by conditional
 * frequency; a tree that is a single chain is enumerated directly (every subset of the chain, with the
 * support of its deepest node).
 */
export function fpGrowth(tx: Transactions, opts: FpGrowthOptions, hooks: MineHooks = {}): Itemsets {
  if (!hooks.prebuilt) validateTransactions(tx, 'transactions');
  const n = tx.n;
  const minCount = resolveMinCount(opts, n);
  const maxLength = positiveIntOption(opts.maxLength, 'maxLength');
  const maxItemsets = positiveIntOption(opts.maxItemsets, 'maxItemsets');

  const top = hooks.prebuilt ?? topTree(tx, minCount, hooks.excluded);
  const miner = new FpMiner(minCount, maxLength, maxItemsets, hooks, opts.onProgress);
  miner.run(top);
  return miner.out.build(n, miner.minCount);
}

/** The top FP-tree that fpGrowth would mine, built once for several shards (see MineHooks.prebuilt). */
export function buildFpTree(tx: Transactions, opts: FpGrowthOptions, excluded?: (item: number) => boolean): FpTree {
  validateTransactions(tx, 'transactions');
  return topTree(tx, resolveMinCount(opts, tx.n), excluded);
}

/**
 * The FP-tree of the transactions: items ranked by descending frequency (ties by id), infrequent and
 * excluded items dropped, each transaction inserted as its ascending rank path. (Each loop is its own
 * function: the JIT then optimizes one loop at a time, without code that has not run yet.)
 */
function topTree(tx: Transactions, minCount: number, excluded: ((item: number) => boolean) | undefined): FpTree {
  const { codes, ids, size } = denseCodes(tx.items);
  const freq = itemCounts(codes, size);
  if (excluded) for (let c = 0; c < size; c++) if (freq[c] && excluded(ids ? ids[c] : c)) freq[c] = 0;
  const frequent: number[] = [];
  for (let c = 0; c < size; c++) if (freq[c] >= minCount) frequent.push(c);
  frequent.sort((a, b) => freq[b] - freq[a] || a - b); // codes keep id order, so ties go by id
  const rankOf = new Int32Array(size).fill(-1);
  for (let r = 0; r < frequent.length; r++) rankOf[frequent[r]] = r;
  const top = new FpTree();
  top.reset(frequent.length, countRanked(codes, rankOf) + 1);
  for (let r = 0; r < frequent.length; r++) top.toItem[r] = ids ? ids[frequent[r]] : frequent[r];
  insertTransactions(top, tx, codes, rankOf);
  return top;
}

function itemCounts(codes: Int32Array, size: number): Int32Array {
  const freq = new Int32Array(size);
  for (let j = 0; j < codes.length; j++) freq[codes[j]]++;
  return freq;
}

function countRanked(codes: Int32Array, rankOf: Int32Array): number {
  let total = 0;
  for (let j = 0; j < codes.length; j++) if (rankOf[codes[j]] >= 0) total++;
  return total;
}

/**
 * Inserts each transaction's frequent items as a path ascending by rank. Item ids and ranks are unrelated,
 * so a long transaction is sorted by marking its ranks and scanning them (O(items of the tree)) rather
 * than by insertion (O(length²)).
 */
function insertTransactions(top: FpTree, tx: Transactions, codes: Int32Array, rankOf: Int32Array): void {
  const { n, offsets } = tx;
  const numItems = top.numItems;
  const path = new Int32Array(Math.max(1, numItems));
  const marked = new Uint8Array(Math.max(1, numItems));
  for (let t = 0; t < n; t++) {
    let len = 0;
    for (let j = offsets[t]; j < offsets[t + 1]; j++) {
      const r = rankOf[codes[j]];
      if (r >= 0) path[len++] = r;
    }
    if (len === 0) continue;
    if (len * len > 4 * numItems) {
      for (let i = 0; i < len; i++) marked[path[i]] = 1;
      let w = 0;
      for (let r = 0; w < len; r++) {
        if (marked[r]) {
          marked[r] = 0;
          path[w++] = r;
        }
      }
    } else {
      for (let i = 1; i < len; i++) {
        const r = path[i];
        let k = i - 1;
        while (k >= 0 && path[k] > r) {
          path[k + 1] = path[k];
          k--;
        }
        path[k + 1] = r;
      }
    }
    top.insert(path, 0, len, 1);
  }
}
