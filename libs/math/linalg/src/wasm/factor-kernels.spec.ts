import { describe, expect, it } from 'vitest';
import { bidiagonalize } from '../svd-golub-kahan';
import { tridiagonalizeTs } from '../tridiagonal';
import { EPS, seeded } from '../testing/helpers';
import { bidiagonalizeWasm, rotateRowsWasm, tridiagonalizeWasm, wasmKernelsAvailable } from './kernels';

// WASM SIMD factorisation kernels vs their TypeScript twins (skipped when the TS backend is forced).
describe.skipIf(process.env.MODELBUS_LINALG_KERNELS === 'ts')('WASM factorisation kernels', () => {
  it('are loaded', () => expect(wasmKernelsAvailable()).toBe(true));

  it('rotateRows: bitwise equal to the TS strip loop (same multiply/add order, no FMA)', () => {
    const rand = seeded(3);
    const rows = 7, len = 131; // odd length exercises the scalar tail
    const x = Float64Array.from({ length: rows * len }, () => 2 * rand() - 1);
    const count = 40;
    const idx = new Int32Array(2 * count);
    const cs = new Float64Array(2 * count);
    for (let q = 0; q < count; q++) {
      const i = q % rows, j = (q * 3 + 1) % rows === i ? (i + 1) % rows : (q * 3 + 1) % rows;
      const th = rand() * 6.28;
      idx[2 * q] = i * len;
      idx[2 * q + 1] = j * len;
      cs[2 * q] = Math.cos(th);
      cs[2 * q + 1] = Math.sin(th);
    }
    const ts = x.slice();
    for (let q = 0; q < count; q++) {
      const c = cs[2 * q], s = cs[2 * q + 1];
      for (let k = 0; k < len; k++) {
        const a = ts[idx[2 * q] + k], b = ts[idx[2 * q + 1] + k];
        ts[idx[2 * q] + k] = c * a + s * b;
        ts[idx[2 * q + 1] + k] = c * b - s * a;
      }
    }
    const wasm = x.slice();
    expect(rotateRowsWasm(wasm, len, idx, cs, count, 64)).toBe(true);
    expect(Array.from(wasm)).toEqual(Array.from(ts));
  });

  it.each([[9, 9], [40, 17], [65, 64]])('bidiagonalize %ix%i agrees with TS to c·m·n·eps (dot products summed pairwise in SIMD)', (m, n) => {
    const rand = seeded(m + n);
    const a = Float64Array.from({ length: m * n }, () => 2 * rand() - 1);
    const outTs = { a: a.slice(), d: new Float64Array(n), e: new Float64Array(n), tl: new Float64Array(n), tr: new Float64Array(n) };
    bidiagonalize(outTs.a, m, n, outTs.d, outTs.e, outTs.tl, outTs.tr, new Float64Array(Math.max(m, n)));
    const outW = { a: a.slice(), d: new Float64Array(n), e: new Float64Array(n), tl: new Float64Array(n), tr: new Float64Array(n) };
    expect(bidiagonalizeWasm(outW.a, m, n, outW.d, outW.e, outW.tl, outW.tr)).toBe(true);
    // both backward stable on an O(1) matrix; differences from summation order only: 16·m·n·eps
    const tol = 16 * m * n * EPS;
    for (const key of ['a', 'd', 'e', 'tl', 'tr'] as const) {
      const diff = outTs[key].reduce((mx, v, i) => Math.max(mx, Math.abs(v - outW[key][i])), 0);
      expect(diff, key).toBeLessThan(tol);
    }
  });

  it.each([5, 33, 70])('tridiagonalize n = %i agrees with TS to c·n²·eps', (n) => {
    const rand = seeded(n);
    const a = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) a[i * n + j] = a[j * n + i] = 2 * rand() - 1;
    const ts = { a: a.slice(), d: new Float64Array(n), e: new Float64Array(n), t: new Float64Array(n) };
    tridiagonalizeTs(ts.a, n, ts.d, ts.e, ts.t);
    const wa = { a: a.slice(), d: new Float64Array(n), e: new Float64Array(n), t: new Float64Array(n) };
    expect(tridiagonalizeWasm(wa.a, n, wa.d, wa.e, wa.t)).toBe(true);
    for (const key of ['a', 'd', 'e', 't'] as const) {
      const diff = ts[key].reduce((mx, v, i) => Math.max(mx, Math.abs(v - wa[key][i])), 0);
      expect(diff, key).toBeLessThan(16 * n * n * EPS);
    }
  });
});
