import { InvalidArgumentError } from '@modelbus/math-linalg';
import { finishConstrained, liftTooLarge, prepareConstrained } from './constraints';
import { ResultTooLargeError } from './errors';
import { buildFpTree, fpGrowth } from './fp-growth';
import { ShardStopped } from './fp-miner';
import { FpTree, type FrozenFpTree } from './fp-tree';
import type { Itemsets } from './itemsets';
import { checkMode, condenseForMode, type MineOptions } from './mining';
import type { Transactions } from './transactions';

/**
 * Parallel FP-Growth by header-item partition. Every shard builds the same top FP-tree from the shared
 * transactions and mines the conditional pattern bases of the header items it claims; the itemsets of
 * header item x (those whose least frequent item is x) form one contiguous group. Merging the groups in
 * header order reproduces the single-threaded output exactly, itemset for itemset.
 */
export interface Shard {
  itemsets: Itemsets;
  /** Header ranks mined by this shard, in claim order; [-1] when the top tree was a single chain. */
  groupRanks: Int32Array;
  /** groupStarts[g] = first itemset of group g; groupStarts[groups] = itemsets.count. */
  groupStarts: Int32Array;
  /** True when the shard ended early because the run was stopped (its itemsets are incomplete). */
  stopped?: boolean;
}

/**
 * A claim function over a shared counter (an Int32Array of length ≥ 1, on a SharedArrayBuffer when the
 * shards run in different threads): hands out header ranks from the least frequent item, whose
 * conditional base is the largest, to the most frequent, so late claims are small and the load balances.
 */
export function counterClaim(counter: Int32Array): (numItems: number) => number {
  return (numItems) => {
    const i = Atomics.add(counter, 0, 1);
    return i < numItems ? numItems - 1 - i : -1;
  };
}

/**
 * The top FP-tree of a parallel run, built once and frozen on SharedArrayBuffers so that every shard mines
 * the same memory instead of rebuilding it (null when there is nothing to mine).
 */
export function shardTree(tx: Transactions, opts: MineOptions): FrozenFpTree | null {
  checkParallelMode(opts);
  const p = prepareConstrained(tx, opts);
  if (!p.mine) return null;
  return buildFpTree(p.tx, p.options, p.excludedHook).freeze(true);
}

/**
 * Mines the header items that `claim` hands out. Modes closed/maximal are applied after the merge. `tree`:
 * the top tree from shardTree (same tx and opts), else each shard builds its own. `stop` (see
 * MineHooks.stop): a shard that fails sets it, so the others end early and return `stopped`.
 */
export function mineShard(tx: Transactions, opts: MineOptions, claim: (numItems: number) => number, sharedCount?: Int32Array, tree?: FrozenFpTree | null, stop?: Int32Array): Shard {
  checkParallelMode(opts);
  const p = prepareConstrained(tx, opts);
  const ranks: number[] = [];
  const starts: number[] = [];
  const empty = { transactions: p.tx.n, minCount: p.minCount, count: 0, items: new Int32Array(0), offsets: new Int32Array(1), supports: new Int32Array(0) };
  if (!p.mine) return { itemsets: empty, groupRanks: new Int32Array(0), groupStarts: new Int32Array(1) };
  let itemsets: Itemsets;
  try {
    itemsets = fpGrowth(p.tx, p.options, {
      excluded: p.excludedHook,
      claim,
      sharedCount,
      stop,
      prebuilt: tree ? FpTree.thaw(tree) : undefined,
      onGroup: (x, start) => {
        ranks.push(x);
        starts.push(start);
      },
    });
  } catch (e) {
    if (e instanceof ShardStopped) return { itemsets: empty, groupRanks: new Int32Array(0), groupStarts: new Int32Array(1), stopped: true };
    if (stop) Atomics.store(stop, 0, 1); // (a size-limit failure has set it already)
    throw liftTooLarge(p, e);
  }
  starts.push(itemsets.count);
  return { itemsets, groupRanks: Int32Array.from(ranks), groupStarts: Int32Array.from(starts) };
}

/** Where mergeShards may write the merged arrays (e.g. views into an encoded blob): lengths count+1, count, totalItems. */
export type MergeTarget = (count: number, totalItems: number) => { items: Int32Array; offsets: Int32Array; supports: Int32Array } | null;

/**
 * Merges the shards of one mining run (same tx and opts) into the single-threaded result. With `into`,
 * the merged arrays are written where it says, when the merge is the final result (mode all, no required
 * items: else the result is derived from the merge and allocated anew); compare `result.items` with the
 * target to tell.
 */
export function mergeShards(tx: Transactions, opts: MineOptions, shards: Shard[], into?: MergeTarget): Itemsets {
  checkParallelMode(opts);
  if (shards.some((s) => s.stopped)) throw new Error('mergeShards: a shard was stopped early, the run failed');
  const p = prepareConstrained(tx, opts);
  if (!p.mine) return condenseForMode(finishConstrained(p, null), opts.mode ?? 'all');
  let total = 0;
  let totalItems = 0;
  let maxRank = -1;
  for (const s of shards) {
    total += s.itemsets.count;
    totalItems += s.itemsets.offsets[s.itemsets.count];
    for (const r of s.groupRanks) maxRank = Math.max(maxRank, r);
  }
  const limit = p.options.maxItemsets ?? Number.POSITIVE_INFINITY;
  if (total > limit) throw liftTooLarge(p, new ResultTooLargeError(limit, total));
  // where each header rank's group lives: shard and group index
  const whereShard = new Int32Array(maxRank + 2).fill(-1);
  const whereGroup = new Int32Array(maxRank + 2);
  for (let si = 0; si < shards.length; si++) {
    const g = shards[si].groupRanks;
    for (let gi = 0; gi < g.length; gi++) {
      if (whereShard[g[gi] + 1] !== -1) throw new InvalidArgumentError('shards', `header item ${g[gi]} was mined twice`);
      whereShard[g[gi] + 1] = si;
      whereGroup[g[gi] + 1] = gi;
    }
  }
  const final = (opts.mode ?? 'all') === 'all' && p.required.length === 0;
  const target = final && into ? into(total, totalItems) : null;
  const items = target ? target.items : new Int32Array(totalItems);
  const offsets = target ? target.offsets : new Int32Array(total + 1);
  const supports = target ? target.supports : new Int32Array(total);
  offsets[0] = 0;
  let w = 0;
  let c = 0;
  // slot 0 holds the whole-chain group (rank -1), which then is the only group
  for (let slot = 0; slot < whereShard.length; slot++) {
    const si = whereShard[slot];
    if (si < 0) continue;
    const sh = shards[si];
    const from = sh.groupStarts[whereGroup[slot]];
    const to = sh.groupStarts[whereGroup[slot] + 1];
    const src = sh.itemsets;
    const base = src.offsets[from];
    items.set(src.items.subarray(base, src.offsets[to]), w);
    supports.set(src.supports.subarray(from, to), c);
    for (let s = from; s < to; s++) offsets[++c] = w + src.offsets[s + 1] - base;
    w += src.offsets[to] - base;
  }
  const rest: Itemsets = { transactions: p.tx.n, minCount: p.minCount, count: total, items, offsets, supports };
  return condenseForMode(finishConstrained(p, rest), opts.mode ?? 'all');
}

function checkParallelMode(opts: MineOptions): void {
  checkMode(opts.mode ?? 'all', opts.k);
  if (opts.mode === 'top-k') throw new InvalidArgumentError('mode', 'top-k is mined single-threaded (its threshold rises as it goes)');
}
