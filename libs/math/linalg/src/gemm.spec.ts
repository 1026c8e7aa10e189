import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from './errors';
import { gemm, matmul } from './gemm';
import { Matrix, zeros } from './matrix';
import { EPS, naiveProduct, randomMatrix, seeded } from './testing/helpers';

/**
 * Tolerance: both the blocked kernel and the naive loop compute each c_ij as a k-term dot product
 * (plus the alpha scaling and the beta·c term), so each has componentwise error at most
 * γ_{k+2}·(|α|·(|A||B|)_ij + |β|·|c_ij|) with γ_j = j·eps/(1 − j·eps) (Higham, Accuracy and Stability,
 * §3.5). Their difference is therefore bounded by twice that. This is tighter than the normwise
 * n·eps·‖A‖‖B‖ bound and cannot be met by a wrong index (errors there are O(1)). Underflow (fast-check
 * likes subnormal alpha/beta) adds at most one subnormal spacing per operation: the (k + 3)·4·MIN_VALUE term.
 */
function expectClose(got: Matrix, a: Matrix, b: Matrix, tA: boolean, tB: boolean, alpha: number, beta: number, c0: Matrix): void {
  const { c: ref, abs } = naiveProduct(a, b, tA, tB);
  expect([got.rows, got.cols]).toEqual([ref.rows, ref.cols]);
  const k = tA ? a.rows : a.cols;
  const gamma = ((k + 2) * EPS) / (1 - (k + 2) * EPS);
  for (let i = 0; i < ref.data.length; i++) {
    const want = alpha * ref.data[i] + beta * c0.data[i];
    const bound = 2 * gamma * (Math.abs(alpha) * abs.data[i] + Math.abs(beta * c0.data[i])) + 4 * (k + 3) * Number.MIN_VALUE;
    const err = Math.abs(got.data[i] - want);
    if (!(err <= bound)) throw new Error(`element ${i}: got ${got.data[i]}, want ${want}, |err| ${err} > ${bound}`);
  }
}

function checkMatmul(m: number, k: number, n: number, seed: number): void {
  const rand = seeded(seed);
  const a = randomMatrix(m, k, rand);
  const b = randomMatrix(k, n, rand);
  expectClose(matmul(a, b), a, b, false, false, 1, 0, zeros(m, n));
}

describe('matmul', () => {
  const shapes: [number, number, number][] = [
    [1, 1, 1], [1, 9, 1], [1, 1, 9], [9, 1, 1], [1, 17, 23], [23, 17, 1],
    [7, 13, 5], [2, 6, 6], [3, 7, 13], [130, 257, 131], // 257 > KC, 130 > MC: crosses both block edges
    [3, 600, 4], // several KC panels
    [2, 5, 3100], // n > NC: several column panels
  ];
  it.each(shapes)('matches the naive triple loop for %ix%i · %ix.. shapes', (m, k, n) => checkMatmul(m, k, n, m * 1000 + k * 10 + n));

  it('handles 0-sized dimensions', () => {
    expect(matmul(zeros(0, 5), zeros(5, 3))).toEqual(zeros(0, 3));
    expect(matmul(zeros(4, 5), zeros(5, 0))).toEqual(zeros(4, 0));
    const r = matmul(zeros(3, 0), zeros(0, 4)); // empty sum = 0
    expect(r.rows).toBe(3);
    expect(Array.from(r.data)).toEqual(new Array(12).fill(0));
  });

  it('computes a known small product exactly', () => {
    const a: Matrix = { rows: 2, cols: 3, data: Float64Array.from([1, 2, 3, 4, 5, 6]) };
    const b: Matrix = { rows: 3, cols: 2, data: Float64Array.from([7, 8, 9, 10, 11, 12]) };
    expect(Array.from(matmul(a, b).data)).toEqual([58, 64, 139, 154]);
  });

  it('rejects an inner-dimension mismatch naming b', () => {
    const call = () => matmul(zeros(2, 3), zeros(4, 2));
    expect(call).toThrow(InvalidArgumentError);
    expect(call).toThrow('b has 4 rows, expected 3');
    try {
      call();
    } catch (e) {
      expect((e as InvalidArgumentError).field).toBe('b');
    }
  });

  it('rejects non-finite input naming the element', () => {
    const a = zeros(2, 2);
    a.data[3] = Number.NaN;
    expect(() => matmul(a, zeros(2, 2))).toThrow('a.data[3] must be a finite number');
    const b = zeros(2, 2);
    b.data[1] = Infinity;
    expect(() => matmul(zeros(2, 2), b)).toThrow('b.data[1]');
  });

  it('rejects a data length that disagrees with the shape', () => {
    expect(() => matmul({ rows: 2, cols: 2, data: new Float64Array(3) }, zeros(2, 2))).toThrow('a.data has 3 values');
  });

  it('property: equals the naive product on random shapes 0..40', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 40 }), fc.integer(), (m, k, n, seed) => {
        checkMatmul(m, k, n, seed);
      }),
      { numRuns: 150 },
    );
  });
});

describe('gemm', () => {
  it.each([
    [false, false], [true, false], [false, true], [true, true],
  ])('transA=%s transB=%s with alpha and beta matches naive', (tA, tB) => {
    const rand = seeded(tA ? (tB ? 4 : 3) : tB ? 2 : 1);
    for (const [m, k, n] of [[7, 13, 5], [1, 1, 1], [130, 257, 19], [5, 0, 3]] as const) {
      const a = tA ? randomMatrix(k, m, rand) : randomMatrix(m, k, rand);
      const b = tB ? randomMatrix(n, k, rand) : randomMatrix(k, n, rand);
      const c0 = randomMatrix(m, n, rand);
      const c = { rows: m, cols: n, data: c0.data.slice() };
      gemm(tA, tB, -1.5, a, b, 0.75, c);
      expectClose(c, a, b, tA, tB, -1.5, 0.75, c0);
    }
  });

  it('with beta = 0 ignores NaN already in C (BLAS convention)', () => {
    const rand = seeded(9);
    const a = randomMatrix(3, 4, rand);
    const b = randomMatrix(4, 5, rand);
    const c = zeros(3, 5);
    c.data.fill(Number.NaN);
    gemm(false, false, 1, a, b, 0, c);
    expectClose(c, a, b, false, false, 1, 0, zeros(3, 5));
  });

  it('with alpha = 0 or k = 0 only scales C', () => {
    const c = { rows: 2, cols: 2, data: Float64Array.from([1, 2, 3, 4]) };
    gemm(false, false, 0, zeros(2, 3), zeros(3, 2), 2, c);
    expect(Array.from(c.data)).toEqual([2, 4, 6, 8]);
    gemm(false, false, 1, zeros(2, 0), zeros(0, 2), -1, c);
    expect(Array.from(c.data)).toEqual([-2, -4, -6, -8]);
  });

  it('rejects mismatched shapes naming the operand', () => {
    expect(() => gemm(false, true, 1, zeros(2, 3), zeros(4, 2), 0, zeros(2, 4))).toThrow('b has 2 columns, expected 3');
    expect(() => gemm(false, false, 1, zeros(2, 3), zeros(3, 4), 0, zeros(2, 5))).toThrow('c is 2x5, expected 2x4');
    expect(() => gemm(false, false, Number.NaN, zeros(1, 1), zeros(1, 1), 0, zeros(1, 1))).toThrow('alpha');
    const sq = zeros(2, 2);
    expect(() => gemm(false, false, 1, sq, zeros(2, 2), 1, sq)).toThrow('c must not share storage with a or b');
    // Disjoint views of one buffer are fine.
    const arena = new Float64Array(8).fill(1);
    const c = { rows: 2, cols: 2, data: arena.subarray(4) };
    gemm(false, false, 1, { rows: 2, cols: 2, data: arena.subarray(0, 4) }, zeros(2, 2), 0, c);
    expect(Array.from(arena)).toEqual([1, 1, 1, 1, 0, 0, 0, 0]);
  });

  it('property: all transpose combinations, random alpha/beta', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 30 }), fc.integer({ min: 0, max: 30 }), fc.integer({ min: 0, max: 30 }),
        fc.boolean(), fc.boolean(), fc.double({ min: -3, max: 3, noNaN: true }), fc.double({ min: -3, max: 3, noNaN: true }), fc.integer(),
        (m, k, n, tA, tB, alpha, beta, seed) => {
          const rand = seeded(seed);
          const a = tA ? randomMatrix(k, m, rand) : randomMatrix(m, k, rand);
          const b = tB ? randomMatrix(n, k, rand) : randomMatrix(k, n, rand);
          const c0 = randomMatrix(m, n, rand);
          const c = { rows: m, cols: n, data: c0.data.slice() };
          gemm(tA, tB, alpha, a, b, beta, c);
          expectClose(c, a, b, tA, tB, alpha, beta, c0);
        },
      ),
      { numRuns: 150 },
    );
  });
});
