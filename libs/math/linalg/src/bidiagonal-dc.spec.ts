import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bidiagonalSvdDc, mergeProductTs } from './bidiagonal-dc';
import { mergeProductWasm } from './bidiagonal-dc-wasm';
import { secularSvd } from './bidiagonal-secular';
import { bidiagonalQr } from './svd-bidiagonal-qr';
import { EPS, expectBelow, seeded } from './testing/helpers';

/**
 * Divide and conquer with Gu–Eisenstat vectors is backward stable (Gu & Eisenstat 1995): max_ij |B·v_j − σ_j·u_j|_i ≤
 * c·n·eps·‖B‖ and |UUᵀ − I|, |VVᵀ − I| ≤ c·n·eps entrywise, c = 8 (observed ≤ 0.5 on the cases below);
 * its σ agree with the QR iteration's (absolute accuracy) to c·n·eps·‖B‖. ‖B‖ here is the max row sum.
 * Leaves of 3–4 rows force many merge levels, so deflation and the secular solver see every case.
 */
function check(d0: Float64Array, e0: Float64Array, leaf: number): Float64Array {
  const n = d0.length;
  const d = d0.slice();
  const { ut, vt } = bidiagonalSvdDc(d, e0.slice(), n, leaf);
  let bn = Number.MIN_VALUE;
  for (let i = 0; i < n; i++) bn = Math.max(bn, Math.abs(d0[i]) + (i < n - 1 ? Math.abs(e0[i]) : 0));
  let res = 0, ou = 0, ov = 0;
  for (let j = 0; j < n; j++) {
    expect(d[j]).toBeGreaterThanOrEqual(j > 0 ? d[j - 1] : 0);
    for (let i = 0; i < n; i++) {
      const bv = d0[i] * vt[j * n + i] + (i < n - 1 ? e0[i] * vt[j * n + i + 1] : 0);
      res = Math.max(res, Math.abs(bv - d[j] * ut[j * n + i]));
    }
    for (let k = 0; k <= j; k++) {
      let su = 0, sv = 0;
      for (let i = 0; i < n; i++) {
        su += ut[j * n + i] * ut[k * n + i];
        sv += vt[j * n + i] * vt[k * n + i];
      }
      ou = Math.max(ou, Math.abs(su - (j === k ? 1 : 0)));
      ov = Math.max(ov, Math.abs(sv - (j === k ? 1 : 0)));
    }
  }
  const bound = 8 * Math.max(n, 1) * EPS;
  expectBelow('‖Bv − σu‖/‖B‖', res / bn, bound);
  expectBelow('‖UUᵀ − I‖', ou, bound);
  expectBelow('‖VVᵀ − I‖', ov, bound);
  // σ agree with the implicit QR iteration's
  const s = d0.slice();
  const eye = () => {
    const x = new Float64Array(n * n);
    for (let i = 0; i < n; i++) x[i * n + i] = 1;
    return x;
  };
  if (n > 0) bidiagonalQr(s, e0.slice(), eye(), n, eye(), n);
  const sq = Array.from(s, Math.abs).sort((x, y) => x - y);
  for (let i = 0; i < n; i++) expectBelow(`σ_${i} vs QR`, Math.abs(d[i] - sq[i]), bound * bn);
  return d;
}

const fill = (n: number, f: (i: number) => number) => Float64Array.from({ length: n }, (_, i) => f(i));

describe('bidiagonal divide and conquer', () => {
  it.each([[0, 3], [1, 3], [2, 3], [3, 3], [4, 3], [5, 3], [7, 4], [50, 3], [50, 1], [131, 8], [300, 32]])('random n = %i, leaf %i', (n, leaf) => {
    const r = seeded(n * 10 + leaf);
    check(fill(n, () => 2 * r() - 1), fill(n, () => 2 * r() - 1), leaf);
  });

  it('heavy deflation: identity, zero, equal and repeated σ, tiny and zero couplings', () => {
    const r = seeded(5);
    expect(Array.from(check(fill(60, () => 1), fill(60, () => 0), 3))).toEqual(Array(60).fill(1));
    expect(Array.from(check(fill(60, () => 0), fill(60, () => 0), 3))).toEqual(Array(60).fill(0));
    check(fill(60, () => 1), fill(60, () => 1e-300), 3);
    check(fill(60, () => 2), fill(60, (i) => (i % 3 === 0 ? 1e-300 : 0.5)), 3);
    check(fill(60, (i) => Math.floor(i / 4)), fill(60, (i) => (i % 2 ? 0 : 1e-9 * r())), 3);
    check(fill(80, () => 1 + 1e-14 * r()), fill(80, () => 1e-8 * r()), 3);
    check(fill(60, () => -1), fill(60, (i) => (i % 5 === 0 ? 1 : 0)), 4); // negative d, repeated σ
  });

  it('zero diagonal entries (exactly singular), zero superdiagonal, graded over 300 binary orders', () => {
    const r = seeded(6);
    const zeroD = check(fill(60, (i) => (i % 5 === 0 ? 0 : r())), fill(60, () => r()), 3);
    expectBelow('σ_min of a singular B', zeroD[0], 8 * 60 * EPS * 2);
    check(fill(60, () => 0), fill(60, () => r()), 3);
    check(fill(60, () => r()), fill(60, (i) => (i % 7 === 0 ? 0 : r())), 4);
    check(fill(60, (i) => 2 ** -(5 * i)), fill(60, (i) => 2 ** -(5 * i + 2)), 3);
    check(fill(60, (i) => 2 ** -(5 * (59 - i))), fill(60, (i) => 2 ** -(5 * (59 - i) + 2)), 3);
  });

  it('property: random structured bidiagonals (mixtures of zero, repeated, tiny, graded and random entries)', () => {
    const entry = (r: () => number, kind: number, i: number) =>
      [0, 1, -1, 1e-200 * r(), 2 * r() - 1, 2 ** -(i % 40), 1 + 1e-15 * r()][kind];
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 48 }), fc.constantFrom(3, 4, 7), fc.integer(), fc.integer({ min: 0, max: 6 }), fc.integer({ min: 0, max: 6 }), (n, leaf, s, kd, ke) => {
        const r = seeded(s);
        // each entry keeps its kind with probability 1/2, else is uniform: mixtures, not only pure structures
        check(fill(n, (i) => entry(r, r() < 0.5 ? kd : 4, i)), fill(n, (i) => entry(r, r() < 0.5 ? ke : 4, i)), leaf);
      }),
      { numRuns: 60 },
    );
  });
});

describe('secularSvd (the merge arrowhead)', () => {
  it('σ of [z; diag(d)] equal the dense eigen-free check: M·v_j = σ_j·u_j, orthonormal u, v', () => {
    const d = Float64Array.from([0, 0.1, 0.1 + 1e-12, 0.5, 2]);
    const z = Float64Array.from([0.3, -1e-8, 0.7, 1, 0.2]);
    const k = d.length;
    const sigma = new Float64Array(k);
    const { cu, cv } = secularSvd(d, z, sigma);
    for (let j = 0; j < k; j++) {
      if (j > 0) expect(sigma[j]).toBeGreaterThan(sigma[j - 1]);
      for (let i = 0; i < k; i++) {
        const mv = i === 0 ? z.reduce((acc, zi, c) => acc + zi * cv[j * k + c], 0) : d[i] * cv[j * k + i];
        expectBelow(`(Mv − σu)_${i}`, Math.abs(mv - sigma[j] * cu[j * k + i]), 8 * k * EPS * 2);
      }
      for (let l = 0; l <= j; l++) {
        let su = 0, sv = 0;
        for (let i = 0; i < k; i++) {
          su += cu[j * k + i] * cu[l * k + i];
          sv += cv[j * k + i] * cv[l * k + i];
        }
        expectBelow('u orthonormal', Math.abs(su - (j === l ? 1 : 0)), 8 * k * EPS);
        expectBelow('v orthonormal', Math.abs(sv - (j === l ? 1 : 0)), 8 * k * EPS);
      }
    }
  });
});

describe('WASM merge (assembly/secular-svd.ts + resident products)', () => {
  // Same formulas and iteration as the TS twin; the SIMD sums round differently, so roots and vectors agree
  // to c·k·eps (c = 8) relative to σ_max / entrywise, not bitwise.
  it.each([[1], [2], [7], [60], [201]])('agrees with the TypeScript merge, k = %i', (k) => {
    const r = seeded(k);
    const d = new Float64Array(k);
    for (let i = 1; i < k; i++) d[i] = d[i - 1] + 0.01 + r() * (i % 9 === 0 ? 1e-9 : 1); // some close poles
    const z = Float64Array.from({ length: k }, (_, i) => (r() - 0.5) * (i % 5 === 0 ? 1e-6 : 1));
    const pos = Int32Array.from({ length: k }, (_, i) => (i + k - 1) % k); // coordinate 0 last, as the merge orders it
    const eye = new Float64Array(k * k);
    for (let i = 0; i < k; i++) eye[i * k + i] = 1;
    const rowAt = Int32Array.from({ length: k - 1 }, (_, c) => c * k);
    const shape = { K: k, s: k, sc: k, n1: k - 1, n2: 0, n3: 0, nl: k - 1 };
    const sw = new Float64Array(k);
    const w = mergeProductWasm(d, z, pos, sw, eye, eye, rowAt, shape);
    if (w === null) return; // TypeScript backend: nothing to compare
    const copy = { cu: w.cu.slice(), cv: w.cv.slice(), outU: w.outU.slice(), outV: w.outV.slice() };
    const st = new Float64Array(k);
    const t = mergeProductTs(d, z, pos, st, eye, eye, rowAt, shape);
    const bound = 8 * k * EPS;
    for (let j = 0; j < k; j++) expectBelow(`σ_${j}`, Math.abs(sw[j] - st[j]), bound * st[k - 1]);
    for (const key of ['cu', 'cv', 'outU', 'outV'] as const) {
      const diff = copy[key].reduce((mx, v, i) => Math.max(mx, Math.abs(v - t[key][i])), 0);
      expectBelow(key, diff, bound);
    }
  });
});
