// Retrieval operations: rules, pages of itemsets and of the canonical listing, from a stored result.
import { FailedPreconditionError } from '@modelbus/math-linalg';
import { associationRules, canonicalOrder, decodeStoredItemsets, listingLines, type RuleMeasure, type StoredItemsets } from '@modelbus/math-recsys';

interface Page {
  offset?: number;
  limit: number;
}

/**
 * Positions of the stored itemsets in canonical order: null when they are stored in that order, the stored
 * permutation when there is one, else computed (results stored before either).
 */
function listingOrder(s: StoredItemsets): Int32Array | null {
  return s.canonical ? null : (s.order ?? canonicalOrder(s.itemsets, s.names));
}

const nameOf = (names: string[] | null) => (v: number) => (names ? names[v] : v);

export function rulesOp(a: { encoded: Uint8Array; minConfidence: number; minLift?: number; limit: number; measure?: RuleMeasure; maxConsequent?: number }) {
  const s = decodeStoredItemsets(a.encoded, 'result');
  if (s.mode !== 'all') throw new FailedPreconditionError(`result holds ${s.mode} itemsets; rules need a result mined with mode "all" (every frequent itemset)`);
  const rules = associationRules(s.itemsets, { minConfidence: a.minConfidence, minLift: a.minLift, limit: a.limit, measure: a.measure, maxConsequent: a.maxConsequent });
  const name = nameOf(s.names);
  return {
    rules: rules.map((r) => ({
      antecedent: r.antecedent.map(name),
      consequent: r.consequent.map(name),
      support: r.support,
      confidence: r.confidence,
      lift: r.lift,
      leverage: r.leverage,
      conviction: Number.isFinite(r.conviction) ? r.conviction : null,
    })),
  };
}

export function itemsetsPageOp(a: Page & { encoded: Uint8Array; minLength?: number; sortBy?: 'support' | 'items' }) {
  const s = decodeStoredItemsets(a.encoded, 'result');
  const { itemsets: it } = s;
  const order = listingOrder(s);
  // candidates in listing order, filtered by length
  const minLength = a.minLength ?? 1;
  const picked = new Int32Array(it.count);
  let total = 0;
  for (let i = 0; i < it.count; i++) {
    const z = order ? order[i] : i;
    if (it.offsets[z + 1] - it.offsets[z] >= minLength) picked[total++] = z;
  }
  let ranked: Int32Array = picked.subarray(0, total);
  if ((a.sortBy ?? 'support') === 'support') ranked = bySupportDesc(ranked, it.supports, it.transactions);
  const offset = a.offset ?? 0;
  const end = Math.min(total, offset + a.limit);
  const name = nameOf(s.names);
  const itemsets = [];
  for (let i = offset; i < end; i++) {
    const z = ranked[i];
    itemsets.push({ items: Array.from(it.items.subarray(it.offsets[z], it.offsets[z + 1]), name), count: it.supports[z], support: it.supports[z] / it.transactions });
  }
  return { itemsets, total, ...(end < total ? { nextOffset: end } : {}) };
}

/** Stable counting sort by support, descending (supports are counts ≤ N). */
function bySupportDesc(idx: Int32Array, supports: Int32Array, n: number): Int32Array {
  const start = new Int32Array(n + 2);
  for (let i = 0; i < idx.length; i++) start[n - supports[idx[i]] + 1]++;
  for (let c = 1; c < start.length; c++) start[c] += start[c - 1];
  const out = new Int32Array(idx.length);
  for (let i = 0; i < idx.length; i++) out[start[n - supports[idx[i]]]++] = idx[i];
  return out;
}

export function listingPageOp(a: Page & { encoded: Uint8Array }) {
  const s = decodeStoredItemsets(a.encoded, 'result');
  const total = s.itemsets.count;
  const offset = a.offset ?? 0;
  const end = Math.min(total, offset + a.limit);
  const lines = offset < end ? listingLines(s.itemsets, s.names, listingOrder(s), offset, end) : [];
  return { lines, total, ...(end < total ? { nextOffset: end } : {}) };
}
