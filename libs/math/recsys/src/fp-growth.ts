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

export type { MineHooks } from './fp-miner';

/**
 * FP-Growth (Han, Pei & Yin 2000) over flat typed-array FP-trees: items are ranked by descending
 * frequency (ties by id) and recoded to dense ids; each projection re-ranks its items by conditional
 * frequency; a tree that is a single chain is enumerated directly (every subset of the chain, with the
 * support of its deepest node).
 */
export function fpGrowth(tx: Transactions, opts: FpGrowthOptions, hooks: MineHooks = {}): Itemsets {
  validateTransactions(tx, 'transactions');
  const n = tx.n;
  const minCount = resolveMinCount(opts, n);
  const maxLength = positiveIntOption(opts.maxLength, 'maxLength');
  const maxItemsets = positiveIntOption(opts.maxItemsets, 'maxItemsets');

  const top = topTree(tx, minCount, hooks.excluded);
  const miner = new FpMiner(minCount, maxLength, maxItemsets, hooks, opts.onProgress);
  miner.run(top);
  return miner.out.build(n, miner.minCount);
}

/**
 * The FP-tree of the transactions: items ranked by descending frequency (ties by id), infrequent and
 * excluded items dropped, each transaction inserted as its ascending rank path.
 */
function topTree(tx: Transactions, minCount: number, excluded: ((item: number) => boolean) | undefined): FpTree {
  const { n, offsets } = tx;
  const { codes, ids, size } = denseCodes(tx.items);
  const freq = new Int32Array(size);
  for (let j = 0; j < codes.length; j++) freq[codes[j]]++;
  if (excluded) for (let c = 0; c < size; c++) if (freq[c] && excluded(ids ? ids[c] : c)) freq[c] = 0;
  const frequent: number[] = [];
  for (let c = 0; c < size; c++) if (freq[c] >= minCount) frequent.push(c);
  frequent.sort((a, b) => freq[b] - freq[a] || a - b); // codes keep id order, so ties go by id
  const rankOf = new Int32Array(size).fill(-1);
  for (let r = 0; r < frequent.length; r++) rankOf[frequent[r]] = r;

  const top = new FpTree();
  let total = 0;
  for (let j = 0; j < codes.length; j++) if (rankOf[codes[j]] >= 0) total++;
  top.reset(frequent.length, total + 1);
  for (let r = 0; r < frequent.length; r++) top.toItem[r] = ids ? ids[frequent[r]] : frequent[r];
  const path = new Int32Array(Math.max(1, frequent.length));
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
  return top;
}
