import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from './errors';
import { slogdet, det } from './lu';
import { lstsq } from './lstsq';
import { leastSquares } from './qr';
import { svd } from './svd';
import { Matrix, zeros } from './matrix';
import { EPS, expectBelow, frobenius, mul, randomLowRank, randomMatrix, seeded, transpose, identity } from './testing/helpers';

const maxAbsDiff = (x: Matrix, y: Matrix) => x.data.reduce((m, v, i) => Math.max(m, Math.abs(v - y.data[i])), 0);

describe('lstsq', () => {
  it('full-rank tall: agrees with the independent Householder QR path and satisfies the normal equations', () => {
    const a = randomMatrix(60, 8, seeded(1));
    const b = randomMatrix(60, 2, seeded(2));
    const { x, rank, residuals } = lstsq(a, b);
    expect(rank).toBe(8);
    // both backward stable on a well-conditioned (κ ≈ 3) problem: 1e3·eps absolute on O(1) solutions
    expectBelow('x vs QR', maxAbsDiff(x, leastSquares(a, b)), 1e3 * EPS);
    const r = mul(a, x);
    const res = zeros(60, 2);
    for (let i = 0; i < 120; i++) res.data[i] = b.data[i] - r.data[i];
    expectBelow('‖Aᵀr‖', frobenius(mul(transpose(a), res)), 1e3 * EPS);
    for (let j = 0; j < 2; j++) {
      let ss = 0;
      for (let i = 0; i < 60; i++) ss += res.data[i * 2 + j] ** 2;
      expect(residuals[j]).toBeCloseTo(ss, 12);
    }
  });

  it('rank-deficient: reports the rank and returns the minimum-norm solution (x ⟂ null space)', () => {
    const a = randomLowRank(30, 10, 4, seeded(3));
    const b = randomMatrix(30, 1, seeded(4));
    const { x, rank } = lstsq(a, b);
    expect(rank).toBe(4);
    // min-norm ⇔ x ⟂ null(a): the right singular vectors 4..9 (σ ≈ 0) must be orthogonal to x
    const { vt } = svd(a);
    for (let r = 4; r < 10; r++) {
      let d = 0;
      for (let j = 0; j < 10; j++) d += vt.data[r * 10 + j] * x.data[j];
      expectBelow(`v_${r}·x`, Math.abs(d), 1e-12);
    }
  });

  it('ridge equals the solution of (AᵀA + λI)x = Aᵀb', () => {
    const a = randomMatrix(25, 6, seeded(5));
    const b = randomMatrix(25, 1, seeded(6));
    const lambda = 0.7;
    const { x } = lstsq(a, b, { ridge: lambda });
    const g = mul(transpose(a), a);
    for (let i = 0; i < 6; i++) g.data[i * 6 + i] += lambda;
    const lhs = mul(g, x);
    const rhs = mul(transpose(a), b);
    expectBelow('normal equations', maxAbsDiff(lhs, rhs), 1e3 * EPS * frobenius(g));
  });

  it('underdetermined wide system: exact fit with zero residual', () => {
    const a = randomMatrix(3, 7, seeded(7));
    const b = randomMatrix(3, 1, seeded(8));
    const { x, residuals, rank } = lstsq(a, b);
    expect(rank).toBe(3);
    expectBelow('residual', residuals[0], 1e-25);
    expect(x.rows).toBe(7);
  });

  it('rejects a negative ridge naming the field', () => {
    const a = identity(2);
    expect(() => lstsq(a, a, { ridge: -1 })).toThrow(InvalidArgumentError);
    expect(() => lstsq(a, a, { ridge: -1 })).toThrow(/ridge/);
  });
});

describe('slogdet', () => {
  it('matches det where det is representable and stays finite where det overflows', () => {
    const a = randomMatrix(7, 7, seeded(9));
    const { sign, logAbsDet } = slogdet(a);
    const d = det(a);
    expect(sign).toBe(Math.sign(d));
    // log of a product of 7 pivots: a few ulps per pivot
    expectBelow('log|det|', Math.abs(logAbsDet - Math.log(Math.abs(d))), 1e-13);
    const big = identity(400);
    for (let i = 0; i < 400; i++) big.data[i * 400 + i] = i % 2 ? 10 : -10; // det = 10^400 overflows
    const r = slogdet(big);
    expect(r.sign).toBe(1);
    expect(r.logAbsDet).toBeCloseTo(400 * Math.log(10), 9);
  });

  it('singular: sign 0 and log|det| = −∞', () => {
    expect(slogdet({ rows: 2, cols: 2, data: Float64Array.from([1, 2, 2, 4]) })).toEqual({ sign: 0, logAbsDet: -Infinity });
  });
});
