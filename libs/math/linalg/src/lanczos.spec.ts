import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { eigh } from './eigh';
import { lanczosEigs, powerIteration } from './lanczos';
import { Matrix, zeros } from './matrix';
import { csrFromDense } from './sparse';
import { EPS, expectBelow, orthogonalityError, randomSymmetric, seeded } from './testing/helpers';

const ref = JSON.parse(readFileSync(join(__dirname, '__fixtures__/factorisations-reference.json'), 'utf8'));

/** Same formulas as large_symmetric / sparse_laplacian in tools/reference/linalg/generate.py. */
function largeSymmetric(n: number): Matrix {
  const a = zeros(n, n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) a.data[i * n + j] = Math.sin((0.1 * (i + 1) * (j + 1)) / n) + Math.cos(0.37 * (i + j)) / (1 + Math.abs(i - j)) + (i === j ? i / n : 0);
  }
  return a;
}
function laplacianCsr(n: number) {
  const cols: number[] = [], vals: number[] = [];
  const indptr = new Int32Array(n + 1);
  const push = (j: number, v: number) => {
    cols.push(j);
    vals.push(v);
  };
  for (let i = 0; i < n; i++) {
    if (i > 0) push(i - 1, -(1 + 0.5 * Math.sin(i - 1)));
    push(i, 2 + i / n);
    if (i + 1 < n) push(i + 1, -(1 + 0.5 * Math.sin(i)));
    indptr[i + 1] = cols.length;
  }
  return { rows: n, cols: n, indptr, indices: Int32Array.from(cols), values: Float64Array.from(vals) };
}
const residual = (a: Matrix, v: Matrix, values: Float64Array) => {
  const n = a.rows;
  let worst = 0;
  for (let t = 0; t < v.cols; t++) {
    let r2 = 0;
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < n; j++) s += a.data[i * n + j] * v.data[j * v.cols + t];
      r2 += (s - values[t] * v.data[i * v.cols + t]) ** 2;
    }
    worst = Math.max(worst, Math.sqrt(r2));
  }
  return worst;
};

describe('Lanczos with full reorthogonalisation', () => {
  it.each(['largest', 'smallest', 'magnitude'] as const)('dense 300×300, 5 %s eigenvalues = numpy eigvalsh; vectors orthonormal, ‖Av − λv‖ small', (which) => {
    const a = largeSymmetric(300);
    const r = lanczosEigs(a, 5, { which });
    expect(r.converged).toBe(true);
    const want: number[] = ref.lanczos.dense300[which];
    // backward-stable both ways: |λ − λ_ref| ≤ c·n·eps·‖A‖ + tol·‖T‖ (c = 16, ‖A‖ ≈ 70, tol 1e-10 → quadratic in the residual: far smaller)
    expectBelow('values', Math.max(...want.map((v, i) => Math.abs(v - r.values[i]))), 16 * 300 * EPS * 70);
    expectBelow('orth', orthogonalityError(r.vectors), 16 * 300 * EPS);
    expectBelow('residual', residual(a, r.vectors, r.values), 1e-9 * 70);
    expect(r.iterations).toBeLessThan(300);
  });

  it('sparse CSR 2000×2000 (tridiagonal): 4 largest and 4 smallest = scipy eigh_tridiagonal', () => {
    const a = laplacianCsr(2000);
    for (const which of ['largest', 'smallest'] as const) {
      const r = lanczosEigs(a, 4, { which, maxIterations: 2000, tolerance: 1e-9 });
      expect(r.converged).toBe(true);
      const want: number[] = ref.lanczos.laplacian2000[which];
      // the smallest ones are clustered (gaps ~1e-3 of ‖A‖): residual 1e-9·‖T‖ gives |Δλ| ≤ r²/gap, ≤ 1e-9 here
      expectBelow(which, Math.max(...want.map((v, i) => Math.abs(v - r.values[i]))), 1e-9);
    }
  });

  it('agrees with eigh on random symmetric matrices, including k = n and a multiple eigenvalue (restart after breakdown)', () => {
    const rand = seeded(4);
    for (const n of [1, 5, 12, 40]) {
      const a = randomSymmetric(n, rand);
      const full = eigh(a).values;
      const k = Math.min(n, 3);
      const r = lanczosEigs(a, k, { which: 'smallest' });
      for (let i = 0; i < k; i++) expect(Math.abs(r.values[i] - full[i])).toBeLessThan(1e3 * n * EPS);
      const all = lanczosEigs(a, n, { which: 'largest' });
      for (let i = 0; i < n; i++) expect(Math.abs(all.values[i] - full[n - 1 - i])).toBeLessThan(1e3 * n * EPS);
    }
    // diag(5, 5, 5, 1, …): the Krylov space of one start vector holds one vector of the 5-eigenspace
    const d = zeros(10, 10);
    for (let i = 0; i < 10; i++) d.data[i * 10 + i] = i < 3 ? 5 : 1 + i * 0.1;
    const r = lanczosEigs(d, 3);
    expect(Array.from(r.values).map((v) => Number(v.toFixed(12)))).toEqual([5, 5, 5]);
    expectBelow('orth', orthogonalityError(r.vectors), 100 * EPS);
  });

  it('rejects a bad k, an asymmetric or non-square matrix', () => {
    expect(() => lanczosEigs(largeSymmetric(5), 6)).toThrow(/k must be an integer in \[1, 5\]/);
    expect(() => lanczosEigs({ rows: 2, cols: 2, data: Float64Array.of(1, 2, 3, 4) }, 1)).toThrow(/not symmetric/);
    expect(() => lanczosEigs(csrFromDense({ rows: 2, cols: 3, data: new Float64Array(6) }), 1)).toThrow(/square/);
  });
});

describe('power iteration', () => {
  it('finds the dominant eigenpair of a matrix with a clear gap (dense and CSR)', () => {
    const a = largeSymmetric(300);
    const want = ref.lanczos.dense300.magnitude[0];
    // |λ₂/λ₁| ≈ 0.998 here: slow, so a looser tolerance and more steps
    const p = powerIteration(csrFromDense(a), { tolerance: 1e-3, maxIterations: 100_000 });
    expect(p.converged).toBe(true);
    expect(Math.abs(p.value - want)).toBeLessThan(1e-3 * 70);
    const d = zeros(4, 4);
    d.data.set([4, 1, 0, 0, 1, 3, 0, 0, 0, 0, 1, 0, 0, 0, 0, -1]);
    const q = powerIteration(d);
    expect(q.value).toBeCloseTo((7 + Math.sqrt(5)) / 2, 9);
  });
});
