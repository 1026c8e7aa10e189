import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from './errors';
import { randomizedSvd } from './randomized-svd';
import { checkCsr, csrFromDense, csrToDense, spmm, spmmTransposed } from './sparse';
import { svd } from './svd';
import { EPS, expectBelow, mul, orthogonalityError, randomLowRank, randomMatrix, seeded, transpose } from './testing/helpers';

describe('sparse CSR', () => {
  it('SpMM and Aᵀ·B agree with dense products (same sums, different order: c·k·eps)', () => {
    const d = randomMatrix(30, 20, seeded(1));
    for (let i = 0; i < d.data.length; i++) if (i % 3) d.data[i] = 0;
    const a = csrFromDense(d);
    checkCsr(a);
    expect(Array.from(csrToDense(a).data)).toEqual(Array.from(d.data));
    const b = randomMatrix(20, 4, seeded(2));
    const c = spmm(a, b.data, 4);
    const ref = mul(d, b);
    c.forEach((v, i) => expectBelow('spmm', Math.abs(v - ref.data[i]), 20 * EPS * 4));
    const bt = randomMatrix(30, 4, seeded(3));
    const ct = spmmTransposed(a, bt.data, 4);
    const reft = mul(transpose(d), bt);
    ct.forEach((v, i) => expectBelow('spmmT', Math.abs(v - reft.data[i]), 30 * EPS * 4));
  });

  it('rejects out-of-range column indices naming them', () => {
    const bad = { rows: 1, cols: 2, indptr: Int32Array.of(0, 1), indices: Int32Array.of(2), values: Float64Array.of(1) };
    expect(() => checkCsr(bad)).toThrow(/a\.indices\[0\]/);
  });
});

describe('randomizedSvd', () => {
  // rank-8 signal (σ ~ O(10)) + noise 1e-6: the leading 8 triplets are found to ~noise level
  const signal = randomLowRank(120, 80, 8, seeded(4));
  const noise = randomMatrix(120, 80, seeded(5));
  const a = { rows: 120, cols: 80, data: signal.data.map((v, i) => v + 1e-6 * noise.data[i]) };
  const exact = svd(a);

  it('dense: leading singular values match the exact SVD, factors orthonormal, reproducible by seed', () => {
    const r = randomizedSvd(a, 8, { seed: 7 });
    // gap σ_8/σ_9 ~ 1e6 with 4 power iterations: error far below 1e-9·σ_1
    for (let i = 0; i < 8; i++) expectBelow(`σ_${i}`, Math.abs(r.s[i] - exact.s[i]), 1e-9 * exact.s[0]);
    expectBelow('‖UᵀU − I‖', orthogonalityError(r.u), 100 * 120 * EPS);
    expectBelow('‖VVᵀ − I‖', orthogonalityError(transpose(r.vt)), 100 * 120 * EPS);
    const again = randomizedSvd(a, 8, { seed: 7 });
    expect(Array.from(again.s)).toEqual(Array.from(r.s));
  });

  it('CSR input gives the same triplets as the dense path', () => {
    const d = randomMatrix(200, 150, seeded(9));
    for (let i = 0; i < d.data.length; i++) if ((i * 7919) % 10) d.data[i] = 0; // 10 % dense
    const sp = randomizedSvd(csrFromDense(d), 5, { seed: 3, powerIterations: 6 });
    const ex = svd(d);
    // flat random spectrum: power iterations give relative error ~ (σ_{k+p}/σ_k)^{2q+1}; 1e-3 is ample
    for (let i = 0; i < 5; i++) expectBelow(`σ_${i}`, Math.abs(sp.s[i] - ex.s[i]) / ex.s[i], 1e-3);
  });

  it('rejects k out of range naming k', () => {
    expect(() => randomizedSvd(a, 0)).toThrow(InvalidArgumentError);
    expect(() => randomizedSvd(a, 81)).toThrow(/^k /);
  });
});
