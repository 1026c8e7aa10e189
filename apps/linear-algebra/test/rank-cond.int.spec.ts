import { describe, expect, it } from 'vitest';
import { mul, t, useLinearAlgebraService, type M } from './la-test-service';

// Integration: la.qr with pivoting, cond1 on la.solve / la.det, la.ldlt and la.eigsh of the built
// service on the real NATS. Exact values come from closed forms (rank by construction, κ₁ of a
// diagonal matrix, inertia of a diagonal-similar matrix, eigenvalues of the path-graph Laplacian).
const EPS = Number.EPSILON;
const maxAbs = (x: number[]) => x.reduce((m, v) => Math.max(m, Math.abs(v)), 0);

describe('linear-algebra rank, condition, LDLᵀ and Lanczos subjects', () => {
  const { call, fail } = useLinearAlgebraService();

  it('la.qr pivoting: a[:, perm] = q·r, rank of a rank-3 product, |diag r| non-increasing; plain la.qr unchanged', async () => {
    const left: M = { rows: 10, cols: 3, data: Array.from({ length: 30 }, (_, i) => Math.sin(i * i + 1)) };
    const right: M = { rows: 3, cols: 6, data: Array.from({ length: 18 }, (_, i) => Math.cos(0.7 * i * i)) }; // i² phases: no linear recurrence, so rank 3
    const a = mul(left, right);
    const r = await call('la.qr', { a, pivoting: true });
    expect(r.rank).toBe(3);
    expect([...r.perm].sort()).toEqual([0, 1, 2, 3, 4, 5]);
    const qr = mul(r.q, r.r);
    const ap = Array.from({ length: 60 }, (_, idx) => a.data[Math.floor(idx / 6) * 6 + r.perm[idx % 6]]);
    // ≤ 16·m·eps·‖a‖ (entries O(3))
    expect(maxAbs(qr.data.map((v, i) => v - ap[i]))).toBeLessThan(16 * 10 * EPS * 10);
    const diag = [0, 1, 2, 3, 4, 5].map((i) => Math.abs(r.r.data[i * 6 + i]));
    for (let i = 1; i < 6; i++) expect(diag[i]).toBeLessThanOrEqual(diag[i - 1] * (1 + 1e-12));
    expect((await call('la.qr', { a, pivoting: true, tolerance: 0.5 })).rank).toBeLessThan(3);
    const plain = await call('la.qr', { a });
    expect(plain.perm).toBeUndefined();
    expect((await fail('la.qr', { a, pivoting: true, tolerance: 2 })).message).toMatch(/tolerance/);
  });

  it('la.lstsq method basic: a rank-2 problem, at most 2 nonzeros per column, the same residual as min-norm', async () => {
    const a = { rows: 6, cols: 4, data: Array.from({ length: 24 }, (_, i) => ((Math.floor(i / 4) + 1) * ((i % 4) % 2 === 0 ? 1 : 2)) + (i % 4 === 3 ? Math.floor(i / 4) : 0)) };
    const b = { rows: 6, cols: 1, data: [1, -2, 0.5, 3, 1, 0] };
    const basic = await call('la.lstsq', { a, b, method: 'basic' });
    const minNorm = await call('la.lstsq', { a, b });
    expect([basic.rank, minNorm.rank]).toEqual([2, 2]); // columns i, 2i, i, 3i − 1: span{i, 1}
    expect(basic.x.data.filter((v: number) => v !== 0).length).toBeLessThanOrEqual(basic.rank);
    expect(Math.abs(basic.residuals[0] - minNorm.residuals[0])).toBeLessThan(1e-10);
    expect((await fail('la.lstsq', { a, b, method: 'basic', ridge: 1 })).message).toMatch(/ridge applies to method min-norm only/);
  });

  it('cond1 on la.solve and la.det: κ₁ of diag(1, 10, 1000) is 1000; a singular matrix has cond1 null', async () => {
    const a = { rows: 3, cols: 3, data: [1, 0, 0, 0, 10, 0, 0, 0, 1000] };
    const s = await call('la.solve', { a, b: { rows: 3, cols: 1, data: [1, 1, 1] } });
    expect(s.cond1).toBeCloseTo(1000, 9);
    const d = await call('la.det', { a });
    expect(d.det).toBeCloseTo(1e4, 8);
    expect(d.cond1).toBeCloseTo(1000, 9);
    // Hilbert 6: κ₁ = 2.907e7 (exact value from the explicit inverse, which has integer entries)
    const h = { rows: 6, cols: 6, data: Array.from({ length: 36 }, (_, i) => 1 / (Math.floor(i / 6) + (i % 6) + 1)) };
    expect((await call('la.det', { a: h })).cond1 / 2.907e7).toBeCloseTo(1, 3);
    const sing = await call('la.det', { a: { rows: 2, cols: 2, data: [1, 2, 2, 4] } });
    expect(sing.cond1).toBeNull();
  });

  it('la.ldlt: P·a·Pᵀ = L·D·Lᵀ, inertia of an indefinite matrix (2×2 pivots needed), FAILED_PRECONDITION-free for singular input', async () => {
    const a = { rows: 4, cols: 4, data: [0, 1, 2, 3, 1, 0, 4, 5, 2, 4, 0, 6, 3, 5, 6, 0] }; // eigenvalues: one +, three − (numpy)
    const r = await call('la.ldlt', { a });
    expect(r.inertia).toEqual({ positive: 1, negative: 3, zero: 0 });
    const ldl = mul(mul(r.l, r.d), t(r.l));
    const pap = Array.from({ length: 16 }, (_, idx) => a.data[r.perm[Math.floor(idx / 4)] * 4 + r.perm[idx % 4]]);
    expect(maxAbs(ldl.data.map((v, i) => v - pap[i]))).toBeLessThan(64 * 4 * EPS * 6 * 10);
    expect(r.cond1).toBeGreaterThan(1);
    const singular = await call('la.ldlt', { a: { rows: 2, cols: 2, data: [1, 1, 1, 1] } });
    expect(singular.inertia).toEqual({ positive: 1, negative: 0, zero: 1 });
    expect(singular.cond1).toBeNull();
    expect((await fail('la.ldlt', { a: { rows: 2, cols: 2, data: [1, 2, 3, 4] } })).message).toMatch(/not symmetric/);
  });

  it('la.eigsh: the 3 largest and 3 smallest eigenvalues of the path Laplacian (2 − 2cos(kπ/(n+1))), unit residuals', async () => {
    const n = 150;
    const data = new Array(n * n).fill(0);
    for (let i = 0; i < n; i++) {
      data[i * n + i] = 2;
      if (i + 1 < n) data[i * n + i + 1] = data[(i + 1) * n + i] = -1;
    }
    const exact = (k: number) => 2 - 2 * Math.cos((k * Math.PI) / (n + 1));
    const big = await call('la.eigsh', { a: { rows: n, cols: n, data }, k: 3 });
    expect(big.converged).toBe(true);
    expect(maxAbs(big.values.map((v: number, i: number) => v - exact(n - i)))).toBeLessThan(1e-9);
    expect([big.vectors.rows, big.vectors.cols]).toEqual([n, 3]);
    const small = await call('la.eigsh', { a: { rows: n, cols: n, data }, k: 3, which: 'smallest' });
    expect(maxAbs(small.values.map((v: number, i: number) => v - exact(i + 1)))).toBeLessThan(1e-9);
    expect((await fail('la.eigsh', { a: { rows: 2, cols: 2, data: [1, 0, 0, 1] }, k: 3 })).message).toMatch(/k must be an integer in \[1, 2\]/);
    expect((await fail('la.eigsh', { a: { rows: 2, cols: 2, data: [1, 0, 0, 1] }, k: 1, which: 'middle' })).message).toMatch(/which/);
  });
});
