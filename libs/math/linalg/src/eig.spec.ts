import { describe, expect, it } from 'vitest';
import { eig, type Eig } from './eig';
import { eigh } from './eigh';
import { InvalidArgumentError } from './errors';
import { det } from './lu';
import { qr } from './qr';
import { Matrix } from './matrix';
import { EPS, expectBelow, frobenius, randomMatrix, randomSymmetric, seeded } from './testing/helpers';

/** max_j ‖A·x_j − λ_j·x_j‖ / ‖A‖_F over all (complex) eigenpairs. */
function residual(a: Matrix, r: Eig): number {
  const n = a.rows;
  let worst = 0;
  for (let j = 0; j < n; j++) {
    const lr = r.valuesRe[j];
    const li = r.valuesIm[j];
    for (let i = 0; i < n; i++) {
      let sr = 0;
      let si = 0;
      for (let k = 0; k < n; k++) {
        sr += a.data[i * n + k] * r.vectorsRe.data[k * n + j];
        si += a.data[i * n + k] * r.vectorsIm.data[k * n + j];
      }
      const xr = r.vectorsRe.data[i * n + j];
      const xi = r.vectorsIm.data[i * n + j];
      worst = Math.max(worst, Math.hypot(sr - (lr * xr - li * xi), si - (lr * xi + li * xr)));
    }
  }
  return worst / Math.max(frobenius(a), Number.MIN_VALUE);
}

function m(n: number, values: number[]): Matrix {
  return { rows: n, cols: n, data: Float64Array.from(values) };
}

/**
 * Hessenberg + Francis QR is backward stable: each computed pair satisfies ‖Ax − λx‖ ≤ c·n·eps·‖A‖
 * with ‖x‖ = 1 (Golub & Van Loan §7.5.6); c = 16.
 */
describe('eig (general real)', () => {
  it.each([3, 8, 31, 80])('random n = %i: residuals, conjugate pairs, unit vectors, trace and det', (n) => {
    const a = randomMatrix(n, n, seeded(100 + n));
    const r = eig(a);
    expectBelow('residual', residual(a, r), 16 * n * EPS);
    let tr = 0;
    let sumRe = 0;
    let sumIm = 0;
    for (let i = 0; i < n; i++) {
      tr += a.data[i * n + i];
      sumRe += r.valuesRe[i];
      sumIm += r.valuesIm[i];
      if (r.valuesIm[i] > 0) {
        expect(r.valuesRe[i + 1]).toBe(r.valuesRe[i]);
        expect(r.valuesIm[i + 1]).toBe(-r.valuesIm[i]);
      }
      let ss = 0;
      for (let k = 0; k < n; k++) ss += r.vectorsRe.data[k * n + i] ** 2 + r.vectorsIm.data[k * n + i] ** 2;
      expect(ss).toBeCloseTo(1, 12);
    }
    expectBelow('Σλ − trace', Math.abs(sumRe - tr), 16 * n * EPS * frobenius(a));
    expect(sumIm).toBe(0);
    if (n <= 31) {
      // det = Πλ (complex product, imaginary part cancels); relative check against LU
      let pr = 1;
      let pi = 0;
      for (let i = 0; i < n; i++) [pr, pi] = [pr * r.valuesRe[i] - pi * r.valuesIm[i], pr * r.valuesIm[i] + pi * r.valuesRe[i]];
      const dd = det(a);
      expectBelow('Πλ − det', Math.abs(pr - dd) / Math.abs(dd), 1e3 * n * EPS);
    }
  });

  it('rotation by 90°: eigenvalues ±i exactly', () => {
    const r = eig(m(2, [0, -1, 1, 0]));
    expect(Array.from(r.valuesRe)).toEqual([0, 0]);
    expect(Array.from(r.valuesIm)).toEqual([1, -1]);
    expectBelow('residual', residual(m(2, [0, -1, 1, 0]), r), 4 * EPS);
  });

  it('companion matrix of (x−1)(x−2)(x−3)(x−4): roots 1..4', () => {
    // x⁴ − 10x³ + 35x² − 50x + 24
    const a = m(4, [10, -35, 50, -24, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0]);
    const r = eig(a);
    const roots = Array.from(r.valuesRe).sort((x, y) => x - y);
    // well-separated simple roots, κ(λ) ≈ 1e2 for this companion matrix
    roots.forEach((v, i) => expectBelow(`root ${i + 1}`, Math.abs(v - (i + 1)), 1e4 * EPS));
    expect(Array.from(r.valuesIm)).toEqual([0, 0, 0, 0]);
  });

  it('defective Jordan block and triangular input: eigenvalues on the diagonal', () => {
    const j = eig(m(3, [2, 1, 0, 0, 2, 1, 0, 0, 2]));
    for (const v of j.valuesRe) expect(v).toBe(2);
    const t = eig(m(3, [1, 5, 7, 0, -2, 3, 0, 0, 4]));
    expect(Array.from(t.valuesRe).sort((x, y) => x - y)).toEqual([-2, 1, 4]);
    expectBelow('residual', residual(m(3, [1, 5, 7, 0, -2, 3, 0, 0, 4]), t), 16 * 3 * EPS);
  });

  it('symmetric input: real eigenvalues equal to eigh (independent tridiagonal QL path)', () => {
    const a = randomSymmetric(20, seeded(7));
    const r = eig(a);
    const ref = eigh(a).values;
    const got = Array.from(r.valuesRe).sort((x, y) => x - y);
    for (let i = 0; i < 20; i++) expectBelow(`λ_${i}`, Math.abs(got[i] - ref[i]), 16 * 20 * EPS * frobenius(a));
    for (const v of r.valuesIm) expect(v).toBe(0);
  });

  it('extreme scale and tiny sizes', () => {
    const a = randomMatrix(6, 6, seeded(8));
    const ref = eig(a);
    const big = eig({ rows: 6, cols: 6, data: a.data.map((x) => x * 1e280) });
    for (let i = 0; i < 6; i++) expectBelow(`λ_${i}`, Math.abs(big.valuesRe[i] / 1e280 - ref.valuesRe[i]), 100 * EPS);
    expect(Array.from(eig(m(1, [-3])).valuesRe)).toEqual([-3]);
    expect(eig(m(0, [])).valuesRe.length).toBe(0);
    expect(() => eig({ rows: 2, cols: 3, data: new Float64Array(6) })).toThrow(InvalidArgumentError);
  });

  it('hard spectra past the early-deflation size (n = 130): Grcar, random orthogonal (|λ| = 1), companion', () => {
    const n = 130;
    const rand = seeded(23);
    const grcar = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      if (i > 0) grcar[i * n + i - 1] = -1;
      for (let j = i; j < Math.min(n, i + 4); j++) grcar[i * n + j] = 1;
    }
    const q = qr(randomMatrix(n, n, rand)).q;
    const comp = new Float64Array(n * n);
    for (let i = 1; i < n; i++) comp[i * n + i - 1] = 1;
    for (let i = 0; i < n; i++) comp[i * n + n - 1] = 2 * rand() - 1;
    for (const a of [m(n, Array.from(grcar)), q, m(n, Array.from(comp))]) expectBelow('residual', residual(a, eig(a)), 16 * n * EPS);
  });

  it('zero matrix (n = 3 and n = 40, below and above the WASM cut-over): eigenvalues 0, the unit vectors', () => {
    for (const n of [3, 40]) {
      const r = eig(m(n, new Array<number>(n * n).fill(0)));
      expect(Array.from(r.valuesRe)).toEqual(new Array<number>(n).fill(0));
      expect(Array.from(r.valuesIm)).toEqual(new Array<number>(n).fill(0));
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) expect(Math.abs(r.vectorsRe.data[i * n + j])).toBe(i === j ? 1 : 0);
    }
  });

  it('block-diagonal input with an exactly zero coupling and repeated eigenvalues: residuals stay at eps', () => {
    const n = 60;
    const rand = seeded(17);
    const a = randomMatrix(n, n, rand);
    for (let i = 0; i < 30; i++) for (let j = 30; j < n; j++) a.data[j * n + i] = 0; // lower-left block zero
    for (let i = 0; i < 10; i++) for (let j = 0; j < n; j++) a.data[i * n + j] = i === j ? 2 : 0; // eigenvalue 2, ten times
    expectBelow('residual', residual(a, eig(a)), 16 * n * EPS);
  });
});
