import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { gemmKernelTs } from '../gemm-kernel';
import { EPS, seeded } from '../testing/helpers';
import { gemmKernelWasm, kernelBackendStatus, wasmKernelsAvailable } from './kernels';

/**
 * WASM SIMD GEMM vs the plain-TS kernel. Both compute each entry as k products summed in some order
 * (no FMA), so each is within γ_{k+2}·(|α|(|A||B|)_ij + |β c_ij|) of the exact value and they differ
 * by at most twice that (Higham §3.5); MIN_VALUE term covers underflow.
 */
function compare(tA: boolean, tB: boolean, m: number, n: number, k: number, alpha: number, beta: number, pad: number, seed: number): void {
  const rand = seeded(seed);
  const [ar, ac] = tA ? [k, m] : [m, k];
  const [br, bc] = tB ? [n, k] : [k, n];
  const lda = ac + pad;
  const ldb = bc + pad;
  const ldc = n + pad;
  const fill = (len: number) => Float64Array.from({ length: len }, () => 2 * rand() - 1);
  const a = fill(ar * lda);
  const b = fill(br * ldb);
  const c0 = fill(m * ldc);
  const cTs = c0.slice();
  const cWasm = c0.slice();
  gemmKernelTs(tA, tB, m, n, k, alpha, a, lda, b, ldb, beta, cTs, ldc);
  gemmKernelWasm(tA, tB, m, n, k, alpha, a, lda, b, ldb, beta, cWasm, ldc);
  const gamma = ((k + 2) * EPS) / (1 - (k + 2) * EPS);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < ldc; j++) {
      const idx = i * ldc + j;
      if (j >= n) {
        // Padding columns of C must be untouched.
        expect(cWasm[idx]).toBe(c0[idx]);
        continue;
      }
      let absSum = 0;
      for (let p = 0; p < k; p++) {
        const x = tA ? a[p * lda + i] : a[i * lda + p];
        const y = tB ? b[j * ldb + p] : b[p * ldb + j];
        absSum += Math.abs(x * y);
      }
      const bound = 2 * gamma * (Math.abs(alpha) * absSum + Math.abs(beta * c0[idx])) + 4 * (k + 3) * Number.MIN_VALUE;
      const err = Math.abs(cWasm[idx] - cTs[idx]);
      if (!(err <= bound)) throw new Error(`(${i},${j}): wasm ${cWasm[idx]} vs ts ${cTs[idx]}, |diff| ${err} > ${bound}`);
    }
  }
}

describe('WASM SIMD GEMM kernel', () => {
  // Fails when kernels.wasm was not built, so a broken build cannot hide behind the TS fallback.
  it.skipIf(process.env.MODELBUS_LINALG_KERNELS === 'ts')('is loaded (build it first: node libs/math/linalg/scripts/build-wasm.mjs)', () => {
    expect(kernelBackendStatus()).toMatch(/^wasm-simd/);
    expect(wasmKernelsAvailable()).toBe(true);
  });

  const shapes: [number, number, number][] = [
    [1, 1, 1], [2, 8, 1], [3, 9, 7], [7, 5, 13], [64, 64, 64], [130, 131, 257], [5, 2100, 3], [4, 7, 600],
  ];
  it.each(shapes)('matches the TS kernel for m=%i n=%i k=%i, all transposes, strided operands', (m, n, k) => {
    for (const tA of [false, true]) for (const tB of [false, true]) compare(tA, tB, m, n, k, 1.25, -0.5, 3, m * 31 + n * 7 + k);
    compare(false, false, m, n, k, 1, 0, 0, 99);
  });

  it('ignores NaN in C when beta = 0 and leaves 0-sized outputs alone', () => {
    const c = new Float64Array(4).fill(Number.NaN);
    gemmKernelWasm(false, false, 2, 2, 1, 1, Float64Array.of(1, 2), 1, Float64Array.of(3, 4), 2, 0, c, 2);
    expect(Array.from(c)).toEqual([3, 4, 6, 8]);
    gemmKernelWasm(false, false, 0, 3, 2, 1, new Float64Array(0), 2, new Float64Array(6), 3, 0, new Float64Array(0), 3);
    const c2 = Float64Array.of(1, 2);
    gemmKernelWasm(false, false, 1, 2, 0, 1, new Float64Array(0), 0, new Float64Array(0), 2, 3, c2, 2);
    expect(Array.from(c2)).toEqual([3, 6]);
  });

  it('survives memory growth between calls (fresh views each call)', () => {
    compare(false, false, 8, 8, 8, 1, 0, 0, 1);
    compare(false, false, 300, 300, 300, 1, 0, 0, 2); // grows the shared memory
    compare(true, false, 9, 10, 11, 1, 1, 1, 3);
  });

  it('property: agrees with the TS kernel on random shapes and strides', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 40 }),
        fc.boolean(), fc.boolean(), fc.double({ min: -2, max: 2, noNaN: true }), fc.double({ min: -2, max: 2, noNaN: true }),
        fc.integer({ min: 0, max: 3 }), fc.integer(),
        (m, n, k, tA, tB, alpha, beta, pad, seed) => compare(tA, tB, m, n, k, alpha, beta, pad, seed),
      ),
      { numRuns: 200 },
    );
  });
});
