import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Matrix, zeros } from './matrix';
import { qr } from './qr';
import { svd } from './svd';
import { golubKahanSvd, SVD_DC_MIN_N } from './svd-golub-kahan';
import {
  EPS, diffNorm, expectBelow, frobenius, hilbert, mul, orthogonalityError, randomLowRank, randomMatrix, seeded, transpose,
} from './testing/helpers';

/**
 * The divide-and-conquer path of the Golub–Kahan SVD (bidiagonal-dc.ts + back-transformation, used from
 * min(m, n) = SVD_DC_MIN_N) is backward stable like the QR path: ‖A − UΣVᵀ‖_F/‖A‖_F, ‖UᵀU − I‖_F and
 * ‖VᵀV − I‖_F ≤ c·n·eps with c = 16, n = max(m, n) (svd-golub-kahan.spec.ts's bound); σ agree with the QR
 * path's and with one-sided Jacobi's to c·n·eps·σ_max (absolute accuracy).
 */
const C = 16;
/** Sizes just above the threshold, so svd()'s default path is the D&C. */
const T = SVD_DC_MIN_N;

function reconstruct({ u, s, vt }: ReturnType<typeof svd>): Matrix {
  const us = zeros(u.rows, u.cols);
  for (let i = 0; i < u.rows; i++) for (let j = 0; j < u.cols; j++) us.data[i * u.cols + j] = u.data[i * u.cols + j] * s[j];
  return mul(us, vt);
}

function checkSvd(a: Matrix): ReturnType<typeof svd> {
  const res = svd(a, undefined, { method: 'golub-kahan' });
  const size = Math.max(a.rows, a.cols, 1);
  const r = Math.min(a.rows, a.cols);
  for (let i = 1; i < r; i++) expect(res.s[i]).toBeLessThanOrEqual(res.s[i - 1]);
  expectBelow('‖A − UΣVᵀ‖/‖A‖', diffNorm(reconstruct(res), a) / Math.max(frobenius(a), Number.MIN_VALUE), C * size * EPS);
  expectBelow('‖UᵀU − I‖', orthogonalityError(res.u), C * size * EPS);
  expectBelow('‖VᵀV − I‖', orthogonalityError(transpose(res.vt)), C * size * EPS);
  return res;
}

/** golubKahanSvd on a copy of tall a (m ≥ n) with the D&C forced (dcMinN = 1) or off: σ_j (row j's), σ sorted descending. */
function raw(a: Matrix, dc: boolean): { s: Float64Array; sorted: number[]; ut: Matrix; vt: Matrix } {
  const { rows: m, cols: n } = a;
  const { s, ut, vt } = golubKahanSvd(Float64Array.from(a.data), m, n, dc ? 1 : Infinity);
  return { s, sorted: Array.from(s).sort((x, y) => y - x), ut: { rows: n, cols: m, data: ut }, vt: { rows: n, cols: n, data: vt } };
}

/** Q₁·diag(σ)·Q₂ᵀ (m×n) with random orthogonal Q's: prescribed singular values. */
function withSigma(m: number, n: number, sigma: number[], r: () => number): Matrix {
  const q1 = qr(randomMatrix(m, m, r)).q;
  const q2 = qr(randomMatrix(n, n, r)).q;
  const x = zeros(m, n);
  for (let i = 0; i < m; i++) for (let j = 0; j < sigma.length; j++) x.data[i * n + j] = q1.data[i * m + j] * sigma[j];
  return mul(x, transpose(q2));
}

/** Forced D&C on a (m ≥ n): backward stable, orthogonal factors, σ equal to the QR path's, all within C·m·eps. */
function expectDcMatchesQr(a: Matrix): void {
  const { rows: m, cols: n } = a;
  const dc = raw(a, true);
  const ref = raw(a, false);
  const us = zeros(m, n);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) us.data[i * n + j] = dc.ut.data[j * m + i] * dc.s[j];
  expectBelow('‖A − UΣVᵀ‖/‖A‖', diffNorm(mul(us, dc.vt), a) / frobenius(a), C * m * EPS);
  expectBelow('‖UᵀU − I‖', orthogonalityError(transpose(dc.ut)), C * m * EPS);
  expectBelow('‖VᵀV − I‖', orthogonalityError(transpose(dc.vt)), C * m * EPS);
  for (let i = 0; i < n; i++) expectBelow(`σ_${i}`, Math.abs(dc.sorted[i] - ref.sorted[i]), C * m * EPS * ref.sorted[0]);
}

describe('svd: divide-and-conquer path', () => {
  it.each([[1, 1], [2, 2], [3, 3], [5, 4], [9, 9], [40, 31], [SVD_DC_MIN_N - 1, SVD_DC_MIN_N - 1], [SVD_DC_MIN_N, SVD_DC_MIN_N], [SVD_DC_MIN_N + 1, SVD_DC_MIN_N], [100, 70]])(
    'forced at every size, %ix%i: backward stable, σ equal to the QR path',
    (m, n) => {
      const a = randomMatrix(m, n, seeded(m * 31 + n));
      expectDcMatchesQr(a);
    },
  );

  it('property: forced D&C on random structured tall matrices (low rank, repeated columns, graded, zero rows)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 72 }), fc.integer({ min: 0, max: 20 }), fc.integer({ min: 0, max: 4 }), fc.integer(), (n, extra, kind, seed) => {
        const m = n + extra;
        const r = seeded(seed);
        const a = kind === 1 ? randomLowRank(m, n, 1 + Math.floor(r() * Math.min(m, n)), r) : randomMatrix(m, n, r);
        for (let i = 0; i < m; i++) {
          for (let j = 0; j < n; j++) {
            if (kind === 2 && j % 3 === 1) a.data[i * n + j] = a.data[i * n + j - 1]; // repeated columns
            if (kind === 3) a.data[i * n + j] *= 2 ** (-j); // graded
            if (kind === 4 && i % 4 === 0) a.data[i * n + j] = 0; // zero rows
          }
        }
        if (frobenius(a) === 0) return;
        expectDcMatchesQr(a);
      }),
      { numRuns: 40 },
    );
  });

  it('random tall, square, wide and thin (QR first) above the threshold agree with one-sided Jacobi', () => {
    for (const [m, n] of [[T + 30, T + 10], [T, T], [T + 5, T + 40], [4 * T, T]]) { // the last QR-first (m > 1.5·n)
      const a = randomMatrix(m, n, seeded(m + 7 * n));
      const g = checkSvd(a);
      const j = svd(a, undefined, { method: 'jacobi' });
      for (let i = 0; i < Math.min(m, n); i++) expectBelow(`σ_${i}`, Math.abs(g.s[i] - j.s[i]), C * Math.max(m, n) * EPS * j.s[0]);
    }
  });

  it('identity, zero, and many equal singular values (deflation)', () => {
    const n = T + 10;
    const eye = zeros(n, n);
    for (let i = 0; i < n; i++) eye.data[i * n + i] = 1;
    for (const s of checkSvd(eye).s) expectBelow('σ = 1', Math.abs(s - 1), C * n * EPS);
    expect(Array.from(svd(zeros(T, T), undefined, { method: 'golub-kahan' }).s)).toEqual(Array(T).fill(0));
    const q = Math.floor(n / 4);
    const sigma = [...Array(q).fill(3), ...Array(q).fill(1), ...Array(q).fill(1e-3), ...Array(n - 3 * q).fill(0)];
    const rep = checkSvd(withSigma(n + 30, n, sigma, seeded(8)));
    for (let i = 0; i < n; i++) expectBelow(`σ_${i}`, Math.abs(rep.s[i] - sigma[i]), C * (n + 30) * EPS * 3);
    const close = sigma.map((s, i) => s * (1 - 1e-13 * i)); // clustered, not exactly equal (still descending)
    const cl = checkSvd(withSigma(n, n, close, seeded(9)));
    for (let i = 0; i < n; i++) expectBelow(`σ_${i} clustered`, Math.abs(cl.s[i] - close[i]), C * n * EPS * 3);
  });

  it('rank-deficient, graded and Hilbert input: tiny σ to absolute accuracy c·n·eps·σ_max', () => {
    const [m, n] = [T + 30, T + 10];
    const low = checkSvd(randomLowRank(m, n, 10, seeded(10)));
    for (let i = 10; i < n; i++) expectBelow(`σ_${i}`, low.s[i], C * m * EPS * low.s[0]);
    const graded = randomMatrix(m, n, seeded(11));
    for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) graded.data[i * n + j] *= 2 ** (-j / 2);
    const g = checkSvd(graded);
    const jg = svd(graded, undefined, { method: 'jacobi' });
    for (let i = 0; i < n; i++) expectBelow(`graded σ_${i}`, Math.abs(g.s[i] - jg.s[i]), C * m * EPS * jg.s[0]);
    const h = checkSvd(hilbert(n));
    const jh = svd(hilbert(n), undefined, { method: 'jacobi' });
    for (let i = 0; i < n; i++) expectBelow(`Hilbert σ_${i}`, Math.abs(h.s[i] - jh.s[i]), C * n * EPS * jh.s[0]);
  });
});
