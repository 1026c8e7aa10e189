import { describe, expect, it } from 'vitest';
import { tridiagonalizeLowerWasm, tridiagonalizeTs } from './tridiagonal';
import { EPS, seeded } from './testing/helpers';

// The fused one-pass WASM reduction vs the two-pass TypeScript loop: same reflectors, different
// summation order, so agreement to c·n²·eps on O(1) entries (c = 16). The upper triangle handed to
// the WASM path is NaN: it must read only the lower one.
describe.skipIf(process.env.MODELBUS_LINALG_KERNELS === 'ts')('tridiagonalizeLower (WASM, one pass over the lower triangle)', () => {
  it.each([2, 5, 33, 70, 129])('n = %i agrees with the TypeScript reduction', (n) => {
    const rand = seeded(n + 1);
    const a = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) a[i * n + j] = a[j * n + i] = 2 * rand() - 1;
    for (let i = 2; i < n; i++) a[i * n] = 0; // column 0 already reduced: step 0 has τ = 0
    for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) a[j * n + i] = a[i * n + j];
    const ts = { a: a.slice(), d: new Float64Array(n), e: new Float64Array(n), t: new Float64Array(n) };
    tridiagonalizeTs(ts.a, n, ts.d, ts.e, ts.t);
    const lower = a.slice();
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) lower[i * n + j] = Number.NaN;
    const w = { a: lower, d: new Float64Array(n), e: new Float64Array(n), t: new Float64Array(n) };
    expect(tridiagonalizeLowerWasm(w.a, n, w.d, w.e, w.t)).toBe(true);
    const tol = 16 * n * n * EPS;
    for (const key of ['d', 'e', 't'] as const) {
      const diff = ts[key].reduce((mx, v, i) => Math.max(mx, Math.abs(v - w[key][i])), 0);
      expect(diff, key).toBeLessThan(tol);
    }
    for (let j = 0; j + 2 < n; j++) {
      if (ts.t[j] === 0) continue;
      for (let c = j + 2; c < n; c++) expect(Math.abs(ts.a[j * n + c] - w.a[j * n + c]), `v${j}[${c}]`).toBeLessThan(tol);
    }
  });
});
