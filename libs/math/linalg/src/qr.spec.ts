import { describe, expect, it } from 'vitest';
import { FailedPreconditionError, InvalidArgumentError } from './errors';
import { Matrix, zeros } from './matrix';
import { leastSquares, qr } from './qr';
import {
  EPS, diffNorm, expectBelow, frobenius, hilbert, mul, orthogonalityError, randomLowRank, randomMatrix, seeded, transpose,
} from './testing/helpers';

/**
 * Householder QR is normwise backward stable independent of conditioning: ‖A − QR‖ ≤ c·m·n·eps‖A‖ in
 * the worst-case analysis, ~n·eps in practice, and ‖QᵀQ − I‖ ≲ c·n·eps (Higham Thm 19.4). We use
 * c·max(m,n)·eps with c = 8 for both.
 */
function checkQr(a: Matrix): void {
  const { q, r } = qr(a);
  const k = Math.min(a.rows, a.cols);
  const size = Math.max(a.rows, a.cols, 1);
  expect([q.rows, q.cols, r.rows, r.cols]).toEqual([a.rows, k, k, a.cols]);
  for (let i = 0; i < k; i++) for (let j = 0; j < Math.min(i, a.cols); j++) expect(r.data[i * a.cols + j]).toBe(0);
  expectBelow('‖A − QR‖/‖A‖', diffNorm(mul(q, r), a) / Math.max(frobenius(a), Number.MIN_VALUE), 8 * size * EPS);
  expectBelow('‖QᵀQ − I‖', orthogonalityError(q), 8 * size * EPS);
}

describe('qr', () => {
  it.each([[1, 1], [1, 5], [5, 1], [7, 13], [13, 7], [60, 60], [200, 30], [30, 200]])('random %ix%i', (m, n) => {
    checkQr(randomMatrix(m, n, seeded(m * 7 + n)));
  });

  // blocked compact-WY path (n > 32, m·n ≥ 128²), including a ragged last panel and a rank-deficient block
  it.each([[300, 100], [150, 150], [100, 300], [257, 70]])('blocked random %ix%i', (m, n) => {
    checkQr(randomMatrix(m, n, seeded(m * 5 + n)));
  });

  it('blocked path on rank-deficient input (zero columns inside a panel) keeps the identities', () => {
    const a = randomLowRank(200, 90, 20, seeded(31));
    for (let i = 0; i < 200; i++) for (const j of [33, 34, 70]) a.data[i * 90 + j] = 0;
    checkQr(a);
  });

  it('Hilbert (κ ≈ 1e13) and rank-deficient matrices keep backward error and orthogonality', () => {
    checkQr(hilbert(10));
    const low = randomLowRank(40, 25, 6, seeded(3));
    checkQr(low);
    const { r } = qr(low); // trailing diagonal of R collapses to rounding level
    for (let j = 6; j < 25; j++) expectBelow(`|r_${j}${j}|`, Math.abs(r.data[j * 25 + j]), 100 * 40 * EPS * frobenius(low));
    checkQr(zeros(4, 3)); // zero matrix: all reflectors skipped, Q = I[:, :3]
  });

  it('is scale-invariant from 1e-300 to 1e300 (reflectors normalised with v0 = 1)', () => {
    const a = randomMatrix(9, 6, seeded(22));
    const ref = qr(a).r;
    for (const scale of [1e-300, 1e-200, 1e200, 1e300]) {
      const { q, r } = qr({ rows: 9, cols: 6, data: a.data.map((x) => x * scale) });
      expectBelow('‖QᵀQ − I‖', orthogonalityError(q), 8 * 9 * EPS);
      expectBelow(`R at ${scale}`, diffNorm({ rows: 6, cols: 6, data: r.data.map((x) => x / scale) }, ref) / frobenius(ref), 8 * 9 * EPS);
    }
  });

  it('handles 0-sized matrices', () => {
    expect(qr(zeros(0, 3)).r).toEqual(zeros(0, 3));
    expect(qr(zeros(3, 0)).q).toEqual(zeros(3, 0));
  });
});

describe('leastSquares', () => {
  it('recovers an exact solution and has residual orthogonal to range(A)', () => {
    const rand = seeded(11);
    const a = randomMatrix(50, 8, rand);
    const x0 = randomMatrix(8, 2, rand);
    const x = leastSquares(a, mul(a, x0));
    // κ(A) ≈ 3 here; forward error ≤ c·κ·n·eps with c = 8 (relative, Frobenius).
    expectBelow('‖x − x0‖/‖x0‖', diffNorm(x, x0) / frobenius(x0), 8 * 3 * 50 * EPS);
    // Normal-equation optimality: ‖Aᵀ(Ax − b)‖ ≤ c·m·eps·‖A‖(‖A‖‖x‖ + ‖b‖), c = 8.
    const b = randomMatrix(50, 2, rand);
    const xb = leastSquares(a, b);
    const resid = mul(a, xb);
    for (let i = 0; i < resid.data.length; i++) resid.data[i] -= b.data[i];
    const g = mul(transpose(a), resid);
    expectBelow('‖Aᵀr‖', frobenius(g), 8 * 50 * EPS * frobenius(a) * (frobenius(a) * frobenius(xb) + frobenius(b)));
  });

  it('square nonsingular case equals the solution of the system (1x1 too)', () => {
    expect(Array.from(leastSquares({ rows: 1, cols: 1, data: Float64Array.of(4) }, { rows: 1, cols: 1, data: Float64Array.of(2) }).data)).toEqual([0.5]);
    const a = { rows: 2, cols: 2, data: Float64Array.from([2, 1, 1, 3]) };
    const x = leastSquares(a, { rows: 2, cols: 1, data: Float64Array.from([3, 5]) }); // x = [0.8, 1.4]
    expect(x.data[0]).toBeCloseTo(0.8, 14);
    expect(x.data[1]).toBeCloseTo(1.4, 14);
  });

  it('names the dependent column of a rank-deficient matrix; rejects wide matrices', () => {
    const a = { rows: 4, cols: 3, data: Float64Array.from([1, 2, 3, 2, 4, 1, 3, 6, 0, 4, 8, 5]) }; // col1 = 2·col0
    expect(() => leastSquares(a, zeros(4, 1))).toThrow(FailedPreconditionError);
    expect(() => leastSquares(a, zeros(4, 1))).toThrow('column 1 is linearly dependent');
    expect(() => leastSquares(zeros(2, 3), zeros(2, 1))).toThrow(InvalidArgumentError);
    expect(() => leastSquares(zeros(3, 2), zeros(2, 1))).toThrow('b has 2 rows, expected 3');
  });
});
