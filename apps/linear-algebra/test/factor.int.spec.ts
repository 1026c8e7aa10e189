import { describe, expect, it } from 'vitest';
import { mul, t, useLinearAlgebraService, type M } from './la-test-service';

// Integration: la.* factorisation subjects of the built service against the real NATS (NATS_URL).
// Checks are identities (reconstruction, orthogonality) with tolerances c·n·eps (c stated per test),
// not the library's own earlier output.
const EPS = Number.EPSILON;

const rand = (rows: number, cols: number, seed = 1): M => ({ rows, cols, data: Array.from({ length: rows * cols }, (_, i) => Math.sin(i * 1.7 + rows * seed) * 3 + Math.cos(i * 0.3 * seed)) });
const maxDiff = (a: M | number[], b: M | number[]) => {
  const x = Array.isArray(a) ? a : a.data, y = Array.isArray(b) ? b : b.data;
  expect(x.length).toBe(y.length);
  return x.reduce((m, v, i) => Math.max(m, Math.abs(v - y[i])), 0);
};
const eye = (n: number): M => ({ rows: n, cols: n, data: Array.from({ length: n * n }, (_, i) => (i % (n + 1) === 0 ? 1 : 0)) });
const spd = (n: number): M => {
  const a = rand(n, n, 2);
  const g = mul(t(a), a);
  for (let i = 0; i < n; i++) g.data[i * n + i] += n;
  return g;
};
const scaleCols = (u: M, s: number[]): M => ({ ...u, data: u.data.map((v, i) => v * s[i % u.cols]) });

describe('linear-algebra factorisation subjects', () => {
  const { call, fail } = useLinearAlgebraService();

  it('la.solve: a·x = b (residual ≤ 8·n·eps·‖a‖‖x‖, n = 6, entries O(10))', async () => {
    const a = spd(6), b = rand(6, 2, 3);
    const { x } = await call('la.solve', { a, b });
    expect([x.rows, x.cols]).toEqual([6, 2]);
    expect(maxDiff(mul(a, x), b)).toBeLessThan(8 * 6 * EPS * 100);
  });

  it('la.lstsq: normal equations hold, rank reported, ridge accepted', async () => {
    const a = rand(12, 4, 5), b = rand(12, 1, 7);
    const r = await call('la.lstsq', { a, b });
    expect(r.rank).toBe(4);
    const res = b.data.map((v, i) => v - mul(a, r.x).data[i]);
    expect(Math.abs(r.residuals[0] - res.reduce((s, v) => s + v * v, 0))).toBeLessThan(1e-10);
    // Aᵀr = 0 up to c·m·eps·‖A‖²·‖x‖ (c = 10, entries O(4))
    expect(maxDiff(mul(t(a), { rows: 12, cols: 1, data: res }).data, [0, 0, 0, 0])).toBeLessThan(10 * 12 * EPS * 200);
    const rr = await call('la.lstsq', { a, b, ridge: 1e6 });
    expect(Math.max(...rr.x.data.map(Math.abs))).toBeLessThan(1e-3); // heavy ridge shrinks x towards 0
  });

  it('la.inv and la.det: a·a⁻¹ = I; det, sign and log|det| agree', async () => {
    const a = spd(5);
    const { inv } = await call('la.inv', { a });
    expect(maxDiff(mul(a, inv), eye(5))).toBeLessThan(100 * 5 * EPS * 10);
    const d = await call('la.det', { a: { rows: 2, cols: 2, data: [0, 2, 3, 1] } });
    expect(d.det).toBeCloseTo(-6, 13);
    expect(d.sign).toBe(-1);
    expect(d.logAbsDet).toBeCloseTo(Math.log(6), 13);
    const sing = await call('la.det', { a: { rows: 2, cols: 2, data: [1, 2, 2, 4] } });
    expect(sing).toEqual({ det: 0, logAbsDet: null, sign: 0, cond1: null });
  });

  it('la.cholesky: l lower triangular, l·lᵀ = a (≤ 8·n·eps·‖a‖)', async () => {
    const a = spd(7);
    const { l } = await call('la.cholesky', { a });
    for (let i = 0; i < 7; i++) for (let j = i + 1; j < 7; j++) expect(l.data[i * 7 + j]).toBe(0);
    expect(maxDiff(mul(l, t(l)), a)).toBeLessThan(8 * 7 * EPS * 100);
  });

  it('la.qr: q·r = a, qᵀq = I, r upper triangular (≤ 8·m·eps)', async () => {
    const a = rand(9, 4, 11);
    const { q, r } = await call('la.qr', { a });
    expect([q.rows, q.cols, r.rows, r.cols]).toEqual([9, 4, 4, 4]);
    expect(maxDiff(mul(q, r), a)).toBeLessThan(8 * 9 * EPS * 10);
    expect(maxDiff(mul(t(q), q), eye(4))).toBeLessThan(8 * 9 * EPS);
    for (let i = 1; i < 4; i++) for (let j = 0; j < i; j++) expect(r.data[i * 4 + j]).toBe(0);
  });

  it('la.eigh: values ascending, vectors columns, A·V = V·Λ and VᵀV = I (≤ 8·n·eps·‖A‖)', async () => {
    const a = spd(6);
    const { values, vectors } = await call('la.eigh', { a });
    for (let i = 1; i < 6; i++) expect(values[i]).toBeGreaterThanOrEqual(values[i - 1]);
    expect(maxDiff(mul(a, vectors), scaleCols(vectors, values))).toBeLessThan(8 * 6 * EPS * 200);
    expect(maxDiff(mul(t(vectors), vectors), eye(6))).toBeLessThan(8 * 6 * EPS);
  });

  it('la.eig: rotation-scaling matrix has λ = 1 ± 2i; A·x = λ·x for the complex vectors (≤ 16·n·eps·‖A‖)', async () => {
    const a = { rows: 3, cols: 3, data: [1, -2, 0, 2, 1, 0, 0, 0, 5] };
    const r = await call('la.eig', { a });
    const pairs = r.valuesRe.map((re: number, i: number) => [re, r.valuesIm[i]]).sort((x: number[], y: number[]) => x[0] - y[0] || y[1] - x[1]);
    expect(maxDiff(pairs.flat(), [1, 2, 1, -2, 5, 0])).toBeLessThan(16 * 3 * EPS * 5);
    for (let j = 0; j < 3; j++) {
      const xr = [0, 1, 2].map((i) => r.vectorsRe.data[i * 3 + j]), xi = [0, 1, 2].map((i) => r.vectorsIm.data[i * 3 + j]);
      for (let i = 0; i < 3; i++) {
        const ar = [0, 1, 2].reduce((s, k) => s + a.data[i * 3 + k] * xr[k], 0), ai = [0, 1, 2].reduce((s, k) => s + a.data[i * 3 + k] * xi[k], 0);
        const lr = r.valuesRe[j], li = r.valuesIm[j];
        expect(Math.hypot(ar - (lr * xr[i] - li * xi[i]), ai - (lr * xi[i] + li * xr[i]))).toBeLessThan(16 * 3 * EPS * 6);
      }
    }
  });

  it('la.svd: thin and truncated (k), s descending, u·Σ·vt = a, orthonormal factors', async () => {
    const a = rand(8, 5, 13);
    const { u, s, vt } = await call('la.svd', { a });
    expect([u.rows, u.cols, s.length, vt.rows, vt.cols]).toEqual([8, 5, 5, 5, 5]);
    for (let i = 1; i < 5; i++) expect(s[i]).toBeLessThanOrEqual(s[i - 1]);
    expect(maxDiff(mul(scaleCols(u, s), vt), a)).toBeLessThan(8 * 8 * EPS * 20);
    expect(maxDiff(mul(t(u), u), eye(5))).toBeLessThan(8 * 8 * EPS);
    expect(maxDiff(mul(vt, t(vt)), eye(5))).toBeLessThan(8 * 8 * EPS);
    const k2 = await call('la.svd', { a, k: 2 });
    expect([k2.u.rows, k2.u.cols, k2.s.length, k2.vt.rows, k2.vt.cols]).toEqual([8, 2, 2, 2, 5]);
    expect(maxDiff(k2.s, s.slice(0, 2))).toBeLessThan(8 * 8 * EPS * 20);
  });

  it.each([[7, 3], [3, 6], [4, 4], [150, 40]])('la.svd full (%i×%i): u m×m and vt n×n orthogonal, the leading min(m, n) columns/rows reconstruct a (≤ 8·max(m, n)·eps)', async (m, n) => {
    const a = rand(m, n, 23);
    const thin = await call('la.svd', { a });
    const { u, s, vt } = await call('la.svd', { a, full: true });
    const r = Math.min(m, n);
    expect([u.rows, u.cols, s.length, vt.rows, vt.cols]).toEqual([m, m, r, n, n]);
    expect(maxDiff(mul(t(u), u), eye(m))).toBeLessThan(8 * Math.max(m, n) * EPS);
    expect(maxDiff(mul(vt, t(vt)), eye(n))).toBeLessThan(8 * Math.max(m, n) * EPS);
    // the thin factors are the leading block, unchanged
    expect(maxDiff(s, thin.s)).toBe(0);
    const uThin = { rows: m, cols: r, data: u.data.filter((_: number, i: number) => i % m < r) };
    const vtThin = { rows: r, cols: n, data: vt.data.slice(0, r * n) };
    expect(maxDiff(uThin, thin.u)).toBe(0);
    expect(maxDiff(vtThin, thin.vt)).toBe(0);
    expect(maxDiff(mul(scaleCols(uThin, s), vtThin), a)).toBeLessThan(8 * Math.max(m, n) * EPS * 20);
  });

  it('la.svd full with k is INVALID_ARGUMENT naming full', async () => {
    const err = await fail('la.svd', { a: rand(3, 2), full: true, k: 1 });
    expect(err.code).toBe('INVALID_ARGUMENT');
    expect(err.message).toMatch(/^full/);
    // a 1×2000 a (2,000 numbers) would have a 2000×2000 vt: refused on the shape
    const wide = await fail('la.svd', { a: rand(1, 2000), full: true });
    expect(wide.message).toContain('vt would be 2000x2000 (full: n x n) = 4000000 elements, more than the limit of 1000000');
  });

  it('la.svd above the Jacobi size (Golub–Kahan + WASM kernels in the bundled worker): reconstruction, orthogonality', async () => {
    const a = rand(120, 100, 19);
    const { u, s, vt } = await call('la.svd', { a });
    expect([u.rows, u.cols, s.length, vt.rows, vt.cols]).toEqual([120, 100, 100, 100, 100]);
    // backward stable: c·n·eps·‖A‖ with c = 16, n = 120, entries O(4)
    expect(maxDiff(mul(scaleCols(u, s), vt), a)).toBeLessThan(16 * 120 * EPS * s[0]);
    expect(maxDiff(mul(t(u), u), eye(100))).toBeLessThan(16 * 120 * EPS);
    const { values } = await call('la.eigh', { a: mul(t(a), a) });
    // σ² = eig(AᵀA) (independent tridiagonal path), relative to σ_max²
    expect(maxDiff(values.slice().reverse(), s.map((x: number) => x * x))).toBeLessThan(64 * 120 * EPS * s[0] ** 2);
  });

  it('la.pca: ratios sum to 1 at full k, components orthonormal, scores = (x − mean)·componentsᵀ', async () => {
    const x = rand(20, 3, 17);
    const r = await call('la.pca', { x, scale: true });
    expect(r.explainedVarianceRatio.reduce((s: number, v: number) => s + v, 0)).toBeCloseTo(1, 12);
    expect(maxDiff(mul(r.components, t(r.components)), eye(3))).toBeLessThan(8 * 20 * EPS);
    const z = { rows: 20, cols: 3, data: x.data.map((v, i) => (v - r.mean[i % 3]) / r.scale[i % 3]) };
    expect(maxDiff(mul(z, t(r.components)), r.transformed)).toBeLessThan(8 * 20 * EPS * 10);
    const slim = await call('la.pca', { x, k: 1, transform: false });
    expect(slim.transformed).toBeUndefined();
    expect(slim.scale).toBeUndefined();
    expect(slim.components.rows).toBe(1);
  });

  it.each([
    ['la.solve', 'singular a', { a: { rows: 2, cols: 2, data: [1, 2, 2, 4] }, b: { rows: 2, cols: 1, data: [1, 1] } }, /singular.*: use la\.lstsq for the least-squares \(minimum-norm\) solution/],
    ['la.inv', 'singular a', { a: { rows: 2, cols: 2, data: [1, 2, 2, 4] } }, /singular.*: it has no inverse; la\.lstsq solves a·x = b in the least-squares sense/],
    ['la.cholesky', 'indefinite a', { a: { rows: 2, cols: 2, data: [1, 2, 2, 1] } }, /not positive definite.*: use la\.ldlt for a symmetric indefinite or semidefinite matrix/],
    ['la.cholesky', 'semidefinite a', { a: { rows: 2, cols: 2, data: [1, 1, 1, 1] } }, /not positive definite.*: use la\.ldlt/],
  ])('%s: %s → FAILED_PRECONDITION with the reason and what to do', async (subject, _what, body, reason) => {
    const err = await fail(subject, body);
    expect(err.code).toBe('FAILED_PRECONDITION');
    expect(err.message).toMatch(reason);
  });

  it.each([
    ['la.solve', 'non-square a', { a: { rows: 2, cols: 3, data: [1, 2, 3, 4, 5, 6] }, b: { rows: 2, cols: 1, data: [1, 1] } }, 'a'],
    ['la.solve', 'b rows mismatch', { a: { rows: 2, cols: 2, data: [1, 0, 0, 1] }, b: { rows: 3, cols: 1, data: [1, 1, 1] } }, 'b'],
    ['la.lstsq', 'negative ridge', { a: { rows: 2, cols: 1, data: [1, 2] }, b: { rows: 2, cols: 1, data: [1, 1] }, ridge: -1 }, 'ridge'],
    ['la.eig', 'non-square a', { a: { rows: 1, cols: 2, data: [1, 2] } }, 'a'],
    ['la.det', 'non-square a', { a: { rows: 1, cols: 2, data: [1, 2] } }, 'a'],
    ['la.eigh', 'asymmetric a', { a: { rows: 2, cols: 2, data: [1, 2, 3, 4] } }, 'a is not symmetric: [1][0] = 3 but [0][1] = 2: la.eig takes a general matrix'],
    ['la.eigsh', 'asymmetric a', { a: { rows: 2, cols: 2, data: [1, 2, 3, 4] }, k: 1 }, 'a is not symmetric: [1][0] = 3 but [0][1] = 2: la.eig takes a general matrix'],
    ['la.svd', 'k > min(rows, cols)', { a: { rows: 2, cols: 3, data: [1, 2, 3, 4, 5, 6] }, k: 3 }, 'k'],
    ['la.svd', 'k = 0', { a: { rows: 2, cols: 3, data: [1, 2, 3, 4, 5, 6] }, k: 0 }, 'k'],
    ['la.pca', 'k out of range', { x: { rows: 3, cols: 2, data: [1, 2, 3, 4, 5, 7] }, k: 5 }, 'k'],
    ['la.pca', 'ragged x', { x: { rows: 3, cols: 2, data: [1, 2, 3] } }, 'x.data'],
    ['la.qr', 'unknown field', { a: { rows: 1, cols: 1, data: [1] }, mode: 'full' }, 'mode'],
  ])('%s: %s → INVALID_ARGUMENT naming %s', async (subject, _what, body, field) => {
    const err = await fail(subject, body);
    expect(err.code).toBe('INVALID_ARGUMENT');
    expect(err.message).toContain(field);
  });

  // JSON has no ∞: an overflowing result used to go out as null in a successful reply
  it.each([
    ['la.matmul', '1e200·1e200', { a: { rows: 1, cols: 2, data: [1, 1e200] }, b: { rows: 2, cols: 2, data: [1, 0, 0, 1e200] } }, 'c.data[1] is Infinity'],
    ['la.inv', 'a subnormal 1×1', { a: { rows: 1, cols: 1, data: [1e-310] } }, 'inv.data[0] is Infinity'],
    ['la.solve', 'x beyond 1.8e308', { a: { rows: 1, cols: 1, data: [1e-300] }, b: { rows: 1, cols: 1, data: [-1e300] } }, 'x.data[0] is -Infinity'],
    ['la.pca', 'variances of values ~1e300', { x: { rows: 3, cols: 2, data: [1e300, 0, -1e300, 1, 0, 2] } }, 'explainedVariance[0] is Infinity'],
  ])('%s: a result that overflows (%s) is FAILED_PRECONDITION naming the entry, not null', async (subject, _what, body, entry) => {
    const err = await fail(subject, body);
    expect(err.code).toBe('FAILED_PRECONDITION');
    expect(err.message).toContain(`the result overflows the double range: ${entry}`);
  });

  it('la.det still answers det null when only det overflows (documented), with logAbsDet', async () => {
    const d = await call('la.det', { a: { rows: 2, cols: 2, data: [1e300, 0, 0, 1e300] } });
    expect(d.det).toBeNull();
    expect(d.logAbsDet).toBeCloseTo(600 * Math.log(10), 10);
  });

  it('la.lstsq refuses an x (a.cols × b.cols) larger than the per-matrix limit before solving', async () => {
    const ones = new Array(2000).fill(1);
    const err = await fail('la.lstsq', { a: { rows: 1, cols: 2000, data: ones }, b: { rows: 1, cols: 2000, data: ones } });
    expect(err.code).toBe('INVALID_ARGUMENT');
    expect(err.message).toContain('x would be 2000x2000 (a.cols x b.cols) = 4000000 elements, more than the limit of 1000000');
  });

  it('a reply too big for one NATS message is RESOURCE_EXHAUSTED, not a timeout', async () => {
    // 300×300 inverse: 90,000 dense numbers of ~20 JSON bytes ≈ 1.8 MB > 1 MiB, while the request
    // (one-digit integers, diagonally dominant so it is invertible) is ~180 KB
    const n = 300;
    const a = { rows: n, cols: n, data: Array.from({ length: n * n }, (_, i) => (i % (n + 1) === 0 ? 3000 : (i * 7919) % 10)) };
    const err = await fail('la.inv', { a });
    expect(err.code).toBe('RESOURCE_EXHAUSTED');
    expect(err.message).toMatch(/max_payload/);
  });
});
