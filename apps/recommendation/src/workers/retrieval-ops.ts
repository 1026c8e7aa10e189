// Retrieval operations: rules, pages of itemsets and of the canonical listing, from a stored result.
// Results stored with a paging section are paged in place (a page costs what it shows); older ones are decoded.
import { FailedPreconditionError } from '@modelbus/math-linalg';
import {
  associationRules, canonicalOrder, decodeStoredItemsets, listingLines, openStoredPages, supportOrder, type RuleMeasure, type StoredItemsets, type StoredPages,
} from '@modelbus/math-recsys';

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
  const pages = openStoredPages(a.encoded, 'result');
  if (pages) return itemsetsPageInPlace(pages, a);
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
  if ((a.sortBy ?? 'support') === 'support') ranked = supportOrder(ranked, it.supports);
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

/** A page read in place from a result stored with its paging section: cost proportional to the page. */
export function itemsetsPageInPlace(pages: StoredPages, a: Page & { minLength?: number; sortBy?: 'support' | 'items' }) {
  const offset = a.offset ?? 0;
  const { itemsets: picked, total } = pages.page(a.sortBy ?? 'support', a.minLength ?? 1, offset, a.limit);
  const name = (v: number) => (pages.hasNames ? pages.name(v) : v);
  const itemsets = picked.map((z) => {
    const count = pages.support(z);
    return { items: pages.items(z).map(name), count, support: count / pages.transactions };
  });
  const end = offset + picked.length;
  return { itemsets, total, ...(end < total ? { nextOffset: end } : {}) };
}

export function listingPageOp(a: Page & { encoded: Uint8Array }) {
  const pages = openStoredPages(a.encoded, 'result');
  if (pages) return listingPageInPlace(pages, a);
  const s = decodeStoredItemsets(a.encoded, 'result');
  const total = s.itemsets.count;
  const offset = a.offset ?? 0;
  const end = Math.min(total, offset + a.limit);
  const lines = offset < end ? listingLines(s.itemsets, s.names, listingOrder(s), offset, end) : [];
  return { lines, total, ...(end < total ? { nextOffset: end } : {}) };
}

export function listingPageInPlace(pages: StoredPages, a: Page) {
  const total = pages.count;
  const offset = a.offset ?? 0;
  const end = Math.min(total, offset + a.limit);
  const lines: string[] = [];
  for (let i = offset; i < end; i++) {
    const s = pages.listingAt(i);
    let line = '';
    for (const v of pages.items(s)) line += `${pages.hasNames ? pages.name(v) : v} `;
    lines.push(`${line}(${pages.support(s)})\n`);
  }
  return { lines, total, ...(end < total ? { nextOffset: end } : {}) };
}
