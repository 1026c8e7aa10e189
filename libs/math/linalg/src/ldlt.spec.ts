import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cholesky } from './cholesky';
import { norm1 } from './condition';
import { eigh } from './eigh';
import { ldlt, ldltCond1Estimate, ldltInertia, ldltSolve, type Ldlt } from './ldlt';
import { inverse } from './lu';
import { Matrix, zeros } from './matrix';
import { EPS, expectBelow, hilbert, mul, randomSpd, randomSymmetric, seeded, transpose } from './testing/helpers';

const ref = JSON.parse(readFileSync(join(__dirname, '__fixtures__/factorisations-reference.json'), 'utf8'));
type J = { rows: number; cols: number; data: number[] };
const M = (j: J): Matrix => ({ rows: j.rows, cols: j.cols, data: Float64Array.from(j.data) });
const maxAbs = (x: ArrayLike<number>) => Array.from(x).reduce((m, v) => Math.max(m, Math.abs(v)), 0);
const maxDiff = (x: ArrayLike<number>, y: ArrayLike<number>) => Array.from(x).reduce((m, v, i) => Math.max(m, Math.abs(v - y[i])), 0);

/** L·D·Lᵀ with D rebuilt from its blocks, and P·a·Pᵀ, for the reconstruction identity. */
function reconstruct(f: Ldlt): Matrix {
  const n = f.diag.length;
  const d = zeros(n, n);
  for (let i = 0; i < n; i++) d.data[i * n + i] = f.diag[i];
  for (let k = 0; k < n; k++) if (f.blockSize[k] === 2) d.data[(k + 1) * n + k] = d.data[k * n + k + 1] = f.offDiag[k];
  return mul(mul(f.l, d), transpose(f.l));
}
function permuted(a: Matrix, perm: Int32Array): Matrix {
  const n = a.rows;
  const p = zeros(n, n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) p.data[i * n + j] = a.data[perm[i] * n + perm[j]];
  return p;
}

describe('LDLᵀ with Bunch–Kaufman pivoting', () => {
  it('P·a·Pᵀ = L·D·Lᵀ (≤ 32·n·eps·‖a‖·growth), L unit lower with |l_ij| bounded, on random indefinite matrices', () => {
    const rand = seeded(5);
    for (const n of [1, 2, 3, 7, 20, 60]) {
      const a = randomSymmetric(n, rand);
      const f = ldlt(a);
      // Bunch–Kaufman bounds the growth of D, not |L| (the backward error scales with |L|·|D|·|Lᵀ|)
      const lmax = maxAbs(f.l.data);
      for (let i = 0; i < n; i++) expect(f.l.data[i * n + i]).toBe(1);
      const growth = Math.max(1, maxAbs(f.diag) / maxAbs(a.data));
      expectBelow(`n=${n} reconstruction`, maxDiff(reconstruct(f).data, permuted(a, f.perm).data), 32 * n * EPS * maxAbs(a.data) * growth * lmax * lmax);
      expect([...f.perm].sort((x, y) => x - y)).toEqual([...Array(n).keys()]);
    }
  });

  it('needs 2×2 pivots where every diagonal entry is 0; solve and inertia agree with numpy', () => {
    const c = ref.ldlt.zeroDiagonal;
    const f = ldlt(M(c.a));
    expect(Array.from(f.blockSize)).toContain(2);
    expect(ldltInertia(f)).toEqual({ positive: c.inertia.positive, negative: c.inertia.negative, zero: c.inertia.zero });
    const x = ldltSolve(f, M(c.b));
    expectBelow('x', maxDiff(x.data, c.x.data), 64 * 4 * EPS * maxAbs(c.x.data) * 50);
  });

  it('indefinite 7×7: inertia equals the signs of numpy eigvalsh, solve matches numpy (κ₁ from the JSON)', () => {
    const c = ref.ldlt.indefinite;
    const a = M(c.a);
    const f = ldlt(a);
    expect(ldltInertia(f)).toEqual({ positive: c.inertia.positive, negative: c.inertia.negative, zero: c.inertia.zero });
    const x = ldltSolve(f, M(c.b));
    // forward error ≤ c·n·eps·κ·‖x‖, c = 16
    expectBelow('x', maxDiff(x.data, c.x.data), 16 * 7 * EPS * c.cond1 * maxAbs(c.x.data));
    // the same Bunch–Kaufman decisions as LAPACK dsytrf (scipy.linalg.ldl): as many 2×2 blocks
    expect(Array.from(f.blockSize).filter((b) => b === 2).length).toBe(c.scipyTwoByTwoBlocks);
    // and the same D, up to the forward error c·n·eps·κ·‖a‖ (c = 16)
    const tolD = 16 * 7 * EPS * c.cond1 * maxAbs(c.a.data);
    expectBelow('diag D', maxDiff(f.diag, c.scipyDiag), tolD);
    expectBelow('subdiag D', maxDiff(f.offDiag, c.scipySubdiag), tolD);
    const est = ldltCond1Estimate(a, f);
    expect(est).toBeLessThanOrEqual(c.cond1 * (1 + 1e-10));
    expect(est).toBeGreaterThanOrEqual(c.cond1 / 3);
  });

  it('inertia of random symmetric matrices equals the eigenvalue signs; SPD gives all positive like Cholesky', () => {
    const rand = seeded(9);
    for (let t = 0; t < 20; t++) {
      const n = 2 + (t % 9);
      const a = randomSymmetric(n, rand);
      const ev = eigh(a).values;
      const pos = Array.from(ev).filter((v) => v > 0).length;
      expect(ldltInertia(ldlt(a))).toEqual({ positive: pos, negative: n - pos, zero: 0 });
    }
    const spd = randomSpd(8, rand);
    expect(ldltInertia(ldlt(spd))).toEqual({ positive: 8, negative: 0, zero: 0 });
    expect(() => cholesky(hilbert(4))).not.toThrow();
  });

  it('singular matrices: zero count = n − rank; solve is FAILED_PRECONDITION naming the pivot block', () => {
    const c = ref.ldlt.singular;
    const f = ldlt(M(c.a));
    expect(ldltInertia(f)).toEqual({ positive: c.inertia.positive, negative: c.inertia.negative, zero: c.inertia.zero });
    expect(() => ldltSolve(f, M({ rows: 5, cols: 1, data: [1, 2, 3, 4, 5] }))).toThrowError(expect.objectContaining({ name: 'FailedPreconditionError', message: expect.stringMatching(/singular to working precision: the .* pivot block at \d/) }));
    expect(ldltCond1Estimate(M(c.a), f)).toBe(Infinity);
    const zero = ldlt(zeros(3, 3));
    expect(ldltInertia(zero)).toEqual({ positive: 0, negative: 0, zero: 3 });
  });

  it('cond estimate: a lower bound on ‖a‖₁‖a⁻¹‖₁, exact in most random symmetric cases, never 4× too small; rejects asymmetric input', () => {
    // Higham: "rarely more than a factor 3 too small"; over 1000 such matrices the worst ratio seen was 0.30
    const rand = seeded(21);
    let exactHits = 0;
    for (let t = 0; t < 100; t++) {
      const a = randomSymmetric(3 + (t % 10), rand);
      const exact = norm1(a) * norm1(inverse(a));
      const est = ldltCond1Estimate(a, ldlt(a));
      expect(est).toBeLessThanOrEqual(exact * (1 + 1e-8));
      expect(est).toBeGreaterThanOrEqual(exact / 4);
      if (Math.abs(est - exact) <= 1e-8 * exact) exactHits++;
    }
    expect(exactHits).toBeGreaterThanOrEqual(60);
    expect(() => ldlt({ rows: 2, cols: 2, data: Float64Array.of(1, 2, 3, 4) })).toThrow(/not symmetric/);
    expect(ldlt(zeros(0, 0)).diag.length).toBe(0);
  });
});

describe('Cholesky on matrices that are not positive definite (existing behaviour, checked here)', () => {
  it('indefinite and semidefinite input throw FailedPreconditionError naming the failing pivot; LDLᵀ handles them', () => {
    const indefinite = M(ref.ldlt.indefinite.a);
    expect(() => cholesky(indefinite)).toThrowError(expect.objectContaining({ name: 'FailedPreconditionError', message: expect.stringMatching(/not positive definite: pivot \d+/) }));
    const semidefinite = { rows: 2, cols: 2, data: Float64Array.of(1, 1, 1, 1) };
    expect(() => cholesky(semidefinite)).toThrow(/not positive definite: pivot 1/);
    expect(ldltInertia(ldlt(semidefinite))).toEqual({ positive: 1, negative: 0, zero: 1 });
  });
});
