// Worker thread of tools/bench/fpgrowth.bench.ts (loaded through tsx's CommonJS hook; no import.meta here).
import { parentPort } from 'node:worker_threads';
import { counterClaim, mineShard, warmUpMiner, type FrozenFpTree, type MineOptions } from '../../libs/math/recsys/src/index';

interface ShardTask {
  n: number;
  items: Int32Array;
  offsets: Int32Array;
  opts: MineOptions;
  claimCounter: Int32Array;
  /** the top tree built once by the parent (shared memory), as the service's prepare step does */
  tree: FrozenFpTree | null;
}

parentPort!.on('message', (t: ShardTask) => {
  const t0 = performance.now();
  const shard = mineShard({ n: t.n, items: t.items, offsets: t.offsets }, t.opts, counterClaim(t.claimCounter), undefined, t.tree);
  const { items, offsets, supports } = shard.itemsets;
  // busy time of this thread's shard (wall: under load it includes waiting for a core)
  parentPort!.postMessage({ ...shard, seconds: (performance.now() - t0) / 1000 }, [items.buffer, offsets.buffer, supports.buffer, shard.groupRanks.buffer, shard.groupStarts.buffer] as ArrayBuffer[]);
});
// as the recommendation service's pool threads do at start (warm-up.ts); FP_BENCH_COLD=1 skips it
if (!process.env.FP_BENCH_COLD) warmUpMiner();
parentPort!.postMessage('ready');
