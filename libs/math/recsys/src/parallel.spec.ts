import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bruteItemsets, listingOf, loadFim, smallDb } from './brute-force.testutil';
import { ResultTooLargeError } from './errors';
import { parseFimi } from './fimi';
import { canonicalListing } from './listing';
import { mineItemsets, type MineOptions } from './mining';
import { canonicalOrder } from './canonical-order';
import { allocateStoredItemsets, decodeStoredItemsets, type StoredBlob } from './codec';
import type { FrozenFpTree } from './fp-tree';
import { counterClaim, mergeShards, mineShard, shardTree, type Shard } from './parallel';
import { transactionsFrom, type Transactions } from './transactions';

const pool = [0, 1, 2, 3, 4, 5, 7, 11, 100000];

/**
 * Runs `shards` shards one after another in this thread with a scripted claim: header ranks are dealt to
 * the shards in a seeded random order, as concurrent threads might claim them.
 */
function mineSharded(tx: Transactions, opts: MineOptions, shards: number, seed: number, tree?: FrozenFpTree | null): Shard[] {
  let plan: number[][] | null = null;
  const planFor = (numItems: number): number[][] => {
    if (plan) return plan;
    plan = Array.from({ length: shards }, () => []);
    let s = seed >>> 0;
    for (let x = numItems - 1; x >= 0; x--) {
      s = (Math.imul(s, 1103515245) + 12345) >>> 0;
      plan[s % shards].push(x);
    }
    return plan;
  };
  return Array.from({ length: shards }, (_, i) => {
    let next = 0;
    return mineShard(tx, opts, (numItems) => planFor(numItems)[i][next++] ?? -1, undefined, tree);
  });
}

describe('parallel mining by header-item partition', () => {
  it('merges to exactly the single-threaded result (all, closed, maximal; constraints; maxLength)', () => {
    fc.assert(
      fc.property(
        smallDb,
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 1, max: 4 }),
        fc.integer(),
        fc.constantFrom('all', 'closed', 'maximal') as fc.Arbitrary<'all' | 'closed' | 'maximal'>,
        fc.subarray(pool, { maxLength: 1 }),
        fc.subarray(pool, { maxLength: 2 }),
        fc.option(fc.integer({ min: 1, max: 4 }), { nil: undefined }),
        (db, minCount, shards, seed, mode, requireItems, excl, maxLength) => {
          const tx = transactionsFrom(db);
          const opts: MineOptions = { minCount, mode, maxLength, requireItems, excludeItems: excl.filter((x) => !requireItems.includes(x)) };
          const serial = mineItemsets(tx, opts);
          expect(mergeShards(tx, opts, mineSharded(tx, opts, shards, seed))).toEqual(serial);
          // shards mining one shared top tree (constraints included: it is built from the projected data)
          expect(mergeShards(tx, opts, mineSharded(tx, opts, shards, seed, shardTree(tx, opts)))).toEqual(serial);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('mushroom 20 %: 3 interleaved shards give the serial result, itemset for itemset', () => {
    const tx = parseFimi(loadFim('mushroom'));
    const serial = mineItemsets(tx, { minSupport: 0.2 });
    // each shard building its own top tree, or all mining one built by shardTree (on SharedArrayBuffers)
    const tree = shardTree(tx, { minSupport: 0.2 });
    expect(tree?.parent.buffer).toBeInstanceOf(SharedArrayBuffer);
    for (const shared of [undefined, tree]) {
      const merged = mergeShards(tx, { minSupport: 0.2 }, mineSharded(tx, { minSupport: 0.2 }, 3, 11, shared));
      expect(merged.count).toBe(53583);
      // byte equality of the arrays (toEqual on 10^5-element typed arrays is slow)
      const bytes = (a: Int32Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);
      for (const key of ['items', 'offsets', 'supports'] as const) {
        expect(bytes(merged[key]).equals(bytes(serial[key]))).toBe(true);
      }
    }
  });

  it('merges straight into a stored blob (mode all): it decodes to the serial result and its canonical order', () => {
    const tx = parseFimi(loadFim('mushroom'));
    const opts = { minSupport: 0.3 };
    const serial = mineItemsets(tx, opts);
    let blob: StoredBlob | null = null;
    const merged = mergeShards(tx, opts, mineSharded(tx, opts, 2, 5), (count, totalItems) => {
      blob = allocateStoredItemsets({ transactions: tx.n, minCount: serial.minCount, count, totalItems, names: null, mode: 'all', canonical: false, withOrder: true });
      return blob;
    });
    const b = blob as StoredBlob | null;
    if (!b) throw new Error('the merge did not ask for a target');
    expect(merged.items).toBe(b.items);
    b.order.set(canonicalOrder(merged));
    const back = decodeStoredItemsets(b.bytes);
    expect(back.itemsets).toEqual({ ...serial, items: Int32Array.from(serial.items), offsets: Int32Array.from(serial.offsets), supports: Int32Array.from(serial.supports) });
    expect(back.order).toEqual(canonicalOrder(serial));
    // modes other than all are derived from the merge, not written into the target
    const closed = mergeShards(tx, { ...opts, mode: 'closed' }, mineSharded(tx, { ...opts, mode: 'closed' }, 2, 5), () => {
      throw new Error('not used for mode closed');
    });
    expect(canonicalListing(closed)).toBe(canonicalListing(mineItemsets(tx, { ...opts, mode: 'closed' })));
  });

  it('counterClaim hands out each header rank once, least frequent first', () => {
    const tx = transactionsFrom([[1, 2, 3], [1, 2], [1, 3], [2, 4], [1]]);
    const counter = new Int32Array(new SharedArrayBuffer(4));
    const shards = [0, 1].map(() => mineShard(tx, { minCount: 1 }, counterClaim(counter)));
    expect(Array.from(shards[0].groupRanks)).toEqual([3, 2, 1, 0]); // alone in this thread, shard 0 takes all
    expect(shards[1].itemsets.count).toBe(0);
    expect(mergeShards(tx, { minCount: 1 }, shards)).toEqual(mineItemsets(tx, { minCount: 1 }));
  });

  it('stops with ResultTooLargeError across shards', () => {
    const tx = transactionsFrom([[1, 2, 3, 4], [1, 2, 3, 4], [1, 2, 3]]);
    const opts = { minCount: 1, maxItemsets: 5 };
    const shards = mineSharded(tx, { minCount: 1 }, 2, 7);
    expect(() => mergeShards(tx, opts, shards)).toThrow(ResultTooLargeError);
    expect(() => mergeShards(tx, opts, shards)).toThrow(/15 itemsets produced so far, more than the limit of 5/);
  });

  it('a failing shard stops the others: it throws and raises the stop flag, the rest return stopped, unmerged', () => {
    const tx = transactionsFrom(Array.from({ length: 40 }, (_, t) => [0, 1, 2, 3, 4, 5, 6, 7].filter((i) => (t >> (i % 5)) & 1 || i === 7)));
    const stop = new Int32Array(new SharedArrayBuffer(4));
    const counter = new Int32Array(new SharedArrayBuffer(4));
    const opts = { minCount: 2, maxItemsets: 20 };
    // with the flag down and no limit reached, a shard mines as without it
    const whole = mineShard(tx, { minCount: 2 }, counterClaim(new Int32Array(1)), undefined, null, new Int32Array(1));
    expect(mergeShards(tx, { minCount: 2 }, [whole])).toEqual(mineItemsets(tx, { minCount: 2 }));
    expect(whole.itemsets.count).toBeGreaterThan(20);
    // the shard that reaches the limit fails the run with the count so far, and raises the flag
    expect(() => mineShard(tx, opts, counterClaim(counter), undefined, null, stop)).toThrow(/21 itemsets produced so far, more than the limit of 20/);
    expect(stop[0]).toBe(1);
    // another shard of the run then stops at its first itemset instead of mining (or failing) on
    const later = mineShard(tx, opts, () => 0, undefined, null, stop);
    expect(later).toMatchObject({ stopped: true, itemsets: { count: 0 } });
    expect(() => mergeShards(tx, opts, [later])).toThrow(/stopped early/);
  });
});

describe('mineItemsets modes', () => {
  it('closed, maximal and top-k with constraints equal brute-force filters', () => {
    fc.assert(
      fc.property(smallDb, fc.integer({ min: 1, max: 4 }), fc.subarray(pool, { maxLength: 1 }), fc.subarray(pool, { maxLength: 2 }), fc.integer({ min: 1, max: 6 }), (db, minCount, req, excl, k) => {
        const excludeItems = excl.filter((x) => !req.includes(x));
        const tx = transactionsFrom(db);
        const ok = (key: string) => {
          const s = key.split(' ').map(Number);
          return req.every((r) => s.includes(r)) && !s.some((x) => excludeItems.includes(x));
        };
        const all = new Map([...bruteItemsets(db, minCount)].filter(([key]) => ok(key)));
        const sets = [...all].map(([key, c]) => ({ s: key.split(' ').map(Number), c }));
        const sup = (a: number[], b: number[]) => b.length > a.length && a.every((x) => b.includes(x));
        const closed = new Map([...all].filter(([key, c]) => !sets.some((o) => o.c === c && sup(key.split(' ').map(Number), o.s))));
        const maximal = new Map([...all].filter(([key]) => !sets.some((o) => sup(key.split(' ').map(Number), o.s))));
        const opts = { minCount, requireItems: req, excludeItems };
        expect(canonicalListing(mineItemsets(tx, { ...opts, mode: 'closed' }))).toBe(listingOf(closed));
        expect(canonicalListing(mineItemsets(tx, { ...opts, mode: 'maximal' }))).toBe(listingOf(maximal));
        // top-k ignores minCount: the k best of every itemset satisfying the constraints
        const every = new Map([...bruteItemsets(db, 1)].filter(([key]) => ok(key)));
        const top = mineItemsets(tx, { requireItems: req, excludeItems, mode: 'top-k', k });
        const supports = [...every.values()].sort((a, b) => b - a);
        expect(Array.from(top.supports)).toEqual(supports.slice(0, k));
        for (let s = 0; s < top.count; s++) {
          const key = Array.from(top.items.subarray(top.offsets[s], top.offsets[s + 1])).join(' ');
          expect(every.get(key)).toBe(top.supports[s]);
        }
      }),
      { numRuns: 100 },
    );
  });

  it('checks mode and k', () => {
    const tx = transactionsFrom([[1, 2]]);
    expect(() => mineItemsets(tx, { mode: 'top-k' })).toThrow(/k must be an integer ≥ 1/);
    expect(() => mineItemsets(tx, { minCount: 1, k: 3 })).toThrow(/k is only used with mode top-k/);
    expect(() => mineItemsets(tx, { minCount: 1, mode: 'bogus' as never })).toThrow(/mode must be/);
    expect(() => mineItemsets(tx, { minSupport: 0.5, mode: 'top-k', k: 2 })).toThrow(/minSupport is not used with mode top-k/);
  });
});
