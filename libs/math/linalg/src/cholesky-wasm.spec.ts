import { describe, expect, it } from 'vitest';
import { cholesky, choleskyLowerTs } from './cholesky';
import { choleskyWasm } from './cholesky-wasm';
import { EPS, diffNorm, expectBelow, frobenius, randomSpd, seeded } from './testing/helpers';
import { wasmKernelsAvailable, wasmRuntime } from './wasm/kernels';

/**
 * The resident WASM Cholesky (recursive, GEMM trailing updates) against the TypeScript blocked path.
 * Both are backward stable, so their factors of a well-conditioned SPD matrix (κ ≈ small, randomSpd adds
 * n·I) agree to ‖ΔL‖/‖L‖ ≤ c·n·eps; c = 4 (observed ~0.1).
 */
describe.skipIf(process.env.MODELBUS_LINALG_KERNELS === 'ts')('Cholesky in WASM vs TypeScript', () => {
  it('is loaded', () => expect(wasmKernelsAvailable()).toBe(true));

  // 1, odd, below/above the recursion leaves (64, 96) and splits that are not multiples of 8
  it.each([[1], [2], [5], [24], [63], [64], [65], [97], [130], [257], [301]])('agrees with the TS factor, n = %i', (n) => {
    const a = randomSpd(n, seeded(100 + n));
    const w = choleskyWasm(a.data, n);
    if (!(w instanceof Float64Array)) throw new Error(`expected a factor, got ${JSON.stringify(w)}`);
    const t = choleskyLowerTs(a);
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) expect(w[i * n + j]).toBe(0);
    expectBelow('‖Lw − Lts‖/‖L‖', diffNorm({ rows: n, cols: n, data: w }, t) / frobenius(t), 4 * n * EPS);
  });

  it('reports the failing pivot with the same index and value as the TS path, past the first leaf', () => {
    const n = 150;
    const a = randomSpd(n, seeded(7));
    for (let j = 0; j < n; j++) a.data[111 * n + j] = a.data[j * n + 111] = 0;
    expect(choleskyWasm(a.data, n)).toEqual({ info: 111, pivot: 0 });
    expect(() => cholesky(a)).toThrow('a is not positive definite: pivot 111 is 0');
    expect(() => choleskyLowerTs(a)).toThrow('a is not positive definite: pivot 111 is 0');
  });

  it('flags non-finite or asymmetric input for the TypeScript check to name', () => {
    const n = 41;
    for (const [i, j, v] of [[3, 5, Number.NaN], [40, 40, Infinity], [40, 0, 1], [0, 39, -1]] as const) {
      const a = randomSpd(n, seeded(9));
      a.data[i * n + j] = v;
      expect(choleskyWasm(a.data, n)).toBe('check');
    }
    const a = randomSpd(n, seeded(9));
    a.data[40 * n + 1] += 1e-12 * frobenius(a); // within checkSymmetric's 1e-10·max|a|
    expect(choleskyWasm(a.data, n)).toBeInstanceOf(Float64Array);
    a.data[40 * n + 1] += 1;
    expect(() => cholesky(a)).toThrow('a is not symmetric: [40][1]');
  });

  // The TRSM behind the panel solve, on its own: odd orders and odd row counts reach the code paths that
  // the Cholesky recursion (which splits at multiples of 8) does not. Checks X·Lᵀ = B with a
  // forward-substitution residual bound c·n·eps·|X||Lᵀ|, c = 4.
  it.each([[1, 1], [3, 7], [8, 33], [5, 97], [20, 150]])('trsmRightLowerTrans: X·Lᵀ = B for m=%i, n=%i', (m, n) => {
    const w = wasmRuntime();
    if (w === null) throw new Error('not loaded');
    const rand = seeded(m * 1000 + n);
    const l = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) l[i * n + j] = i === j ? 1 + rand() : rand() - 0.5;
    const b = Float64Array.from({ length: m * n }, () => rand() - 0.5);
    const lPtr = w.arena.alloc(l.byteLength), bPtr = w.arena.alloc(b.byteLength), work = w.arena.alloc(w.exports.workBytes(n, n, n));
    try {
      new Float64Array(w.memory.buffer, lPtr, n * n).set(l);
      new Float64Array(w.memory.buffer, bPtr, m * n).set(b);
      w.exports.trsmRightLowerTrans(m, n, lPtr, n, bPtr, n, work);
      const x = new Float64Array(w.memory.buffer, bPtr, m * n).slice();
      for (let i = 0; i < m; i++) {
        for (let j = 0; j < n; j++) {
          let s = 0, abs = 0;
          for (let p = 0; p <= j; p++) {
            s += x[i * n + p] * l[j * n + p];
            abs += Math.abs(x[i * n + p] * l[j * n + p]);
          }
          expectBelow(`(${i},${j})`, Math.abs(s - b[i * n + j]), 4 * n * EPS * abs + 1e-300);
        }
      }
    } finally {
      for (const p of [lPtr, bPtr, work]) w.arena.free(p);
    }
  });
});
