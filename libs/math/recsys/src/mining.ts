import { InvalidArgumentError } from '@modelbus/math-linalg';
import type { MiningMode } from './codec';
import { closedItemsets, maximalItemsets } from './condensed';
import { fpGrowthConstrained, type ItemConstraints } from './constraints';
import { createFimiParser } from './fimi';
import type { FpGrowthOptions } from './fp-growth';
import type { Itemsets } from './itemsets';
import { createCsvBasketsParser, createLongFormatParser } from './string-baskets';
import { topKItemsets } from './top-k';
import type { Transactions } from './transactions';

export type DatasetFormat = 'fimi' | 'csv-baskets' | 'long';

/** A parsed dataset: integer items (names = null) or string items (item code c is names[c]). */
export interface Dataset {
  tx: Transactions;
  names: string[] | null;
}

/** An incremental parser of a dataset format: push chunks as they arrive (any split), then end(). */
export interface DatasetParser {
  push(chunk: Uint8Array): void;
  end(): Dataset;
}

export function createDatasetParser(format: DatasetFormat = 'fimi', field = 'dataset', header?: boolean): DatasetParser {
  switch (format) {
    case 'fimi': {
      const p = createFimiParser(field);
      return { push: (c) => p.push(c), end: () => ({ tx: p.end(), names: null }) };
    }
    case 'csv-baskets':
      return createCsvBasketsParser(field);
    case 'long':
      return createLongFormatParser(field, { header });
    default:
      throw new InvalidArgumentError('format', `must be fimi, csv-baskets or long, got ${String(format)}`);
  }
}

/** A whole dataset in one piece. */
export function parseDataset(bytes: Uint8Array, format: DatasetFormat = 'fimi', field = 'dataset', header?: boolean): Dataset {
  const p = createDatasetParser(format, field, header);
  p.push(bytes);
  return p.end();
}

/**
 * Item codes of a constraint list: integers as they are for integer datasets; names looked up in the
 * dictionary for string datasets (a name that never occurs is an error: it is most likely a typo).
 */
export function resolveItems(list: ReadonlyArray<string | number> | undefined, names: string[] | null, field: string): number[] | undefined {
  if (list === undefined) return undefined;
  if (!Array.isArray(list)) throw new InvalidArgumentError(field, 'must be an array of items');
  if (!names) {
    return list.map((v) => {
      if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) throw new InvalidArgumentError(field, `item ${JSON.stringify(v)} is not a non-negative integer (the dataset has integer items)`);
      return v;
    });
  }
  const codes = new Map(names.map((n, i) => [n, i]));
  return list.map((v) => {
    const c = codes.get(String(v));
    if (c === undefined) throw new InvalidArgumentError(field, `item ${JSON.stringify(v)} does not occur in the dataset`);
    return c;
  });
}

/**
 * Both constraint lists of a request as item codes. An item in both is refused here, in the request's terms
 * (mustContain / mustNotContain, the item as written), before it reaches the miner's requireItems/excludeItems.
 */
export function resolveConstraints(
  mustContain: ReadonlyArray<string | number> | undefined,
  mustNotContain: ReadonlyArray<string | number> | undefined,
  names: string[] | null,
): ItemConstraints {
  const requireItems = resolveItems(mustContain, names, 'mustContain');
  const excludeItems = resolveItems(mustNotContain, names, 'mustNotContain');
  const required = new Set(requireItems);
  excludeItems?.forEach((c, i) => {
    if (required.has(c)) throw new InvalidArgumentError('mustNotContain', `item ${JSON.stringify(mustNotContain?.[i])} is also in mustContain`);
  });
  return { requireItems, excludeItems };
}

export interface MineOptions extends FpGrowthOptions, ItemConstraints {
  /** all frequent itemsets (default), closed, maximal, or the k of highest support. */
  mode?: MiningMode;
  /** For mode top-k. */
  k?: number;
}

/** Single-threaded mining in any mode, with constraints. */
export function mineItemsets(tx: Transactions, opts: MineOptions): Itemsets {
  const { mode = 'all', k, ...rest } = opts;
  checkMode(mode, k);
  if (mode === 'top-k') {
    const { minSupport, minCount, ...topOpts } = rest;
    if (minSupport !== undefined || minCount !== undefined) {
      throw new InvalidArgumentError(minSupport !== undefined ? 'minSupport' : 'minCount', 'is not used with mode top-k (the threshold follows from k)');
    }
    return topKItemsets(tx, k!, topOpts);
  }
  return condenseForMode(fpGrowthConstrained(tx, rest), mode);
}

export function checkMode(mode: MiningMode, k: number | undefined): void {
  if (!['all', 'closed', 'maximal', 'top-k'].includes(mode)) throw new InvalidArgumentError('mode', `must be all, closed, maximal or top-k, got ${String(mode)}`);
  if (mode === 'top-k' && (k === undefined || !Number.isInteger(k) || k < 1)) throw new InvalidArgumentError('k', `must be an integer ≥ 1 for mode top-k, got ${k}`);
  if (mode !== 'top-k' && k !== undefined) throw new InvalidArgumentError('k', 'is only used with mode top-k');
}

/**
 * Closed / maximal filters of a complete listing. With mustContain the listing holds only itemsets that
 * contain R, but every superset of such an itemset contains R too, so the filters stay exact.
 */
export function condenseForMode(it: Itemsets, mode: MiningMode): Itemsets {
  if (mode === 'closed') return closedItemsets(it);
  if (mode === 'maximal') return maximalItemsets(it);
  return it;
}
