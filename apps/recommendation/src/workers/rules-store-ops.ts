// Rules job operation of the recommendation worker: every rule of a stored itemsets result, stored compactly.
import { FailedPreconditionError } from '@modelbus/math-linalg';
import { associationRulesPacked, decodeStoredItemsets, encodeStoredRules, StoredRules, type RuleMeasure } from '@modelbus/math-recsys';
import type { OpContext } from '@modelbus/platform/worker';

export interface RulesStoreArgs {
  /** The itemsets result as stored (a copy: the service keeps its cached bytes). */
  encoded: Uint8Array;
  minConfidence: number;
  minLift?: number;
  limit?: number;
  measure?: RuleMeasure;
  maxConsequent?: number;
  maxRules: number;
  sortOrders?: RuleMeasure[];
}

export interface RulesStoreResult {
  encoded: Uint8Array;
  summary: { ruleCount: number; byConsequent: number[]; transactions: number; measure: RuleMeasure; sortOrders: RuleMeasure[]; bytes: number };
}

export function rulesStoreOp(a: RulesStoreArgs, ctx: OpContext): RulesStoreResult {
  const s = decodeStoredItemsets(a.encoded, 'result');
  if (s.mode !== 'all') throw new FailedPreconditionError(`result holds ${s.mode} itemsets; rules need a result mined with mode "all" (every frequent itemset)`);
  const measure = a.measure ?? 'confidence';
  const packed = associationRulesPacked(s.itemsets, {
    minConfidence: a.minConfidence, minLift: a.minLift, limit: a.limit, measure, maxConsequent: a.maxConsequent, maxRules: a.maxRules,
    onProgress: (f) => ctx.progress(0.05 + 0.75 * f, 'generating rules'),
  });
  ctx.progress(0.8, `${packed.count} rules; ordering and encoding`);
  const encoded = encodeStoredRules(s.itemsets, packed, s.names, measure, a.sortOrders);
  // consequent size = itemset length − antecedent size
  const byConsequent: number[] = [];
  const { offsets } = s.itemsets;
  for (let r = 0; r < packed.count; r++) {
    const k = offsets[packed.z[r] + 1] - offsets[packed.z[r]] - popcount(packed.mask[r]);
    while (byConsequent.length < k) byConsequent.push(0);
    byConsequent[k - 1]++;
  }
  const sortOrders = new StoredRules(encoded).orders;
  return { encoded, summary: { ruleCount: packed.count, byConsequent, transactions: s.itemsets.transactions, measure, sortOrders, bytes: encoded.length } };
}

function popcount(m: number): number {
  let c = 0;
  for (let v = m >>> 0; v; v &= v - 1) c++;
  return c;
}
