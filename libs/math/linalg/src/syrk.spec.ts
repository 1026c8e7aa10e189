import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from './errors';
import { gemv, gemvResident, gemvTs, gemvWasm } from './gemv';
import { gram, syrk, syrkTs, syrkWasm } from './syrk';
import { EPS, naiveProduct, randomMatrix, seeded, transpose } from './testing/helpers';
import { wasmKernelsAvailable } from './wasm/kernels';
import { ResidentMatrix } from './wasm/resident';

/**
 * Same componentwise bound as the GEMM tests: each entry is a k-term dot product, so WASM, TS and the
 * naive loop each sit within γ_{k+2}·(|α|(|A||Aᵀ|)_ij + |β c_ij|) of the exact value; we allow twice that.
 */
function expectNear(got: Float64Array, want: Float64Array, scale: Float64Array, k: number): void {
  const gamma = ((k + 2) * EPS) / (1 - (k + 2) * EPS);
  for (let i = 0; i < want.length; i++) {
    const err = Math.abs(got[i] - want[i]);
    if (!(err <= 2 * gamma * scale[i] + 1e-300)) throw new Error(`element ${i}: got ${got[i]}, want ${want[i]}, err ${err}`);
  }
}

describe('syrk', () => {
  it.each([[1, 1], [1, 7], [5, 3], [49, 20], [97, 130], [130, 257]])('n=%i k=%i: both products, alpha/beta, WASM and TS, exactly symmetric', (n, k) => {
    const rand = seeded(n * 31 + k);
    for (const trans of [false, true]) {
      const a = trans ? randomMatrix(k, n, rand) : randomMatrix(n, k, rand);
      const c0 = randomMatrix(n, n, rand);
      for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) c0.data[j * n + i] = c0.data[i * n + j];
      const { c: p, abs } = naiveProduct(a, transpose(a), trans, trans);
      const want = p.data.map((v, i) => -0.5 * v + 2 * c0.data[i]);
      const scale = abs.data.map((v, i) => 0.5 * v + 2 * Math.abs(c0.data[i]));
      const c = { ...c0, data: c0.data.slice() };
      syrk(trans, -0.5, a, 2, c);
      expectNear(c.data, want, scale, k);
      const ts = c0.data.slice();
      syrkTs(trans, n, k, -0.5, a.data, 2, ts);
      expectNear(ts, want, scale, k);
      for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) expect(c.data[j * n + i]).toBe(c.data[i * n + j]);
      if (wasmKernelsAvailable()) {
        const w = c0.data.slice();
        expect(syrkWasm(trans, n, k, -0.5, a.data, 2, w)).toBe(true);
        expectNear(w, want, scale, k);
      }
    }
  });

  it('gram gives AᵀA and AAᵀ; bad shapes are named', () => {
    const a = { rows: 2, cols: 3, data: Float64Array.from([1, 2, 3, 4, 5, 6]) };
    expect(Array.from(gram(a).data)).toEqual([14, 32, 32, 77]);
    expect(Array.from(gram(a, true).data)).toEqual([17, 22, 27, 22, 29, 36, 27, 36, 45]);
    expect(() => syrk(false, 1, a, 0, { rows: 3, cols: 3, data: new Float64Array(9) })).toThrow(InvalidArgumentError);
  });
});

describe('gemv', () => {
  it.each([[1, 1], [3, 5], [64, 64], [65, 130], [300, 17]])('m=%i n=%i: both orientations, alpha/beta, WASM vs TS vs naive', (m, n) => {
    const rand = seeded(m * 7 + n);
    const a = randomMatrix(m, n, rand);
    for (const trans of [false, true]) {
      const [xl, yl] = trans ? [m, n] : [n, m];
      const x = randomMatrix(xl, 1, rand);
      const y0 = randomMatrix(yl, 1, rand).data;
      const { c: p, abs } = naiveProduct(a, x, trans, false);
      const want = p.data.map((v, i) => 1.5 * v - 0.25 * y0[i]);
      const scale = abs.data.map((v, i) => 1.5 * v + 0.25 * Math.abs(y0[i]));
      const y = y0.slice();
      gemv(trans, 1.5, a, x.data, -0.25, y);
      expectNear(y, want, scale, xl);
      const ts = y0.slice();
      gemvTs(trans, m, n, 1.5, a.data, x.data, -0.25, ts);
      expectNear(ts, want, scale, xl);
      if (wasmKernelsAvailable()) {
        const w = y0.slice();
        expect(gemvWasm(trans, m, n, 1.5, a.data, 0, x.data, -0.25, w)).toBe(true);
        expectNear(w, want, scale, xl);
        const r = ResidentMatrix.from(a);
        try {
          const yr = y0.slice();
          gemvResident(trans, 1.5, r, x.data, -0.25, yr);
          expectNear(yr, want, scale, xl);
        } finally {
          r.dispose();
        }
      }
    }
  });

  it('beta = 0 ignores y (even NaN); wrong lengths are named', () => {
    const a = { rows: 2, cols: 2, data: Float64Array.from([1, 2, 3, 4]) };
    expect(Array.from(gemv(false, 1, a, Float64Array.of(1, 1), 0, Float64Array.of(Number.NaN, 0)))).toEqual([3, 7]);
    expect(() => gemv(false, 1, a, new Float64Array(3), 0, new Float64Array(2))).toThrow('x must be a Float64Array of length 2');
  });
});
