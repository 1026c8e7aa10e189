// Pages of a stored rules result (rules-store.ts), read in place: a page costs what it shows.
import type { MinedRuleJson, RulesPageReply } from '@modelbus/contracts';
import { ruleMeasures, StoredRules, type RuleMeasure } from '@modelbus/math-recsys';

export interface RulesPage {
  offset?: number;
  limit: number;
  sortBy?: RuleMeasure;
  /** The page ends before the rule that would take its JSON past this many bytes (one rule at least). */
  maxBytes: number;
}

export function rulesPageInPlace(bytes: Uint8Array, a: RulesPage): RulesPageReply {
  const stored = new StoredRules(bytes, 'result');
  const offset = a.offset ?? 0;
  const name = (v: number) => (stored.hasNames ? stored.name(v) : v);
  const rules: MinedRuleJson[] = [];
  let size = 0;
  for (const r of stored.page(offset, a.limit, a.sortBy)) {
    const rule = stored.rule(r);
    const m = ruleMeasures(rule, stored.transactions);
    const json: MinedRuleJson = {
      antecedent: rule.antecedent.map(name),
      consequent: rule.consequent.map(name),
      support: m.support,
      confidence: m.confidence,
      lift: m.lift,
      leverage: m.leverage,
      conviction: Number.isFinite(m.conviction) ? m.conviction : null,
    };
    size += Buffer.byteLength(JSON.stringify(json)) + 1;
    if (size > a.maxBytes && rules.length > 0) break;
    rules.push(json);
  }
  const end = offset + rules.length;
  return { rules, total: stored.count, ...(end < stored.count ? { nextOffset: end } : {}) };
}
