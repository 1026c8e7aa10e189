import { InvalidArgumentError } from '@modelbus/math-linalg';
import { ResultTooLargeError } from './errors';
import { fpGrowth, positiveIntOption, resolveMinCount, type FpGrowthOptions } from './fp-growth';
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
export function fpGrowthConstrained(tx: Transactions, opts: FpGrowthOptions & ItemConstraints): Itemsets {
  validateTransactions(tx, 'transactions');
  const excluded = new Set(checkItems(opts.excludeItems, 'excludeItems'));
  const required = [...new Set(checkItems(opts.requireItems, 'requireItems'))].sort((a, b) => a - b);
  for (const r of required) if (excluded.has(r)) throw new InvalidArgumentError('requireItems', `item ${r} is also excluded`);
  const { excludeItems: _e, requireItems: _r, ...mineOpts } = opts;
  const hooks = { excluded: (item: number) => excluded.has(item) };
  if (required.length === 0) return fpGrowth(tx, mineOpts, hooks);

  const minCount = resolveMinCount(opts, tx.n);
  const maxLength = positiveIntOption(opts.maxLength, 'maxLength');
  const maxItemsets = positiveIntOption(opts.maxItemsets, 'maxItemsets');
  const finite = (v: number) => (Number.isFinite(v) ? v : undefined);
  const projected = project(tx, required);
  const out = new ItemsetsBuilder();
  if (projected.n < minCount || required.length > maxLength) return out.build(tx.n, minCount);
  out.push(required, 0, required.length, projected.n);
  if (required.length === maxLength || projected.items.length === 0) return out.build(tx.n, minCount);

  let rest: Itemsets;
  try {
    rest = fpGrowth(
      projected,
      { minCount, maxLength: finite(maxLength - required.length), maxItemsets: finite(Math.max(1, maxItemsets - 1)), onProgress: opts.onProgress },
      hooks,
    );
  } catch (e) {
    if (e instanceof ResultTooLargeError) throw new ResultTooLargeError(maxItemsets, e.produced + 1);
    throw e;
  }
  if (1 + rest.count > maxItemsets) throw new ResultTooLargeError(maxItemsets, 1 + rest.count);
  for (let s = 0; s < rest.count; s++) {
    const a = rest.offsets[s];
    const b = rest.offsets[s + 1];
    out.reserve(b - a + required.length);
    for (const r of required) out.item(r);
    for (let j = a; j < b; j++) out.item(rest.items[j]);
    out.close(rest.supports[s]);
  }
  return out.build(tx.n, minCount);
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
