import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bruteItemsets, bruteRules, smallDb } from './brute-force.testutil';
import { fpGrowth } from './fp-growth';
import { associationRules, type RuleMeasure } from './rules';
import { transactionsFrom } from './transactions';

// Measures are ratios of small integers; 1e-12 relative covers the one or two roundings in each formula.
const close = (a: number, b: number) => a === b || Math.abs(a - b) <= 1e-12 * Math.max(1, Math.abs(b));
const key = (r: { antecedent: number[]; consequent: number[] }) => `${r.antecedent.join(' ')}=>${r.consequent.join(' ')}`;
const MEASURES: RuleMeasure[] = ['confidence', 'lift', 'support', 'leverage', 'conviction'];

describe('associationRules: leverage, conviction, measure order, maxConsequent', () => {
  it('worked example: N = 6, 1:5 2:4 {1,2}:3', () => {
    const its = fpGrowth(transactionsFrom([[1, 2, 3], [1, 2], [1, 3], [2, 3], [1, 2, 3], [1]]), { minCount: 1 });
    const r = associationRules(its, { minConfidence: 0 }).find((x) => key(x) === '1=>2')!;
    expect(close(r.leverage, 3 / 6 - (5 / 6) * (4 / 6))).toBe(true); // −1/18
    expect(close(r.conviction, (1 - 4 / 6) / (1 - 3 / 5))).toBe(true); // 5/6
    const sure = associationRules(fpGrowth(transactionsFrom([[1, 2], [1, 2], [2]]), { minCount: 1 }), { minConfidence: 1 });
    expect(sure.map((x) => [key(x), x.conviction])).toEqual([['1=>2', Infinity]]);
  });

  it('agree with brute force; top-k by a measure is the head of the full list in that order', () => {
    fc.assert(
      fc.property(smallDb, fc.integer({ min: 1, max: 4 }), fc.constantFrom(...MEASURES), fc.integer({ min: 1, max: 15 }), fc.integer({ min: 1, max: 3 }), (db, minCount, measure, limit, maxConsequent) => {
        const n = db.length;
        const its = fpGrowth(transactionsFrom(db), { minCount });
        const all = associationRules(its, { minConfidence: 0 });
        const brute = new Map(bruteRules(bruteItemsets(db, minCount), n, 0, 0, 1).map((b) => [key(b), b]));
        expect(all.length).toBe(brute.size);
        for (const r of all) {
          const b = brute.get(key(r))!;
          expect(close(r.leverage, b.cZ / n - (b.cX / n) * (b.cY / n))).toBe(true);
          expect(close(r.conviction, b.cX === b.cZ ? Infinity : (1 - b.cY / n) / (1 - b.cZ / b.cX))).toBe(true);
        }
        // a stable sort of the default order by the measure gives the expected order
        const value = (r: (typeof all)[number]) => (measure === 'support' ? r.support : r[measure]);
        const ranked = all.map((r, i) => ({ r, i })).sort((a, b) => (close(value(a.r), value(b.r)) ? a.i - b.i : value(b.r) - value(a.r)));
        const top = associationRules(its, { minConfidence: 0, measure, limit });
        expect(top.map((r) => value(r))).toEqual(ranked.slice(0, limit).map((x) => value(x.r)));
        const unlimited = associationRules(its, { minConfidence: 0, measure });
        expect(unlimited.slice(0, limit).map(key)).toEqual(top.map(key));
        // maxConsequent keeps exactly the rules with small consequents, in the same order
        expect(associationRules(its, { minConfidence: 0, maxConsequent }).map(key)).toEqual(all.filter((r) => r.consequent.length <= maxConsequent).map(key));
      }),
      { numRuns: 80 },
    );
  });

  it('rejects unknown measures and bad maxConsequent', () => {
    const its = fpGrowth(transactionsFrom([[1, 2]]), { minCount: 1 });
    expect(() => associationRules(its, { minConfidence: 0, measure: 'gini' as never })).toThrow(/measure must be one of/);
    expect(() => associationRules(its, { minConfidence: 0, maxConsequent: 0 })).toThrow(/maxConsequent/);
  });
});
