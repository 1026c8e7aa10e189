// Mining operations of the recommendation worker: parse, mine (serial or one shard), merge, encode.
import {
  allocateStoredItemsets, canonicalOrder, copyInt32, counterClaim, createDatasetParser, encodeStoredItemsets, fillPaging, longestItemset, mergeShards, mineItemsets,
  mineShard, resolveConstraints, resolveMinCount, shardTree, summarize, type Dataset, type DatasetFormat, type DatasetParser, type FrozenFpTree, type StoredBlob, type Itemsets, type MineOptions,
  type MiningMode, type Shard, type Transactions,
} from '@modelbus/math-recsys';
import type { MessagePort } from 'node:worker_threads';
import type { OpContext } from '@modelbus/platform/worker';
import { receiveChunks } from '../fpgrowth/chunk-channel';

/** The job params that concern mining. */
export interface MineParams {
  format?: DatasetFormat;
  header?: boolean;
  minSupport?: number;
  minCount?: number;
  maxLength?: number;
  maxItemsets: number;
  mode?: MiningMode;
  k?: number;
  mustContain?: Array<string | number>;
  mustNotContain?: Array<string | number>;
}

/** What a parsing task gets: the params and the dataset, streamed in chunks over `port` (see chunk-channel: the text is parsed as it arrives, never held whole). */
export type MineArgs = MineParams & { port: MessagePort };

export interface MinedResult {
  encoded: Uint8Array;
  summary: ReturnType<typeof summarize> & { mode: MiningMode; tasks: number };
}

/** Transactions and the top FP-tree in SharedArrayBuffers (every shard reads the same memory), and the resolved options. */
export interface PreparedArgs {
  n: number;
  items: Int32Array;
  offsets: Int32Array;
  names: string[] | null;
  opts: MineOptions;
  /** Built once here, mined by every shard (null: nothing to mine). */
  tree: FrozenFpTree | null;
}

async function readDataset(a: MineArgs): Promise<Dataset> {
  let parser: DatasetParser;
  try {
    parser = createDatasetParser(a.format ?? 'fimi', 'dataset', a.header);
  } catch (err) {
    a.port.close(); // stops the service's sender
    throw err;
  }
  await receiveChunks(a.port, (c) => parser.push(c));
  return parser.end();
}

async function parseAndResolve(a: MineArgs): Promise<{ tx: Transactions; names: string[] | null; opts: MineOptions }> {
  const { tx, names } = await readDataset(a);
  const opts: MineOptions = {
    minSupport: a.minSupport,
    minCount: a.minCount,
    maxLength: a.maxLength,
    maxItemsets: a.maxItemsets,
    mode: a.mode ?? 'all',
    k: a.k,
    ...resolveConstraints(a.mustContain, a.mustNotContain, names),
  };
  return { tx, names, opts };
}

/**
 * Stores the itemsets as mined with their canonical listing order (a permutation, not a reordered copy), the
 * paging section (support order, length index: pages are then read in place) and the dictionary.
 */
function finish(it: Itemsets, names: string[] | null, mode: MiningMode, tasks: number): MinedResult {
  const order = canonicalOrder(it, names);
  return { encoded: encodeStoredItemsets({ itemsets: it, names, mode, canonical: false, order, paging: true }), summary: { ...summarize(it), mode, tasks } };
}

/** Single-threaded: parse, mine in any mode, encode. */
export async function fpGrowthOp(a: MineArgs, ctx: OpContext): Promise<MinedResult> {
  const { tx, names, opts } = await parseAndResolve(a);
  ctx.progress(0.05, `parsed ${tx.n} transactions`);
  const it = mineItemsets(tx, { ...opts, onProgress: (f) => ctx.progress(0.05 + 0.85 * f, 'mining') });
  ctx.progress(0.92, `mined ${it.count} itemsets; ordering and encoding`);
  return finish(it, names, opts.mode ?? 'all', 1);
}

/** First step of parallel mining: parse into shared memory and build the top FP-tree there. */
export async function fpPrepareOp(a: MineArgs): Promise<PreparedArgs> {
  const { tx, names, opts } = await parseAndResolve(a);
  const tree = shardTree(tx, opts);
  return { n: tx.n, items: copyInt32(tx.items, tx.items.length, true), offsets: copyInt32(tx.offsets, tx.offsets.length, true), names, opts, tree };
}

export interface ShardArgs extends PreparedArgs {
  /** Int32Array(1) on a SharedArrayBuffer: next header item to claim. */
  claimCounter: Int32Array;
  /** Int32Array(1) on a SharedArrayBuffer: itemsets found by all shards (approximate). */
  sharedCount: Int32Array;
  /** Int32Array(1) on a SharedArrayBuffer: set when the run fails; every shard then stops (MineHooks.stop). */
  stop: Int32Array;
}

/**
 * One shard: mines the header items it claims from the shared counter. The itemset arrays are views of
 * the miner's growable buffers; they travel as whole buffers, so the reply moves them without a copy
 * (the worker moves only whole-buffer arrays), and fpMergeOp trims them to the itemset count again.
 */
export function fpShardOp(a: ShardArgs): Shard {
  const shard = mineShard({ n: a.n, items: a.items, offsets: a.offsets }, a.opts, counterClaim(a.claimCounter), a.sharedCount, a.tree, a.stop);
  const whole = (v: Int32Array) => new Int32Array(v.buffer as ArrayBuffer);
  const it = shard.itemsets;
  return { ...shard, itemsets: { ...it, items: whole(it.items), offsets: whole(it.offsets), supports: whole(it.supports) } };
}

function trimmed(s: Shard): Shard {
  const it = s.itemsets;
  const count = it.count;
  return { ...s, itemsets: { ...it, offsets: it.offsets.subarray(0, count + 1), supports: it.supports.subarray(0, count), items: it.items.subarray(0, it.offsets[count]) } };
}

/**
 * Last step: merges the shards into the single-threaded result, applies the mode, encodes. In mode all
 * without required items the merge writes straight into the blob to be stored (one copy of the itemsets,
 * as in the serial path), and the canonical order is added to it there.
 */
export function fpMergeOp(a: PreparedArgs & { shards: Shard[] }): MinedResult {
  const mode = a.opts.mode ?? 'all';
  const tx = { n: a.n, items: a.items, offsets: a.offsets };
  const minCount = resolveMinCount(a.opts, a.n);
  let blob: StoredBlob | null = null;
  const shards = a.shards.map(trimmed);
  let longest = 0;
  for (const sh of shards) longest = Math.max(longest, longestItemset(sh.itemsets));
  const it = mergeShards(tx, a.opts, shards, (count, totalItems) => {
    blob = allocateStoredItemsets({ transactions: a.n, minCount, count, totalItems, names: a.names, mode, canonical: false, withOrder: true, pagingMaxLen: longest });
    return blob;
  });
  const inBlob = blob as StoredBlob | null;
  if (!inBlob || it.items !== inBlob.items || it.minCount !== minCount) return finish(it, a.names, mode, a.shards.length);
  inBlob.order.set(canonicalOrder(it, a.names));
  fillPaging(inBlob.paging, it, inBlob.order, longest);
  return { encoded: inBlob.bytes, summary: { ...summarize(it), mode, tasks: a.shards.length } };
}
