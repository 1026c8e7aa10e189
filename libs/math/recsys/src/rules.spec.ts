import { FailedPreconditionError, InvalidArgumentError } from '@modelbus/math-linalg';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bruteItemsets, bruteRules, loadFim, smallDb } from './brute-force.testutil';
import { parseFimi } from './fimi';
import { fpGrowth } from './fp-growth';
import { associationRules, type Rule } from './rules';
import { transactionsFrom } from './transactions';

// Measures are ratios of small integers; 1e-12 relative covers the one or two roundings in each formula.
const close = (a: number, b: number) => Math.abs(a - b) <= 1e-12 * Math.max(1, Math.abs(b));
const key = (r: { antecedent: number[]; consequent: number[] }) => `${r.antecedent.join(' ')}=>${r.consequent.join(' ')}`;

describe('associationRules', () => {
  // N = 6; counts: 1:5 2:4 3:4 {1,2}:3 {1,3}:3 {2,3}:3 {1,2,3}:2.
  const db = [[1, 2, 3], [1, 2], [1, 3], [2, 3], [1, 2, 3], [1]];
  const its = fpGrowth(transactionsFrom(db), { minCount: 1 });

  it('computes measures as worked by hand', () => {
    const all = associationRules(its, { minConfidence: 0 });
    expect(all.length).toBe(12); // 3 pairs × 2 directions + 6 rules from {1,2,3}
    const get = (k: string) => all.find((r) => key(r) === k)!;
    const r12 = get('1=>2'); // support 3/6, confidence 3/5, lift 0.6/(4/6)
    expect([r12.support, r12.confidence]).toEqual([0.5, 0.6]);
    expect(close(r12.lift, 0.9)).toBe(true);
    const r1_23 = get('1=>2 3'); // support 2/6, confidence 2/5, lift 0.4/(3/6)
    expect(close(r1_23.support, 1 / 3)).toBe(true);
    expect(r1_23.confidence).toBe(0.4);
    expect(close(r1_23.lift, 0.8)).toBe(true);
    const r23_1 = get('2 3=>1'); // confidence 2/3, lift (2/3)/(5/6)
    expect(close(r23_1.confidence, 2 / 3)).toBe(true);
    expect(close(r23_1.lift, 0.8)).toBe(true);
  });

  it('filters and orders: confidence, lift, support, then antecedent', () => {
    const rules = associationRules(its, { minConfidence: 0.7 });
    expect(rules.map(key)).toEqual(['2=>3', '3=>2', '2=>1', '3=>1']); // all conf 3/4; lifts 1.125, 1.125, 0.9, 0.9
    expect(associationRules(its, { minConfidence: 0.7, minLift: 1 }).map(key)).toEqual(['2=>3', '3=>2']);
    expect(associationRules(its, { minConfidence: 0.7, limit: 3 }).map(key)).toEqual(['2=>3', '3=>2', '2=>1']);
  });

  it('matches brute-force rules on random databases, in a correct order, and limit keeps the head', () => {
    fc.assert(
      fc.property(smallDb, fc.integer({ min: 1, max: 5 }), fc.integer({ min: 0, max: 20 }), fc.constantFrom(0, 1, 2, 3), fc.integer({ min: 1, max: 30 }), (db, minCount, confTwentieths, liftHalves, limit) => {
        const its2 = fpGrowth(transactionsFrom(db), { minCount });
        const rules = associationRules(its2, { minConfidence: confTwentieths / 20, minLift: liftHalves / 2 });
        // Brute force decides the thresholds exactly in integers (common denominator 20).
        const expected = bruteRules(bruteItemsets(db, minCount), db.length, confTwentieths, liftHalves * 10, 20);
        expect(rules.map(key).sort()).toEqual(expected.map(key).sort());
        const byKey = new Map(expected.map((r) => [key(r), r]));
        for (const r of rules) {
          const b = byKey.get(key(r))!;
          const n = db.length;
          expect(close(r.support, b.cZ / n)).toBe(true);
          expect(close(r.confidence, b.cZ / b.cX)).toBe(true);
          expect(close(r.lift, b.cZ / b.cX / (b.cY / n))).toBe(true);
        }
        // Order checked with exact integer cross-multiplication.
        for (let i = 1; i < rules.length; i++) expect(exactCompare(byKey.get(key(rules[i - 1]))!, byKey.get(key(rules[i]))!)).toBeLessThan(0);
        expect(associationRules(its2, { minConfidence: confTwentieths / 20, minLift: liftHalves / 2, limit }).map(key)).toEqual(rules.slice(0, limit).map(key));
      }),
      { numRuns: 300 },
    );
  });

  it('mushroom 20 %: the best rules hold when recounted from the transactions', () => {
    const tx = parseFimi(loadFim('mushroom'));
    const rules = associationRules(fpGrowth(tx, { minSupport: 0.2 }), { minConfidence: 0.9, limit: 200 });
    expect(rules.length).toBe(200);
    const count = (s: number[]) => {
      let c = 0;
      for (let t = 0; t < tx.n; t++) {
        const row = new Set(tx.items.subarray(tx.offsets[t], tx.offsets[t + 1]));
        if (s.every((x) => row.has(x))) c++;
      }
      return c;
    };
    for (const r of [rules[0], rules[57], rules[199]] as Rule[]) {
      const cZ = count([...r.antecedent, ...r.consequent]);
      const cX = count(r.antecedent);
      const cY = count(r.consequent);
      expect(close(r.support, cZ / tx.n)).toBe(true);
      expect(close(r.confidence, cZ / cX)).toBe(true);
      expect(close(r.lift, cZ / cX / (cY / tx.n))).toBe(true);
    }
  });

  it('rejects bad options and listings that are not downward closed', () => {
    expect(() => associationRules(its, { minConfidence: 1.2 })).toThrow(InvalidArgumentError);
    expect(() => associationRules(its, { minConfidence: 0.5, minLift: -1 })).toThrow(/minLift/);
    expect(() => associationRules(its, { minConfidence: 0.5, limit: 1.5 })).toThrow(/limit/);
    const partial = { ...its, count: 1, items: Int32Array.of(1, 2), offsets: Int32Array.of(0, 2), supports: Int32Array.of(3) };
    expect(() => associationRules(partial, { minConfidence: 0 })).toThrow(FailedPreconditionError);
  });
});

function exactCompare(a: { antecedent: number[]; consequent: number[]; cZ: number; cX: number; cY: number }, b: typeof a): number {
  const conf = b.cZ * a.cX - a.cZ * b.cX; // > 0 when b has higher confidence
  if (conf !== 0) return conf;
  const lift = b.cZ * a.cX * a.cY - a.cZ * b.cX * b.cY;
  if (lift !== 0) return lift;
  if (a.cZ !== b.cZ) return b.cZ - a.cZ;
  return lex(a.antecedent, b.antecedent) || lex(a.consequent, b.consequent);
}

function lex(a: number[], b: number[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i] - b[i];
  return a.length - b.length;
}

describe('associationRules size guard', () => {
  it('throws ResultTooLargeError past maxRules when no limit is given', () => {
    const its = fpGrowth(transactionsFrom([[1, 2, 3], [1, 2], [1, 3], [2, 3], [1, 2, 3], [1]]), { minCount: 1 });
    expect(() => associationRules(its, { minConfidence: 0, maxRules: 11 })).toThrow(/12 rules produced so far/);
    expect(associationRules(its, { minConfidence: 0, maxRules: 12 }).length).toBe(12);
    expect(associationRules(its, { minConfidence: 0, maxRules: 1, limit: 5 }).length).toBe(5);
  });
});
