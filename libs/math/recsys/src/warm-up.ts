import { counterClaim, mergeShards, mineShard, shardTree } from './parallel';
import { fpGrowth } from './fp-growth';
import { transactionsFrom, type Transactions } from './transactions';

/**
 * Runs the miner's hot paths (serial mining, a shard on a shared top tree, the merge) on a small
 * synthetic database so that V8 has optimised them before the first real job. A long-lived worker
 * thread calls this once at start: without it, the first job on each new thread pays for the JIT
 * warming up, which on inputs the size of the FIMI benchmarks costs more than a second thread saves.
 * Returns the number of itemsets mined (a check that the work was not optimised away).
 */
export function warmUpMiner(): number {
  const tx = warmUpBaskets();
  const opts = { minSupport: WARM_UP_MIN_SUPPORT };
  let total = 0;
  for (let round = 0; round < 3; round++) {
    total += fpGrowth(tx, opts).count;
    const tree = shardTree(tx, opts);
    const shard = mineShard(tx, opts, counterClaim(new Int32Array(new SharedArrayBuffer(4))), undefined, tree);
    total += mergeShards(tx, opts, [shard]).count;
  }
  return total;
}

/** The warm-up's database and support (exported so a benchmark can warm up a peer miner alike). */
export const WARM_UP_MIN_SUPPORT = 0.02;
export function warmUpBaskets(): Transactions {
  return syntheticBaskets(2000, 48, 16, 0x5eed);
}

/** Deterministic baskets with correlated items (so mining goes several levels deep). */
function syntheticBaskets(n: number, items: number, width: number, seed: number): Transactions {
  let s = seed >>> 0;
  const next = () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
  const lists: number[][] = [];
  for (let t = 0; t < n; t++) {
    const basket = new Set<number>();
    const group = Math.floor(next() * 4) * (items / 4);
    for (let k = 0; k < width; k++) {
      // mostly from one quarter of the items, sometimes from anywhere
      basket.add(next() < 0.8 ? group + Math.floor(next() * next() * (items / 4)) : Math.floor(next() * items));
    }
    lists.push([...basket].sort((a, b) => a - b));
  }
  return transactionsFrom(lists);
}
