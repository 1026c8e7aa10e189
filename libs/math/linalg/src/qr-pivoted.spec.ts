import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lstsq } from './lstsq';
import { Matrix, zeros } from './matrix';
import { lstsqBasic, qrPivoted } from './qr-pivoted';
import { EPS, expectBelow, frobenius, mul, orthogonalityError, randomLowRank, randomMatrix, seeded } from './testing/helpers';

const ref = JSON.parse(readFileSync(join(__dirname, '__fixtures__/factorisations-reference.json'), 'utf8'));
type J = { rows: number; cols: number; data: number[] };
const M = (j: J): Matrix => ({ rows: j.rows, cols: j.cols, data: Float64Array.from(j.data) });
const maxAbs = (x: ArrayLike<number>) => Array.from(x).reduce((m, v) => Math.max(m, Math.abs(v)), 0);
const maxDiff = (x: ArrayLike<number>, y: ArrayLike<number>) => Array.from(x).reduce((m, v, i) => Math.max(m, Math.abs(v - y[i])), 0);
const columns = (a: Matrix, perm: Int32Array): Matrix => {
  const out = zeros(a.rows, a.cols);
  for (let i = 0; i < a.rows; i++) for (let j = 0; j < a.cols; j++) out.data[i * a.cols + j] = a.data[i * a.cols + perm[j]];
  return out;
};

describe('QR with column pivoting', () => {
  it('a[:, perm] = q·r, qᵀq = I, r upper triangular with non-increasing |diag| (≤ 16·m·eps·‖a‖), any shape', () => {
    const rand = seeded(3);
    for (const [m, n, r] of [[9, 5, 5], [5, 9, 5], [30, 20, 7], [20, 30, 4], [1, 1, 1], [12, 12, 12]]) {
      const a = r < Math.min(m, n) ? randomLowRank(m, n, r, rand) : randomMatrix(m, n, rand);
      const f = qrPivoted(a);
      const k = Math.min(m, n);
      expect([f.q.rows, f.q.cols, f.r.rows, f.r.cols]).toEqual([m, k, k, n]);
      expectBelow(`${m}x${n} recon`, maxDiff(mul(f.q, f.r).data, columns(a, f.perm).data), 16 * m * EPS * frobenius(a));
      expectBelow(`${m}x${n} orth`, orthogonalityError(f.q), 16 * m * EPS);
      for (let i = 0; i < k; i++) for (let j = 0; j < i; j++) expect(f.r.data[i * n + j]).toBe(0);
      for (let i = 1; i < k; i++) expect(Math.abs(f.r.data[i * n + i])).toBeLessThanOrEqual(Math.abs(f.r.data[(i - 1) * n + i - 1]) * (1 + 1e-12));
      expect(f.rank).toBe(r);
    }
  });

  it.each(['tall', 'rankdef', 'wideRankdef'])('%s: permutation, |diag r| and rank as scipy.linalg.qr(pivoting=True) and numpy matrix_rank', (name) => {
    const c = ref.qrPivoted[name];
    const a = M(c.a);
    const f = qrPivoted(a);
    expect(f.rank).toBe(c.rank);
    const k = Math.min(a.rows, a.cols);
    // the leading `rank` pivots are well separated in these matrices; past the rank the columns are
    // zero to rounding and the order is noise, so only those are compared
    expect(Array.from(f.perm.subarray(0, c.rank))).toEqual(c.perm.slice(0, c.rank));
    const diag = Array.from({ length: c.rank }, (_, i) => Math.abs(f.r.data[i * a.cols + i]));
    expectBelow('|r_ii|', maxDiff(diag, c.rAbsDiag.slice(0, c.rank)), 16 * k * EPS * 1e3 * c.rAbsDiag[0]);
  });

  it('basic least-squares solution of a rank-deficient problem: numpy/scipy basic x, ≤ rank nonzeros, minimum residual', () => {
    const c = ref.qrPivoted.basic;
    const a = M(c.a), b = M(c.b);
    const r = lstsqBasic(a, b);
    expect(r.rank).toBe(2);
    expect(Array.from(r.x.data).filter((v) => v !== 0).length).toBeLessThanOrEqual(2);
    // on the rank-2 subspace κ ≈ 42 (see reference.spec): c·n·eps·κ·‖x‖, c = 16
    expectBelow('x', maxDiff(r.x.data, c.x.data), 16 * 8 * EPS * 42 * maxAbs(c.x.data) * 10);
    expectBelow('residual', Math.abs(r.residuals[0] - c.residual), 1e-12 * Math.max(1, c.residual));
    // same residual as the minimum-norm (SVD) solution, which has the smaller norm
    const mn = lstsq(a, b);
    expectBelow('vs lstsq', Math.abs(mn.residuals[0] - r.residuals[0]), 1e-12 * Math.max(1, c.residual));
    expect(frobenius(mn.x)).toBeLessThanOrEqual(frobenius(r.x) * (1 + 1e-12));
    expectBelow('min-norm x', maxDiff(mn.x.data, c.minNormX.data), 16 * 8 * EPS * 42 * maxAbs(c.minNormX.data) * 10);
  });

  it('full-rank least squares equals lstsq; tolerance changes the rank; bad tolerance rejected', () => {
    const rand = seeded(8);
    const a = randomMatrix(15, 6, rand), b = randomMatrix(15, 2, rand);
    const r = lstsqBasic(a, b);
    expect(r.rank).toBe(6);
    expectBelow('x', maxDiff(r.x.data, lstsq(a, b).x.data), 1e3 * 15 * EPS);
    // graded columns: a relative tolerance above the smallest |r_jj| / |r_00| lowers the rank
    const g = randomMatrix(10, 4, rand);
    for (let i = 0; i < 10; i++) g.data[i * 4 + 3] *= 1e-9;
    expect(qrPivoted(g).rank).toBe(4);
    expect(qrPivoted(g, { tolerance: 1e-6 }).rank).toBe(3);
    expect(() => qrPivoted(g, { tolerance: -1 })).toThrow(/tolerance/);
    expect(qrPivoted(zeros(3, 2)).rank).toBe(0);
    expect(qrPivoted(zeros(0, 3)).q.rows).toBe(0);
  });
});
