import { describe, expect, it } from 'vitest';
import { choleskySolveBatched } from './cholesky-batched';
import { choleskySolveBatchedF32 } from './cholesky-batched-f32';
import { FailedPreconditionError, InvalidArgumentError } from './errors';
import type { MatrixF32 } from './gemm-f32';
import { gemv } from './gemv';
import { gemvF32, gemvF32Resident, gemvF32Ts, gemvF32Wasm } from './gemv-f32';
import { ResidentMatrixF32 } from './resident-f32';
import { f32Runtime } from './kernels-f32';
import type { Matrix } from './matrix';
import { csrFromDense, csrToF32, spmm, spmmF32, spmmTransposed, spmmTransposedF32, spmvF32 } from './sparse';
import { syrk } from './syrk';
import { gramF32, syrkF32, syrkF32Ts } from './syrk-f32';
import { randomSpd, seeded } from './testing/helpers';
import { solveTriangular } from './triangular';
import { solveTriangularF32 } from './triangular-f32';
import { axpyF32, axpyF32Ts, dotF32, dotF32Ts, nrm2F32, nrm2F32Ts } from './vector-f32';

/*
 * Every f32 kernel is checked against its f64 twin run on the same (f32-representable) inputs.
 * Tolerances, with u = 2⁻²⁴ ≈ 6e-8 the f32 unit roundoff:
 * - sums of k products accumulated in f32 (dot, GEMV, SYRK, SpMM): |error| ≤ γ_k·Σ|terms| ≤ k·u·Σ|terms|
 *   in the worst case (Higham §3.1), typically √k·u. We allow the 1e-5·√k relative to Σ|terms|,
 *   which covers the worst case for k < 28 000 and stays far below an indexing error (O(1)).
 * - kernels that compute in f64 and round once (triangular solve, batched Cholesky, nrm2, the TS twins):
 *   the f64 result rounded to nearest, so |error| ≤ u·|x| (plus the f64 error, ≤ 1e-12 relative here).
 */
const U = 2 ** -24;
const tolK = (k: number) => 1e-5 * Math.sqrt(Math.max(k, 1));
const ts = process.env.MODELBUS_LINALG_KERNELS === 'ts';

function randomF32(len: number, rand: () => number): Float32Array {
  return Float32Array.from({ length: len }, () => 2 * rand() - 1);
}
const f64 = (m: MatrixF32): Matrix => ({ rows: m.rows, cols: m.cols, data: Float64Array.from(m.data) });
const abs64 = (x: ArrayLike<number>) => Float64Array.from(x, Math.abs);

function expectClose(label: string, got: ArrayLike<number>, want: ArrayLike<number>, scale: ArrayLike<number>, tol: number): void {
  expect(got.length).toBe(want.length);
  for (let i = 0; i < want.length; i++) {
    const err = Math.abs(got[i] - want[i]);
    if (!(err <= tol * scale[i] + 1e-37)) throw new Error(`${label} [${i}]: got ${got[i]}, want ${want[i]}, err ${err} > ${tol * scale[i]}`);
  }
}

const lengths = [0, 1, 3, 4, 7, 8, 9, 31, 1023, 1024, 1025, 1028, 1031, 4099]; // WASM from 1024

describe('dotF32 / axpyF32 / nrm2F32', () => {
  it.each(lengths)('match f64 on length %i (public: WASM from 1024 on; and the TS twins)', (n) => {
    const rand = seeded(n + 1);
    const x = randomF32(n, rand), y = randomF32(n, rand);
    let want = 0, scale = 0, sq = 0;
    for (let i = 0; i < n; i++) {
      want += x[i] * y[i];
      scale += Math.abs(x[i] * y[i]);
      sq += x[i] * x[i];
    }
    for (const dot of [dotF32, dotF32Ts]) expectClose('dot', [dot(x, y)], [want], [scale], tolK(n));
    // nrm2 accumulates in f64 on both paths: only the summation order differs
    for (const nrm2 of [nrm2F32, nrm2F32Ts]) expectClose('nrm2', [nrm2(x)], [Math.sqrt(sq)], [Math.sqrt(sq)], 1e-13);
    // axpy: alpha rounded to f32, the product and the sum rounded once each → ≤ 3u·(|y| + |alpha·x|)
    const alpha = 0.3;
    const wantY = Float64Array.from(y, (v, i) => v + alpha * x[i]);
    const scaleY = Float64Array.from(y, (v, i) => Math.abs(v) + Math.abs(alpha * x[i]));
    for (const axpy of [(a: number, p: Float32Array, q: Float32Array) => axpyF32(a, p, q), axpyF32Ts]) {
      const yy = y.slice();
      axpy(alpha, x, yy);
      expectClose('axpy', yy, wantY, scaleY, 3 * U);
    }
  });

  it('nrm2 neither overflows nor underflows (sum of squares in f64)', () => {
    for (const n of [5, 1100]) {
      for (const nrm2 of [nrm2F32, nrm2F32Ts]) {
        expect(nrm2(new Float32Array(n).fill(2e38)) / (Math.fround(2e38) * Math.sqrt(n))).toBeCloseTo(1, 12);
        expect(nrm2(new Float32Array(n).fill(1e-30)) / (Math.fround(1e-30) * Math.sqrt(n))).toBeCloseTo(1, 12);
      }
    }
  });

  it('reject mismatched or non-f32 vectors naming the field', () => {
    expect(() => dotF32(new Float32Array(2), new Float32Array(3))).toThrow(InvalidArgumentError);
    expect(() => axpyF32(1, new Float32Array(2), new Float64Array(2) as unknown as Float32Array)).toThrow('y must be a Float32Array of length 2');
    expect(() => axpyF32(Number.NaN, new Float32Array(2), new Float32Array(2))).toThrow('alpha');
    expect(() => nrm2F32([1, 2] as unknown as Float32Array)).toThrow('x must be a Float32Array');
  });
});

const gemvShapes: [number, number][] = [[0, 0], [0, 5], [5, 0], [1, 1], [3, 7], [70, 65], [64, 64], [1, 5000], [5000, 1], [129, 257]];

describe('gemvF32', () => {
  it.each(gemvShapes)('matches gemv (f64) for %ix%i, both transposes, alpha/beta (public, WASM and TS paths)', (m, n) => {
    const rand = seeded(m * 31 + n);
    const a: MatrixF32 = { rows: m, cols: n, data: randomF32(m * n, rand) };
    for (const trans of [false, true]) {
      const [xLen, yLen] = trans ? [m, n] : [n, m];
      const x = randomF32(xLen, rand), y0 = randomF32(yLen, rand);
      for (const [alpha, beta] of [[1.5, -0.75], [-2, 0], [0, 1.25], [1, 1]]) {
        const want = gemv(trans, alpha, f64(a), Float64Array.from(x), beta, Float64Array.from(y0));
        const scale = gemv(trans, Math.abs(alpha), { rows: m, cols: n, data: abs64(a.data) }, abs64(x), Math.abs(beta), abs64(y0));
        const runs: [string, (y: Float32Array) => boolean][] = [
          ['public', (y) => (gemvF32(trans, alpha, a, x, beta, y), true)],
          ['ts', (y) => (gemvF32Ts(trans, m, n, alpha, a.data, x, beta, y), true)],
          ['resident', (y) => {
            if (ts) return false;
            const r = ResidentMatrixF32.from(a);
            try {
              return gemvF32Resident(trans, alpha, r, x, beta, y) === y;
            } finally {
              r.dispose();
            }
          }],
          ['wasm', (y) => gemvF32Wasm(trans, m, n, alpha, a.data, 0, x, beta, y)],
        ];
        for (const [label, run] of runs) {
          const y = y0.slice();
          if (run(y)) expectClose(`${label} trans=${trans} α=${alpha} β=${beta}`, y, want, scale, tolK(xLen));
          else expect(label !== 'public' && label !== 'ts' && ts).toBe(true);
        }
      }
    }
  });

  it('beta = 0 ignores y (even NaN); bad input is named', () => {
    const a: MatrixF32 = { rows: 80, cols: 60, data: new Float32Array(4800).fill(1) };
    const y = new Float32Array(80).fill(Number.NaN);
    gemvF32(false, 1, a, new Float32Array(60).fill(0.5), 0, y);
    expect(Array.from(y)).toEqual(new Array(80).fill(30));
    expect(() => gemvF32(false, 1, a, new Float32Array(59), 0, y)).toThrow('x must be a Float32Array of length 60');
    expect(() => gemvF32(true, 1, a, new Float32Array(80), 0, y)).toThrow('y must be a Float32Array of length 60');
    expect(() => gemvF32(false, 1, { ...a, data: new Float64Array(4800) } as unknown as MatrixF32, new Float32Array(60), 0, y)).toThrow('a must be a MatrixF32');
    expect(() => gemvF32(false, 1, a, new Float32Array(60).fill(Number.POSITIVE_INFINITY), 0, y)).toThrow('x[0] must be a finite number');
  });

  it.each([[80, 60], [3, 2]])('finds a non-finite A entry met by x_j = 0 (lazy check, %ix%i), leaves y unchanged, returns a genuine overflow', (m, n) => {
    for (const trans of [false, true]) {
      for (const bad of [Number.NaN, Number.POSITIVE_INFINITY]) {
        const a: MatrixF32 = { rows: m, cols: n, data: new Float32Array(m * n).fill(1) };
        a.data[n + 1] = bad; // row 1, column 1
        const x = new Float32Array(trans ? m : n).fill(1);
        x[1] = 0; // the bad entry meets a zero of x (BLAS would skip it when transposed)
        const y = new Float32Array(trans ? n : m).fill(7);
        expect(() => gemvF32(trans, 1, a, x, 0.5, y)).toThrow(`a.data[${n + 1}] must be a finite number`);
        expect(Array.from(y)).toEqual(new Array(y.length).fill(7));
      }
    }
    const big: MatrixF32 = { rows: m, cols: n, data: new Float32Array(m * n).fill(3e38) };
    const y = gemvF32(false, 1, big, new Float32Array(n).fill(2), 0, new Float32Array(m));
    expect(y[0]).toBe(Number.POSITIVE_INFINITY);
    expect(() => gemvF32(true, 1, { rows: 2, cols: 0, data: new Float32Array(0) }, Float32Array.of(1, Number.NaN), 0, new Float32Array(0))).toThrow('x[1]');
  });
});

const syrkShapes: [number, number][] = [[0, 3], [3, 0], [1, 1], [5, 7], [33, 17], [100, 40], [200, 130]];

describe('syrkF32 / gramF32', () => {
  it.each(syrkShapes)('matches syrk (f64) for n=%i k=%i, both transposes, alpha/beta; exactly symmetric', (n, k) => {
    const rand = seeded(n * 7 + k);
    for (const trans of [false, true]) {
      const a: MatrixF32 = trans ? { rows: k, cols: n, data: randomF32(k * n, rand) } : { rows: n, cols: k, data: randomF32(n * k, rand) };
      const c0 = randomF32(n * n, rand);
      for (const [alpha, beta] of [[1.5, -0.75], [1, 0]]) {
        const want = syrk(trans, alpha, f64(a), beta, { rows: n, cols: n, data: Float64Array.from(c0) }).data;
        const scale = syrk(trans, Math.abs(alpha), { ...f64(a), data: abs64(a.data) }, Math.abs(beta), { rows: n, cols: n, data: abs64(c0) }).data;
        for (const [label, run] of [
          ['public', (c: Float32Array) => syrkF32(trans, alpha, a, beta, { rows: n, cols: n, data: c })],
          ['ts', (c: Float32Array) => syrkF32Ts(trans, n, k, alpha, a.data, beta, c)],
        ] as const) {
          const c = c0.slice();
          run(c);
          expectClose(`${label} trans=${trans} α=${alpha} β=${beta}`, c, want, scale, tolK(k));
          for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) expect(c[j * n + i]).toBe(c[i * n + j]);
        }
      }
    }
  });

  it('gramF32 gives AᵀA and AAᵀ; bad shapes are named', () => {
    const a: MatrixF32 = { rows: 2, cols: 3, data: Float32Array.of(1, 2, 3, 4, 5, 6) };
    expect(Array.from(gramF32(a).data)).toEqual([14, 32, 32, 77]);
    expect(Array.from(gramF32(a, true).data)).toEqual([17, 22, 27, 22, 29, 36, 27, 36, 45]);
    expect(() => syrkF32(false, 1, a, 0, { rows: 3, cols: 3, data: new Float32Array(9) })).toThrow('c is 3x3, expected 2x2');
    expect(() => syrkF32(false, 1, a, 0, { rows: 2, cols: 2, data: new Float32Array(a.data.buffer, 0, 4) })).toThrow('must not share storage');
  });
});

describe('solveTriangularF32', () => {
  it.each([[0, 2], [1, 1], [5, 3], [40, 7], [97, 1]])('equals the f64 solution rounded once (n=%i, r=%i), all variants', (n, r) => {
    const rand = seeded(n + 100 * r);
    const t: MatrixF32 = { rows: n, cols: n, data: randomF32(n * n, rand) };
    for (let i = 0; i < n; i++) t.data[i * n + i] = 2 + rand(); // well-conditioned diagonal
    const b: MatrixF32 = { rows: n, cols: r, data: randomF32(n * r, rand) };
    for (const lower of [true, false]) for (const transpose of [false, true]) for (const unitDiagonal of [false, true]) {
      const opts = { lower, transpose, unitDiagonal };
      const want = solveTriangular(f64(t), f64(b), opts).data;
      const x = solveTriangularF32(t, b, opts);
      expect([x.rows, x.cols]).toEqual([n, r]);
      expect(x.data).toBeInstanceOf(Float32Array);
      expectClose(JSON.stringify(opts), x.data, want, abs64(want), U);
    }
  });

  it('names a zero pivot and bad shapes', () => {
    const t: MatrixF32 = { rows: 2, cols: 2, data: Float32Array.of(1, 0, 3, 0) };
    const b: MatrixF32 = { rows: 2, cols: 1, data: Float32Array.of(1, 2) };
    expect(() => solveTriangularF32(t, b, { lower: true })).toThrow(FailedPreconditionError);
    expect(() => solveTriangularF32(t, { rows: 3, cols: 1, data: new Float32Array(3) }, { lower: true })).toThrow('b has 3 rows, expected 2');
    expect(() => solveTriangularF32({ rows: 1, cols: 2, data: new Float32Array(2) }, b, { lower: true })).toThrow('expected a square matrix');
  });
});

describe('spmmF32 / spmmTransposedF32 / spmvF32', () => {
  it.each([[0, 4, 3], [1, 1, 1], [7, 5, 1], [30, 50, 4], [60, 17, 9]])('match the f64 SpMM on %ix%i times k=%i', (rows, cols, k) => {
    const rand = seeded(rows * 13 + cols + k);
    const dense: Matrix = { rows, cols, data: Float64Array.from({ length: rows * cols }, () => (rand() < 0.3 ? Math.fround(2 * rand() - 1) : 0)) };
    const a64 = csrFromDense(dense);
    const a = csrToF32(a64);
    const absA = { ...a64, values: abs64(a64.values) };
    const b = randomF32(cols * k, rand), bt = randomF32(rows * k, rand);
    const tol = tolK(Math.max(rows, cols)); // at most that many nonzeros add into one entry
    expectClose('A·B', spmmF32(a, b, k), spmm(a64, Float64Array.from(b), k), spmm(absA, abs64(b), k), tol);
    expectClose('Aᵀ·B', spmmTransposedF32(a, bt, k), spmmTransposed(a64, Float64Array.from(bt), k), spmmTransposed(absA, abs64(bt), k), tol);
    if (k === 1) {
      expectClose('A·x', spmvF32(a, b), spmm(a64, Float64Array.from(b), 1), spmm(absA, abs64(b), 1), tol);
      const out = new Float32Array(cols).fill(Number.NaN);
      expect(spmvF32(a, bt, true, out)).toBe(out);
      expectClose('Aᵀ·x', out, spmmTransposed(a64, Float64Array.from(bt), 1), spmmTransposed(absA, abs64(bt), 1), tol);
    }
  });
});

describe('choleskySolveBatchedF32', () => {
  it('equals the f64 batched solution rounded once (edge orders 1 and 9, 3 right-hand sides)', () => {
    for (const [count, n, nrhs] of [[3, 1, 1], [5, 9, 3], [2, 64, 1]]) {
      const rand = seeded(count * n + nrhs);
      const a = new Float32Array(count * n * n);
      for (let s = 0; s < count; s++) a.set(randomSpd(n, rand).data, s * n * n);
      const b = randomF32(count * n * nrhs, rand);
      const want = choleskySolveBatched(Float64Array.from(a), Float64Array.from(b), count, n, nrhs);
      const x = choleskySolveBatchedF32(a, b, count, n, nrhs);
      expect(x).toBeInstanceOf(Float32Array);
      expectClose(`count=${count} n=${n}`, x, want, abs64(want), U);
    }
  });

  it('names the system that is not positive definite', () => {
    const a = Float32Array.of(4, 0, 0, 4, /* system 1: */ 1, 0, 0, -1);
    expect(() => choleskySolveBatchedF32(a, new Float32Array(4), 2, 2)).toThrow(/system 1/);
    expect(() => choleskySolveBatchedF32(new Float64Array(8) as unknown as Float32Array, new Float32Array(4), 2, 2)).toThrow('a must be a Float32Array');
  });
});

it.skipIf(ts)('the f32 kernels are loaded from kernels.wasm; ResidentMatrixF32 round-trips and checks its use', () => {
  expect(f32Runtime()).not.toBeNull();
  const m: MatrixF32 = { rows: 2, cols: 3, data: Float32Array.of(1, 2, 3, 4, 5, 6) };
  const r = ResidentMatrixF32.from(m);
  expect(r.toMatrix()).toEqual(m);
  expect(() => gemvF32Resident(false, 1, r, new Float32Array(2), 0, new Float32Array(2))).toThrow('x and y must have 3 and 2 entries');
  r.dispose();
  expect(() => r.ptr).toThrow('after dispose()');
  expect(Array.from(ResidentMatrixF32.alloc(1, 2).view())).toEqual([0, 0]);
});
