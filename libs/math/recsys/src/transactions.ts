import { InvalidArgumentError } from '@modelbus/math-linalg';

/**
 * A transaction database in CSR form: transaction t holds items[offsets[t] .. offsets[t+1]).
 * Items are non-negative integers, ascending and distinct within a transaction.
 */
export interface Transactions {
  n: number;
  items: Int32Array;
  offsets: Int32Array;
}

/** A copy of `a` with twice the capacity (the growth step of the parsers' item and offset buffers). */
export function doubled(a: Int32Array): Int32Array<ArrayBuffer> {
  const b = new Int32Array(a.length * 2);
  b.set(a);
  return b;
}

/** A copy of a[0..len) on its own buffer, a SharedArrayBuffer when `shared` (for mining in other threads). */
export function copyInt32(a: Int32Array, len: number, shared: boolean): Int32Array {
  const bytes = 4 * Math.max(1, len);
  const out = new Int32Array(shared ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes), 0, len);
  out.set(a.subarray(0, len));
  return out;
}

/** Builds Transactions from nested arrays (tests, small inputs); sorts and de-duplicates each basket. */
export function transactionsFrom(lists: ReadonlyArray<ReadonlyArray<number>>, field = 'transactions'): Transactions {
  let total = 0;
  for (const l of lists) total += l.length;
  const items = new Int32Array(total);
  const offsets = new Int32Array(lists.length + 1);
  let w = 0;
  for (let t = 0; t < lists.length; t++) {
    const start = w;
    for (const v of lists[t]) {
      if (!Number.isInteger(v) || v < 0 || v > 0x7fffffff) {
        throw new InvalidArgumentError(field, `transaction ${t} has item ${v}; items must be integers in [0, 2^31-1]`);
      }
      items[w++] = v;
    }
    w = start + sortUnique(items, start, w);
    offsets[t + 1] = w;
  }
  return { n: lists.length, items: items.slice(0, w), offsets };
}

/**
 * Transactions known to hold the CSR invariants: checked once already, or built by a parser that
 * guarantees them (an O(items) check per mining call would otherwise repeat, e.g. constraints then FP-Growth).
 */
const valid = new WeakSet<Transactions>();

/** For parsers whose output holds the invariants by construction (sorted, distinct, non-negative items). */
export function markValid(tx: Transactions): Transactions {
  if (tx.n >= 1 && tx.offsets.length === tx.n + 1) valid.add(tx);
  return tx;
}

/** Checks the CSR invariants (a service-supplied Transactions may be hand-built). */
export function validateTransactions(tx: Transactions, field = 'transactions'): void {
  if (valid.has(tx)) return;
  checkInvariants(tx, field);
  valid.add(tx);
}

function checkInvariants(tx: Transactions, field: string): void {
  const { n, items, offsets } = tx;
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(field, 'must hold at least one transaction');
  if (!(items instanceof Int32Array) || !(offsets instanceof Int32Array)) {
    throw new InvalidArgumentError(field, 'items and offsets must be Int32Array');
  }
  if (offsets.length !== n + 1 || offsets[0] !== 0 || offsets[n] > items.length) {
    throw new InvalidArgumentError(field, 'offsets must have n+1 entries from 0 to at most items.length');
  }
  for (let t = 0; t < n; t++) {
    const a = offsets[t];
    const b = offsets[t + 1];
    if (b < a) throw new InvalidArgumentError(field, `offsets decrease at transaction ${t}`);
    for (let j = a; j < b; j++) {
      if (items[j] < 0) throw new InvalidArgumentError(field, `transaction ${t} has negative item ${items[j]}`);
      if (j > a && items[j] <= items[j - 1]) {
        throw new InvalidArgumentError(field, `transaction ${t} items must be strictly ascending`);
      }
    }
  }
}

/**
 * Sorts a[from..to) ascending and removes duplicates in place; returns the new length.
 * Baskets are short and usually already sorted, so insertion sort is the fast path.
 */
export function sortUnique(a: Int32Array, from: number, to: number): number {
  let sorted = true;
  for (let j = from + 1; j < to; j++) {
    if (a[j] <= a[j - 1]) {
      sorted = false;
      break;
    }
  }
  if (sorted) return to - from;
  if (to - from > 64) a.subarray(from, to).sort();
  else {
    for (let j = from + 1; j < to; j++) {
      const v = a[j];
      let k = j - 1;
      while (k >= from && a[k] > v) {
        a[k + 1] = a[k];
        k--;
      }
      a[k + 1] = v;
    }
  }
  let w = from + 1;
  for (let j = from + 1; j < to; j++) if (a[j] !== a[w - 1]) a[w++] = a[j];
  return to > from ? w - from : 0;
}

/**
 * Item codes small enough to index arrays by. Ids below 2^22 are used as they are (identity, ids = null);
 * larger, sparse ids are recoded to 0..U-1 in id order (ids[code] = original id) by sort + binary search.
 */
export function denseCodes(items: Int32Array): { codes: Int32Array; ids: Int32Array | null; size: number } {
  const maxId = maxItem(items);
  if (maxId < 1 << 22) return { codes: items, ids: null, size: maxId + 1 };
  const sorted = items.slice().sort();
  let u = 0;
  for (let j = 0; j < sorted.length; j++) if (j === 0 || sorted[j] !== sorted[j - 1]) sorted[u++] = sorted[j];
  const ids = sorted.slice(0, u);
  const codes = new Int32Array(items.length);
  for (let j = 0; j < items.length; j++) {
    let lo = 0;
    let hi = u - 1;
    const v = items[j];
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (ids[mid] < v) lo = mid + 1;
      else hi = mid;
    }
    codes[j] = lo;
  }
  return { codes, ids, size: u };
}

/** Largest item, -1 for none (its own function: the loop is optimized alone, see fp-growth.ts topTree). */
function maxItem(items: Int32Array): number {
  let maxId = -1;
  for (let j = 0; j < items.length; j++) {
    const v = items[j];
    if (v > maxId) maxId = v;
  }
  return maxId;
}
