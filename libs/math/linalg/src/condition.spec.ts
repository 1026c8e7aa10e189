import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cond1Estimate, norm1 } from './condition';
import { inverse, lu } from './lu';
import { Matrix } from './matrix';
import { hilbert, randomMatrix, seeded } from './testing/helpers';

const ref = JSON.parse(readFileSync(join(__dirname, '__fixtures__/factorisations-reference.json'), 'utf8'));
type J = { rows: number; cols: number; data: number[] };
const M = (j: J): Matrix => ({ rows: j.rows, cols: j.cols, data: Float64Array.from(j.data) });
const exactCond1 = (a: Matrix) => norm1(a) * norm1(inverse(a));

describe('cond1Estimate (Hager–Higham)', () => {
  it('is a lower bound, never 4× below the exact ‖A‖₁‖A⁻¹‖₁ on 200 random matrices, and exact on most', () => {
    // Higham: "rarely more than a factor 3 too small"; over 1000 random matrices the worst ratio seen was 0.33
    const rand = seeded(11);
    let exactHits = 0;
    for (let t = 0; t < 200; t++) {
      const n = 1 + (t % 12);
      const a = randomMatrix(n, n, rand);
      if (t % 3 === 0) for (let j = 0; j < n; j++) a.data[j] *= 1e-3 * (t + 1); // make some row small: larger κ
      const exact = exactCond1(a);
      const est = cond1Estimate(a);
      // a lower bound up to the rounding of the two computations (both O(κ·eps) relative)
      expect(est).toBeLessThanOrEqual(exact * (1 + 1e-8));
      expect(est).toBeGreaterThanOrEqual(exact / 4);
      if (Math.abs(est - exact) <= 1e-8 * exact) exactHits++;
    }
    // Higham reports the estimate exact in the large majority of cases; here ≥ 80 %
    expect(exactHits).toBeGreaterThan(160);
  });

  it.each(['general', 'hilbert8', 'nonsym12', 'kahan10'])('agrees with numpy cond(a, 1) on %s', (name) => {
    const c = ref.cond1[name];
    const a = M(c.a);
    expect(Math.abs(norm1(a) - c.norm1)).toBeLessThanOrEqual(1e-15 * c.norm1 * a.rows);
    const est = cond1Estimate(a);
    // numpy inverts explicitly: its value carries a relative error ~κ·eps (1e-6 for Hilbert 8); the estimate
    // is then within that of it, or below by at most the estimator's factor 3
    const slack = 1 + 100 * c.cond1 * Number.EPSILON;
    expect(est).toBeLessThanOrEqual(c.cond1 * slack);
    expect(est).toBeGreaterThanOrEqual(c.cond1 / 3);
    // the same estimator as LAPACK's dgecon: equal here (both exact on these matrices)
    expect(Math.abs(est - c.lapackEstimate)).toBeLessThanOrEqual((slack - 1 + 1e-12) * c.lapackEstimate);
  });

  it('numerically singular and exactly singular inputs; reuses a given LU; sizes 0 and 1', () => {
    expect(cond1Estimate(M(ref.cond1.graded.a))).toBeGreaterThan(1e15); // numpy: 3e27 (beyond 1/eps)
    expect(cond1Estimate({ rows: 2, cols: 2, data: Float64Array.of(1, 2, 2, 4) })).toBe(Infinity);
    const h = hilbert(6);
    expect(cond1Estimate(h, lu(h))).toBe(cond1Estimate(h));
    expect(cond1Estimate({ rows: 0, cols: 0, data: new Float64Array(0) })).toBe(0);
    expect(cond1Estimate({ rows: 1, cols: 1, data: Float64Array.of(-4) })).toBe(1);
    expect(() => cond1Estimate({ rows: 2, cols: 3, data: new Float64Array(6) })).toThrow(/square/);
  });
});
