import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from './errors';
import { gemmF32, gemmF32Ts, gemmF32Wasm, matmulF32, type MatrixF32 } from './gemm-f32';
import { seeded } from './testing/helpers';
import { wasmKernelsAvailable } from './wasm/kernels';

/**
 * Tolerance: the WASM kernel accumulates in f32, so each entry is within γ_{k+2}·(|α|(|A||B|)_ij + |β c_ij|)
 * of the exact value with u = 2⁻²⁴ (Higham §3.5), plus the final rounding of c to f32. We allow the
 * issue's relative 1e-5·√k, which is above that worst case for k < 28 000 (k·u ≤ 1e-5·√k) and far
 * below an indexing error (O(1)). The reference is an f64 triple loop on the same f32 inputs.
 */
function randomF32(rows: number, cols: number, rand: () => number): MatrixF32 {
  return { rows, cols, data: Float32Array.from({ length: rows * cols }, () => 2 * rand() - 1) };
}

function check(tA: boolean, tB: boolean, m: number, n: number, k: number, alpha: number, beta: number, seed: number, run = gemmF32): void {
  const rand = seeded(seed);
  const a = tA ? randomF32(k, m, rand) : randomF32(m, k, rand);
  const b = tB ? randomF32(n, k, rand) : randomF32(k, n, rand);
  const c0 = randomF32(m, n, rand);
  const c = { ...c0, data: c0.data.slice() };
  run(tA, tB, alpha, a, b, beta, c);
  const tol = 1e-5 * Math.sqrt(Math.max(k, 1));
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0, abs = 0;
      for (let p = 0; p < k; p++) {
        const x = (tA ? a.data[p * m + i] : a.data[i * k + p]) * (tB ? b.data[j * k + p] : b.data[p * n + j]);
        s += x;
        abs += Math.abs(x);
      }
      const want = alpha * s + beta * c0.data[i * n + j];
      const scale = Math.abs(alpha) * abs + Math.abs(beta * c0.data[i * n + j]);
      const err = Math.abs(c.data[i * n + j] - want);
      if (!(err <= tol * scale + 1e-30)) throw new Error(`(${i},${j}) tA=${tA} tB=${tB}: got ${c.data[i * n + j]}, want ${want}, err ${err} > ${tol * scale}`);
    }
  }
}

// 1, odd, not multiples of the 4×8 tile, k across the KC = 384 panel, n across NC = 2048
const shapes: [number, number, number][] = [[1, 1, 1], [4, 8, 1], [3, 7, 5], [5, 9, 13], [33, 17, 65], [130, 131, 400], [2, 2100, 3]];

describe('gemmF32', () => {
  it.each(shapes)('matches an f64 reference for m=%i n=%i k=%i, all transposes, alpha/beta', (m, n, k) => {
    for (const tA of [false, true]) for (const tB of [false, true]) check(tA, tB, m, n, k, 1.5, -0.75, m * 7 + n * 3 + k);
    check(false, false, m, n, k, -2, 0, m + n + k);
    check(true, false, m, n, k, 0, 1.25, m + n);
  });

  it('the TypeScript fallback meets the same bound', () => {
    const ts = (tA: boolean, tB: boolean, alpha: number, a: MatrixF32, b: MatrixF32, beta: number, c: MatrixF32) => {
      const m = tA ? a.cols : a.rows, k = tA ? a.rows : a.cols, n = tB ? b.rows : b.cols;
      gemmF32Ts(tA, tB, m, n, k, alpha, a.data, b.data, beta, c.data);
      return c;
    };
    for (const [m, n, k] of shapes) for (const tA of [false, true]) check(tA, !tA, m, n, k, 0.5, 2, m * n + k, ts);
  });

  it.skipIf(process.env.MODELBUS_LINALG_KERNELS === 'ts')('runs in WASM', () => {
    expect(wasmKernelsAvailable()).toBe(true);
    const c = new Float32Array(4);
    expect(gemmF32Wasm(false, false, 2, 2, 1, 1, Float32Array.of(1, 2), Float32Array.of(3, 4), 0, c)).toBe(true);
    expect(Array.from(c)).toEqual([3, 4, 6, 8]);
  });

  it('handles 0-sized shapes and rejects bad input naming the field', () => {
    expect(matmulF32({ rows: 3, cols: 0, data: new Float32Array(0) }, { rows: 0, cols: 2, data: new Float32Array(0) }).data).toEqual(new Float32Array(6));
    const a = { rows: 2, cols: 2, data: new Float32Array(4) };
    expect(() => matmulF32(a, { rows: 3, cols: 2, data: new Float32Array(6) })).toThrow(InvalidArgumentError);
    expect(() => matmulF32({ rows: 2, cols: 2, data: new Float64Array(4) } as unknown as MatrixF32, a)).toThrow('a must be a MatrixF32');
    expect(() => matmulF32(a, { rows: 2, cols: 2, data: Float32Array.of(0, Number.NaN, 0, 0) })).toThrow('b.data[1] must be a finite number');
    expect(() => gemmF32(false, false, 1, a, a, 0, a)).toThrow('c must not share storage');
  });
});
