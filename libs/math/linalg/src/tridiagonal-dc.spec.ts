import { describe, expect, it } from 'vitest';
import { solveSecular } from './secular';
import { tridiagonalEigenDc } from './tridiagonal-dc';
import { tridiagonalQl } from './tridiagonal-ql';
import { EPS, expectBelow, seeded } from './testing/helpers';

/**
 * Divide and conquer with Gu–Eisenstat vectors is backward stable like QL: ‖T·z − λ·z‖ ≤ c·n·eps·‖T‖ and
 * ‖Z·Zᵀ − I‖ ≤ c·n·eps (Gu & Eisenstat 1995); c = 8, checked per entry of the n×n products (max norm).
 * Small leaves (1–3) force many merge levels, so deflation and the secular solver see every case.
 */
function check(d0: Float64Array, off: Float64Array, leaf: number): Float64Array {
  const n = d0.length;
  const d = d0.slice();
  const zt = tridiagonalEigenDc(d, off.slice(), n, leaf);
  let tn = 0;
  for (let i = 0; i < n; i++) tn = Math.max(tn, Math.abs(d0[i]) + (i > 0 ? Math.abs(off[i - 1]) : 0) + (i < n - 1 ? Math.abs(off[i]) : 0));
  tn = Math.max(tn, Number.MIN_VALUE);
  let res = 0;
  let orth = 0;
  for (let j = 0; j < n; j++) {
    if (j > 0) expect(d[j]).toBeGreaterThanOrEqual(d[j - 1]);
    const z = zt.subarray(j * n, j * n + n);
    for (let i = 0; i < n; i++) {
      const tz = d0[i] * z[i] + (i > 0 ? off[i - 1] * z[i - 1] : 0) + (i < n - 1 ? off[i] * z[i + 1] : 0);
      res = Math.max(res, Math.abs(tz - d[j] * z[i]));
    }
    for (let k = 0; k <= j; k++) {
      let s = 0;
      for (let i = 0; i < n; i++) s += z[i] * zt[k * n + i];
      orth = Math.max(orth, Math.abs(s - (j === k ? 1 : 0)));
    }
  }
  expectBelow('‖Tz − λz‖/‖T‖', res / tn, 8 * n * EPS);
  expectBelow('‖ZZᵀ − I‖', orth, 8 * n * EPS);
  // eigenvalues agree with QL's
  const dq = d0.slice();
  const eq = new Float64Array(n);
  for (let i = 1; i < n; i++) eq[i] = off[i - 1];
  tridiagonalQl(new Float64Array(n * n), n, dq, eq);
  for (let i = 0; i < n; i++) expect(Math.abs(d[i] - dq[i])).toBeLessThanOrEqual(8 * n * EPS * tn);
  return d;
}

const fill = (n: number, f: (i: number) => number) => Float64Array.from({ length: n }, (_, i) => f(i));

describe('tridiagonal divide and conquer', () => {
  it.each([[1, 1], [2, 1], [7, 2], [50, 1], [50, 3], [131, 8]])('random n = %i, leaf %i', (n, leaf) => {
    const r = seeded(n * 10 + leaf);
    check(fill(n, () => 2 * r() - 1), fill(n - 1, () => 2 * r() - 1), leaf);
  });

  it('heavy deflation: zero and tiny couplings, equal diagonals, the identity', () => {
    const n = 40;
    const r = seeded(5);
    check(fill(n, () => 1), fill(n - 1, () => 0), 2);
    check(fill(n, () => 3), fill(n - 1, (i) => (i % 3 === 0 ? 1e-300 : 0.5)), 3);
    check(fill(n, (i) => Math.floor(i / 4)), fill(n - 1, (i) => (i % 2 ? 0 : 1e-9 * r())), 2);
  });

  it('Wilkinson W⁺ and glued Wilkinson matrices (pairs of eigenvalues agreeing to many digits)', () => {
    const m = 21;
    const w = fill(m, (i) => Math.abs(10 - i));
    check(w, fill(m - 1, () => 1), 2);
    const glued = new Float64Array(5 * m);
    for (let b = 0; b < 5; b++) glued.set(w, b * m);
    check(glued, fill(5 * m - 1, (i) => ((i + 1) % m === 0 ? 1e-8 : 1)), 4);
  });

  it('negative couplings, graded entries, a negative-definite block', () => {
    const r = seeded(9);
    check(fill(60, () => -5 - r()), fill(59, () => -(0.1 + r())), 3);
    check(fill(60, (i) => 2 ** -i), fill(59, (i) => 2 ** (-i - 0.5)), 2);
  });
});

describe('secular equation', () => {
  it('roots interlace the poles and the vectors are orthonormal, also with clustered poles', () => {
    const k = 30;
    const r = seeded(2);
    const dl = fill(k, (i) => i + (i > 10 && i < 14 ? 1e-6 * i : 0));
    dl.sort();
    const w = fill(k, () => (r() < 0.5 ? -1 : 1) * (0.01 + r()));
    let ws = 0;
    for (const x of w) ws += x * x;
    const values = new Float64Array(k);
    const u = solveSecular(dl, w, 0.7, values);
    for (let j = 0; j < k; j++) {
      expect(values[j]).toBeGreaterThan(dl[j]);
      expect(values[j]).toBeLessThan(j < k - 1 ? dl[j + 1] : dl[j] + 0.7 * ws);
      for (let i = 0; i <= j; i++) {
        let s = 0;
        for (let q = 0; q < k; q++) s += u[j * k + q] * u[i * k + q];
        expect(Math.abs(s - (i === j ? 1 : 0))).toBeLessThan(8 * k * EPS);
      }
    }
  });
});
