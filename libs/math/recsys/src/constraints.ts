import { InvalidArgumentError } from '@modelbus/math-linalg';
import { ResultTooLargeError } from './errors';
import { fpGrowth, positiveIntOption, resolveMinCount, type FpGrowthOptions, type MineHooks } from './fp-growth';
import { ItemsetsBuilder, type Itemsets } from './itemsets';
import { validateTransactions, type Transactions } from './transactions';

export interface ItemConstraints {
  /** Items that may not appear in any reported itemset. */
  excludeItems?: number[];
  /** Items that every reported itemset must contain. */
  requireItems?: number[];
}

/**
 * Frequent itemsets under item constraints. Excluded items are dropped before ranking. Required items R
 * are handled by projection: mine the transactions that contain all of R (with R removed), using the
 * minCount of the full database, and add R to each result, plus R itself. Supports are the true supports
 * in the full database. The result is not downward closed, so associationRules cannot run on it.
 */
export function fpGrowthConstrained(tx: Transactions, opts: FpGrowthOptions & ItemConstraints, hooks: Pick<MineHooks, 'onEmit'> = {}): Itemsets {
  const p = prepareConstrained(tx, opts);
  if (!p.mine) return finishConstrained(p, null);
  if (p.required.length > 0) hooks.onEmit?.(p.requiredCount);
  try {
    return finishConstrained(p, fpGrowth(p.tx, { ...p.options, onProgress: opts.onProgress }, { ...hooks, excluded: p.excludedHook }));
  } catch (e) {
    throw liftTooLarge(p, e);
  }
}

/** What is left to mine after the constraints are applied (shared by the serial and parallel paths). */
export interface PreparedMining {
  /** Transactions to mine: the input, or its projection on the required items (with those removed). */
  tx: Transactions;
  /** Options for mining `tx` (minCount resolved against the full database). */
  options: { minCount: number; maxLength?: number; maxItemsets?: number };
  /** False when nothing beyond R itself can be frequent (or maxLength is reached by R). */
  mine: boolean;
  required: number[];
  /** count(R) in the full database (projected transactions), when R is non-empty. */
  requiredCount: number;
  excludedHook: (item: number) => boolean;
  transactions: number;
  minCount: number;
  maxItemsets: number;
}

export function prepareConstrained(tx: Transactions, opts: FpGrowthOptions & ItemConstraints): PreparedMining {
  validateTransactions(tx, 'transactions');
  const excluded = new Set(checkItems(opts.excludeItems, 'excludeItems'));
  const required = [...new Set(checkItems(opts.requireItems, 'requireItems'))].sort((a, b) => a - b);
  for (const r of required) if (excluded.has(r)) throw new InvalidArgumentError('requireItems', `item ${r} is also excluded`);
  const minCount = resolveMinCount(opts, tx.n);
  const maxLength = positiveIntOption(opts.maxLength, 'maxLength');
  const maxItemsets = positiveIntOption(opts.maxItemsets, 'maxItemsets');
  const finite = (v: number) => (Number.isFinite(v) ? v : undefined);
  const base = { required, excludedHook: (item: number) => excluded.has(item), transactions: tx.n, minCount, maxItemsets };
  if (required.length === 0) {
    return { ...base, tx, options: { minCount, maxLength: finite(maxLength), maxItemsets: finite(maxItemsets) }, mine: true, requiredCount: 0 };
  }
  const projected = project(tx, required);
  const options = { minCount, maxLength: finite(maxLength - required.length), maxItemsets: finite(Math.max(1, maxItemsets - 1)) };
  const frequent = projected.n >= minCount && required.length <= maxLength;
  const mine = frequent && required.length < maxLength && projected.items.length > 0;
  return { ...base, tx: projected, options, mine, requiredCount: frequent ? projected.n : -1 };
}

/** Adds R to each mined itemset (and R itself first); `rest` is null when there was nothing to mine. */
export function finishConstrained(p: PreparedMining, rest: Itemsets | null): Itemsets {
  if (p.required.length === 0) return rest ?? new ItemsetsBuilder().build(p.transactions, p.minCount);
  const { required } = p;
  const out = new ItemsetsBuilder();
  if (p.requiredCount < 0) return out.build(p.transactions, p.minCount);
  out.push(required, 0, required.length, p.requiredCount);
  if (!rest) return out.build(p.transactions, p.minCount);
  if (1 + rest.count > p.maxItemsets) throw new ResultTooLargeError(p.maxItemsets, 1 + rest.count);
  for (let s = 0; s < rest.count; s++) {
    const a = rest.offsets[s];
    const b = rest.offsets[s + 1];
    out.reserve(b - a + required.length);
    for (const r of required) out.item(r);
    for (let j = a; j < b; j++) out.item(rest.items[j]);
    out.close(rest.supports[s]);
  }
  return out.build(p.transactions, p.minCount);
}

/** A size-limit error of the projected mining, restated for the whole result (R itself counts too). */
export function liftTooLarge(p: PreparedMining, e: unknown): unknown {
  if (e instanceof ResultTooLargeError && p.required.length > 0) return new ResultTooLargeError(p.maxItemsets, e.produced + 1);
  return e;
}

function checkItems(list: number[] | undefined, field: string): number[] {
  if (list === undefined) return [];
  if (!Array.isArray(list)) throw new InvalidArgumentError(field, 'must be an array of item ids');
  for (const v of list) {
    if (!Number.isInteger(v) || v < 0) throw new InvalidArgumentError(field, `item ${v} is not a non-negative integer`);
  }
  return list;
}

/** Transactions that contain every required item, with those items removed (n may be 0). */
function project(tx: Transactions, required: number[]): Transactions {
  const items: number[] = [];
  const offsets = [0];
  for (let t = 0; t < tx.n; t++) {
    const a = tx.offsets[t];
    const b = tx.offsets[t + 1];
    let found = 0;
    for (let j = a; j < b; j++) if (required.includes(tx.items[j])) found++;
    if (found !== required.length) continue;
    for (let j = a; j < b; j++) if (!required.includes(tx.items[j])) items.push(tx.items[j]);
    offsets.push(items.length);
  }
  return { n: offsets.length - 1, items: Int32Array.from(items), offsets: Int32Array.from(offsets) };
}
