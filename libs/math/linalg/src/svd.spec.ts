import { describe, expect, it } from 'vitest';
import { eigh } from './eigh';
import { InvalidArgumentError } from './errors';
import { Matrix, zeros } from './matrix';
import { svd } from './svd';
import {
  EPS, diffNorm, expectBelow, frobenius, hilbert, mul, orthogonalityError, randomLowRank, randomMatrix, seeded, transpose,
} from './testing/helpers';

/**
 * QR + one-sided Jacobi is backward stable: ‖A − UΣVᵀ‖_F/‖A‖_F ≤ c·n·eps and U, V orthonormal to
 * c·n·eps (Demmel & Veselić 1992; the Jacobi stopping rule |w_i·w_j| ≤ eps‖w_i‖‖w_j‖ bounds each
 * off-diagonal of UᵀU by eps). We use c = 8 with n = max(m, n).
 */
function reconstruct({ u, s, vt }: ReturnType<typeof svd>): Matrix {
  const us = zeros(u.rows, u.cols);
  for (let i = 0; i < u.rows; i++) for (let j = 0; j < u.cols; j++) us.data[i * u.cols + j] = u.data[i * u.cols + j] * s[j];
  return mul(us, vt);
}

function checkSvd(a: Matrix) {
  const res = svd(a);
  const { u, s, vt } = res;
  const r = Math.min(a.rows, a.cols);
  const size = Math.max(a.rows, a.cols, 1);
  expect([u.rows, u.cols, s.length, vt.rows, vt.cols]).toEqual([a.rows, r, r, r, a.cols]);
  for (let i = 0; i < r; i++) expect(s[i]).toBeGreaterThanOrEqual(0);
  for (let i = 1; i < r; i++) expect(s[i]).toBeLessThanOrEqual(s[i - 1]);
  expectBelow('‖A − UΣVᵀ‖/‖A‖', diffNorm(reconstruct(res), a) / Math.max(frobenius(a), Number.MIN_VALUE), 8 * size * EPS);
  expectBelow('‖UᵀU − I‖', orthogonalityError(u), 8 * size * EPS);
  expectBelow('‖VVᵀ − I‖', orthogonalityError(transpose(vt)), 8 * size * EPS);
  return res;
}

describe('svd', () => {
  it.each([[1, 1], [1, 6], [6, 1], [7, 13], [13, 7], [40, 40], [150, 20], [20, 150]])('random %ix%i', (m, n) => {
    checkSvd(randomMatrix(m, n, seeded(m * 31 + n)));
  });

  it('singular values squared equal the eigenvalues of AᵀA (independent eigh path)', () => {
    const a = randomMatrix(30, 12, seeded(5));
    const { s } = checkSvd(a);
    const ata = mul(transpose(a), a);
    for (let i = 0; i < 12; i++) for (let j = 0; j < i; j++) ata.data[j * 12 + i] = ata.data[i * 12 + j];
    const { values } = eigh(ata);
    // |λ_i(AᵀA) − σ_i²| ≤ c·n·eps·‖A‖², both sides backward stable; c = 16 (forming AᵀA included).
    for (let i = 0; i < 12; i++) expectBelow(`σ_${i}²`, Math.abs(s[i] ** 2 - values[11 - i]), 16 * 30 * EPS * frobenius(a) ** 2);
  });

  it('Hilbert: singular values = eigenvalues (SPD), the tiny ones to high relative accuracy', () => {
    const h = hilbert(10);
    const { s } = checkSvd(h);
    const { values } = eigh(h);
    for (let i = 0; i < 10; i++) expectBelow(`σ_${i}`, Math.abs(s[i] - values[9 - i]), 8 * 10 * EPS * 1.76);
    expect(s[0]).toBeCloseTo(1.7519196702651774, 12);
  });

  it('rank-deficient input: trailing singular values at rounding level, U still orthonormal', () => {
    const a = randomLowRank(35, 20, 5, seeded(6));
    const { s } = checkSvd(a);
    expect(s[4]).toBeGreaterThan(1e-3 * s[0]);
    for (let i = 5; i < 20; i++) expectBelow(`σ_${i}`, s[i], 8 * 35 * EPS * s[0]);
    // Exactly zero singular values (zero columns) need the orthonormal completion of U.
    const z = zeros(5, 3);
    z.data[0] = 2; // one nonzero entry: σ = (2, 0, 0)
    const res = checkSvd(z);
    expect(Array.from(res.s)).toEqual([2, 0, 0]);
    checkSvd(zeros(4, 4));
  });

  it('truncated svd(a, k) returns the k leading triplets of the full one', () => {
    const a = randomMatrix(25, 18, seeded(8));
    const full = svd(a);
    const top = svd(a, 4);
    expect([top.u.cols, top.s.length, top.vt.rows]).toEqual([4, 4, 4]);
    for (let i = 0; i < 4; i++) expect(top.s[i]).toBe(full.s[i]);
    expectBelow('‖U_kᵀU_k − I‖', orthogonalityError(top.u), 8 * 25 * EPS);
    // Eckart–Young: ‖A − A_k‖_F² = Σ_{i≥k} σ_i².
    let tail = 0;
    for (let i = 4; i < 18; i++) tail += full.s[i] ** 2;
    expect(diffNorm(reconstruct(top), a) ** 2).toBeCloseTo(tail, 10);
    expect(svd(a, 100).s.length).toBe(18); // clamped
    expect(svd(a, 0).u.cols).toBe(0);
  });

  it('is scale-invariant far beyond the range where squared norms over/underflow', () => {
    const a = randomMatrix(12, 9, seeded(13));
    const ref = svd(a);
    for (const scale of [1e-200, 1e200]) {
      const big = { rows: 12, cols: 9, data: a.data.map((x) => x * scale) };
      const res = svd(big);
      for (let i = 0; i < 9; i++) expectBelow(`σ_${i} at ${scale}`, Math.abs(res.s[i] / scale - ref.s[i]), 8 * 12 * EPS * ref.s[0]);
      // Reconstruct in the unscaled domain (the test's own Frobenius norms would over/underflow).
      const unscaled = { ...res, s: res.s.map((x) => x / scale) };
      expectBelow('‖A − UΣVᵀ‖/‖A‖', diffNorm(reconstruct(unscaled), a) / frobenius(a), 8 * 12 * EPS);
      expectBelow('‖UᵀU − I‖', orthogonalityError(res.u), 8 * 12 * EPS);
    }
  });

  it('keeps the largest doubles finite', () => {
    const { s } = svd({ rows: 2, cols: 2, data: Float64Array.from([Number.MAX_VALUE, 0, 0, 1]) });
    expect(Array.from(s)).toEqual([Number.MAX_VALUE, 1]);
  });

  it('handles 1x1 and 0-sized; rejects a bad k', () => {
    const one = svd({ rows: 1, cols: 1, data: Float64Array.of(-3) });
    expect(Array.from(one.s)).toEqual([3]);
    expect(one.u.data[0] * 3 * one.vt.data[0]).toBe(-3);
    const empty = svd(zeros(0, 4));
    expect([empty.u.rows, empty.u.cols, empty.s.length, empty.vt.rows, empty.vt.cols]).toEqual([0, 0, 0, 0, 4]);
    expect(svd(zeros(3, 0)).vt.cols).toBe(0);
    expect(() => svd(zeros(2, 2), -1)).toThrow(InvalidArgumentError);
    expect(() => svd(zeros(2, 2), 1.5)).toThrow('k must be a non-negative integer');
  });
});
