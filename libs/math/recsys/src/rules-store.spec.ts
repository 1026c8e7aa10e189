import { FailedPreconditionError } from '@modelbus/math-linalg';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadFim, smallDb } from './brute-force.testutil';
import { parseFimi } from './fimi';
import { fpGrowth } from './fp-growth';
import { associationRules, associationRulesPacked, type Rule, type RuleMeasure, type RuleOptions } from './rules';
import { encodeStoredRules, MEASURE_ORDER, ruleMeasures, StoredRules } from './rules-store';
import { transactionsFrom } from './transactions';

const key = (r: { antecedent: Array<number | string>; consequent: Array<number | string> }) => `${r.antecedent.join(' ')}=>${r.consequent.join(' ')}`;

/** Every rule of a stored result in the order of `sortBy`, read in pages of `pageSize`, as associationRules reports rules. */
function readAll(bytes: Uint8Array, pageSize: number, sortBy?: RuleMeasure): Rule[] {
  const s = new StoredRules(bytes);
  const out: Rule[] = [];
  for (let offset = 0; offset < s.count; offset += pageSize) {
    for (const r of s.page(offset, pageSize, sortBy)) {
      const rule = s.rule(r);
      out.push({ antecedent: rule.antecedent, consequent: rule.consequent, ...ruleMeasures(rule, s.transactions) });
    }
  }
  expect(s.page(s.count, pageSize, sortBy)).toEqual([]);
  return out;
}

describe('stored rules (rules-store)', () => {
  it('worked example: rules, measures and names come back as associationRules gives them', () => {
    // N = 6; counts 1:5 2:4 3:4 {1,2}:3 {1,3}:3 {2,3}:3 {1,2,3}:2 — 12 rules at confidence 0
    const its = fpGrowth(transactionsFrom([[1, 2, 3], [1, 2], [1, 3], [2, 3], [1, 2, 3], [1]]), { minCount: 1 });
    const names = ['zero', 'milk', 'bread', 'é'];
    const bytes = encodeStoredRules(its, associationRulesPacked(its, { minConfidence: 0 }), names, 'lift');
    const s = new StoredRules(bytes);
    expect([s.count, s.transactions, s.measure, s.hasNames]).toEqual([12, 6, 'lift', true]);
    expect(readAll(bytes, 5, 'confidence')).toEqual(associationRules(its, { minConfidence: 0 }));
    expect(readAll(bytes, 5)).toEqual(associationRules(its, { minConfidence: 0, measure: 'lift' }));
    const first = s.rule(s.page(0, 1, 'confidence')[0]);
    expect([first.antecedent.map((v) => s.name(v)), first.consequent.map((v) => s.name(v))]).toEqual([['bread'], ['é']]); // 2 ⇒ 3, confidence 3/4
    // a rule with confidence 1 has infinite conviction, as in associationRules
    const sure = fpGrowth(transactionsFrom([[1, 2], [1, 2], [2]]), { minCount: 1 });
    expect(readAll(encodeStoredRules(sure, associationRulesPacked(sure, { minConfidence: 1 }), null), 1)[0].conviction).toBe(Infinity);
  });

  it('random databases: every stored order equals associationRules with that measure, pages cover every rule exactly once', () => {
    fc.assert(
      fc.property(
        smallDb,
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 0, max: 10 }),
        fc.constantFrom(...MEASURE_ORDER),
        fc.option(fc.integer({ min: 1, max: 20 }), { nil: undefined }),
        fc.option(fc.integer({ min: 1, max: 3 }), { nil: undefined }),
        fc.integer({ min: 1, max: 13 }),
        fc.option(fc.subarray([...MEASURE_ORDER]), { nil: undefined }),
        (db, minCount, confTenths, measure, limit, maxConsequent, pageSize, orders) => {
          const its = fpGrowth(transactionsFrom(db), { minCount });
          const opts: RuleOptions = { minConfidence: confTenths / 10, measure, limit, maxConsequent };
          const bytes = encodeStoredRules(its, associationRulesPacked(its, opts), null, measure, orders);
          // stored: the confidence order, the job's measure's, and those asked for (all by default)
          const stored = MEASURE_ORDER.filter((m) => m === 'confidence' || m === measure || !orders || orders.includes(m));
          expect(new StoredRules(bytes).orders).toEqual(stored);
          const selected = associationRules(its, opts);
          const keys = new Set(selected.map(key));
          // the job's order is the selection itself, rule for rule
          expect(readAll(bytes, pageSize)).toEqual(selected);
          for (const sortBy of MEASURE_ORDER) {
            if (!stored.includes(sortBy)) {
              expect(() => readAll(bytes, pageSize, sortBy)).toThrow(FailedPreconditionError);
              continue;
            }
            const got = readAll(bytes, pageSize, sortBy);
            // the same rules, each once, in associationRules' order for sortBy
            expect(got.length).toBe(keys.size);
            expect(new Set(got.map(key)).size).toBe(keys.size);
            const expected = associationRules(its, { ...opts, limit: undefined, measure: sortBy }).filter((r) => keys.has(key(r)));
            expect(got).toEqual(expected);
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  it('mushroom 20 %, confidence 1, single consequents: 285,243 rules stored, read back equal, 16–32 bytes a rule', () => {
    const its = fpGrowth(parseFimi(loadFim('mushroom')), { minSupport: 0.2 });
    const opts: RuleOptions = { minConfidence: 1, maxConsequent: 1 };
    const packed = associationRulesPacked(its, opts);
    const bytes = encodeStoredRules(its, packed, null);
    expect(packed.count).toBe(285_243); // counted independently: X ⊂ Z with count(X) = count(Z) and |Z \ X| = 1
    // 32 bytes a rule with every order, 16 with the stored one only (plus the itemsets the rules come from)
    expect(bytes.length).toBeLessThan(32 * packed.count + 4 * 3 * its.offsets[its.count] + 64);
    expect(encodeStoredRules(its, packed, null, 'confidence', []).length).toBeLessThan(16 * packed.count + 4 * 3 * its.offsets[its.count] + 64);
    const expected = associationRules(its, { ...opts, maxRules: 300_000 });
    const got = readAll(bytes, 10_000);
    expect(got.length).toBe(expected.length);
    for (const i of [0, 1, 1000, 142_621, expected.length - 1]) expect(got[i]).toEqual(expected[i]);
    expect(got.map(key)).toEqual(expected.map(key));
  });

  it('a corrupt or foreign blob is INVALID_ARGUMENT naming the field', () => {
    const its = fpGrowth(transactionsFrom([[1, 2], [1, 2], [2]]), { minCount: 1 });
    const bytes = encodeStoredRules(its, associationRulesPacked(its, { minConfidence: 0 }), null);
    expect(() => new StoredRules(bytes.subarray(0, bytes.length - 4))).toThrow(/result sections do not add up/);
    expect(() => new StoredRules(new Uint8Array(40))).toThrow(/not a stored rules result/);
    const bad = bytes.slice();
    new DataView(bad.buffer).setInt32(bad.length - 4 * 4 * 2 - 4 * 2 * 4, 99, true); // the itemset of rule 0
    expect(() => new StoredRules(bad).rule(0)).toThrow(/rule 0 names itemset 99/);
  });
});
