import { ResultTooLargeError } from './errors';
import { FpTree } from './fp-tree';
import { ItemsetsBuilder } from './itemsets';

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
  /**
   * With claim: a flag shared by the shards of one run (Int32Array(1), 0 = go on). Once it is set, by a
   * failing shard or by the coordinator, the other shards end at their next itemset with ShardStopped.
   * A shard that reaches the size limit sets it first and throws; one that finds it already set stops.
   */
  stop?: Int32Array;
  /** The top tree, already built (by buildFpTree with the same transactions, options and exclusions). */
  prebuilt?: FpTree;
}

/** Thrown inside a shard that ends early because the run was stopped (MineHooks.stop); mineShard catches it. */
export class ShardStopped extends Error {
  override readonly name = 'ShardStopped';
  constructor() {
    super('mining stopped: another shard failed or the run was cancelled');
  }
}

/** Shards add their count to sharedCount in steps of this size (an atomic per itemset would contend). */
const SHARED_STEP = 4096;

/**
 * The recursive part of FP-Growth over a built top tree. State lives in fields and per-depth scratch
 * arrays (grown on demand, reused across projections), and each step is its own small method, so the
 * JIT compiles short monomorphic functions early instead of one large closure late.
 *
 * The current prefix is not kept apart: it is the itemset emitted last one level up (items ascending), and
 * an extension is one merge step from it into the output.
 */
export class FpMiner {
  readonly out = new ItemsetsBuilder();
  private readonly pool: FpTree[] = [];
  /** at[d]: where the itemset emitted last at depth d (the current prefix of d+1 items) starts in the output. */
  private at = new Int32Array(16);
  private readonly condCount: Int32Array[] = [];
  private readonly newLocal: Int32Array[] = [];
  private readonly order: Int32Array[] = [];
  private path = new Int32Array(16);
  private lastPct = 0;

  constructor(
    public minCount: number,
    private readonly maxLength: number,
    private readonly maxItemsets: number,
    private readonly hooks: MineHooks,
    private readonly onProgress: ((fraction: number) => void) | undefined,
  ) {}

  /** Mines the top tree (its items are ranks 0..numItems-1 of the frequent items). */
  run(top: FpTree): void {
    this.pool[0] = top;
    if (this.path.length < top.numItems) this.path = new Int32Array(top.numItems);
    if (this.at.length < top.numItems) this.at = new Int32Array(top.numItems);
    if (top.numItems > 0) this.mine(top, 0, true);
  }

  private mine(t: FpTree, depth: number, progress: boolean): void {
    const claim = depth === 0 ? this.hooks.claim : undefined;
    if (!t.branched) {
      if (claim && !this.claimChain(t, claim)) return;
      this.emitChain(t, 1, depth);
      if (progress) this.report(1);
      return;
    }
    // Most frequent items first: projections are independent, and this order raises a top-k threshold fastest.
    for (let i = 0; i < t.numItems; i++) {
      let x = i;
      if (claim) {
        x = claim(t.numItems);
        if (x < 0) break;
        this.hooks.onGroup?.(x, this.out.count);
      }
      if (progress) this.report(i / t.numItems);
      const support = t.itemCount[x];
      if (support < this.minCount) continue;
      this.emit(depth, t.toItem[x], support);
      if (depth + 1 >= this.maxLength || x === 0) continue;
      const ct = this.project(t, x, depth);
      if (ct) this.mine(ct, depth + 1, false);
    }
    if (progress) this.report(1);
  }

  /** A single-chain top tree is enumerated as a whole, by the shard that claims its last item. */
  private claimChain(t: FpTree, claim: (numItems: number) => number): boolean {
    let mineIt = false;
    for (let x = claim(t.numItems); x >= 0; x = claim(t.numItems)) if (x === t.numItems - 1) mineIt = true;
    if (mineIt) this.hooks.onGroup?.(-1, this.out.count);
    return mineIt;
  }

  /** Nodes from..nodes-1 of a single-chain tree: choosing node v as the deepest member fixes the support. */
  private emitChain(t: FpTree, from: number, depth: number): void {
    const next = depth + 1 < this.maxLength;
    for (let v = from; v < t.nodes; v++) {
      const support = t.count[v];
      if (support < this.minCount) return; // counts only fall along the chain (minCount can rise in top-k)
      this.emit(depth, t.toItem[t.item[v]], support);
      if (next && v + 1 < t.nodes) this.emitChain(t, v + 1, depth + 1);
    }
  }

  /**
   * Emits the prefix at `depth` extended by `item`. The prefix at depth-1 is the itemset emitted last at
   * that depth (every prefix is emitted when it is formed), so the new itemset is merged straight from it
   * in the output: one pass per itemset, and no prefix kept anywhere else.
   */
  private emit(depth: number, item: number, support: number): void {
    const out = this.out;
    const count = out.count;
    const stop = this.hooks.stop;
    if (stop && stop[0] !== 0) throw new ShardStopped();
    if (count >= this.maxItemsets) this.tooLarge(count + 1);
    const shared = this.hooks.sharedCount;
    if (shared && (count & (SHARED_STEP - 1)) === SHARED_STEP - 1) {
      const total = Atomics.add(shared, 0, SHARED_STEP) + SHARED_STEP;
      if (total > this.maxItemsets) this.tooLarge(total);
    }
    this.at[depth] = out.appendExtended(depth === 0 ? 0 : this.at[depth - 1], depth, item, support);
    const onEmit = this.hooks.onEmit;
    if (onEmit) this.minCount = Math.max(this.minCount, onEmit(support));
  }

  /** Over the size limit: the first shard there fails the run (and stops the others), a later one stops. */
  private tooLarge(produced: number): never {
    const stop = this.hooks.stop;
    if (stop && Atomics.compareExchange(stop, 0, 0, 1) !== 0) throw new ShardStopped();
    throw new ResultTooLargeError(this.maxItemsets, produced);
  }

  /**
   * The conditional FP-tree of item x: ancestors of x's nodes weighted by the nodes' counts, keeping the
   * frequent ones, re-ranked by conditional count (ties keep the parent's order). Null when none is frequent.
   */
  private project(t: FpTree, x: number, depth: number): FpTree | null {
    const minCount = this.minCount;
    const cc = scratch(this.condCount, depth, t.numItems);
    const nl = scratch(this.newLocal, depth, t.numItems);
    const ord = scratch(this.order, depth, t.numItems);
    const { parent, item, count, nodeLink } = t;
    for (let y = 0; y < x; y++) cc[y] = 0;
    let pathNodes = 0;
    for (let v = t.head[x]; v !== -1; v = nodeLink[v]) {
      const c = count[v];
      for (let p = parent[v]; p > 0; p = parent[p]) {
        cc[item[p]] += c;
        pathNodes++;
      }
    }
    let k = 0;
    for (let y = 0; y < x; y++) {
      nl[y] = -1;
      const cy = cc[y];
      if (cy < minCount) continue;
      let i = k++;
      while (i > 0 && cc[ord[i - 1]] < cy) {
        ord[i] = ord[i - 1];
        i--;
      }
      ord[i] = y;
    }
    if (k === 0) return null;
    const ct = this.pool[depth + 1] ?? this.newTree(depth + 1);
    ct.reset(k, pathNodes + 1);
    for (let r = 0; r < k; r++) {
      nl[ord[r]] = r;
      ct.toItem[r] = t.toItem[ord[r]];
    }
    // Walking up gives items in descending parent rank, and new ranks mostly follow it, so the path is
    // filled from its end: an insertion sort that usually places each item without shifting.
    const path = this.path;
    const end = path.length;
    for (let v = t.head[x]; v !== -1; v = nodeLink[v]) {
      let start = end;
      for (let p = parent[v]; p > 0; p = parent[p]) {
        const r = nl[item[p]];
        if (r < 0) continue;
        let i = --start;
        while (i + 1 < end && path[i + 1] < r) {
          path[i] = path[i + 1];
          i++;
        }
        path[i] = r;
      }
      if (start < end) ct.insert(path, start, end, count[v]);
    }
    return ct;
  }

  private newTree(depth: number): FpTree {
    return (this.pool[depth] = new FpTree());
  }

  private report(fraction: number): void {
    if (!this.onProgress) return;
    const pct = Math.floor(fraction * 100);
    if (pct > this.lastPct) {
      this.lastPct = pct;
      this.onProgress(pct / 100);
    }
  }
}

/** Scratch array of at least `size` for one depth (the allocation is a separate, rarely taken call). */
function scratch(arr: Int32Array[], depth: number, size: number): Int32Array {
  const a = arr[depth];
  return a !== undefined && a.length >= size ? a : newScratch(arr, depth, size);
}

function newScratch(arr: Int32Array[], depth: number, size: number): Int32Array {
  return (arr[depth] = new Int32Array(Math.max(size, 16)));
}
