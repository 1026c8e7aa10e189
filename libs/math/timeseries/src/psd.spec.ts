import { InvalidArgumentError } from '@modelbus/math-linalg';
import { describe, expect, it } from 'vitest';
import { PSD_TOL, isPositiveSemidefinite, knownInit } from './state-space';

// isPositiveSemidefinite (linalg's Bunch–Kaufman LDLᵀ inertia on the unit-diagonal form shifted by PSD_TOL):
// positive definite, positive semidefinite singular (zero eigenvalues, with and without rounding) and
// indefinite inputs, at very different scales.
const psd = (rows: number[][]) => isPositiveSemidefinite(Float64Array.from(rows.flat()), rows.length);

/** Seeded uniform in [−1, 1) (deterministic test data). */
function uniform(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 31) - 1;
}

/** B Bᵀ for a random m × k B: PSD of rank k (singular when k < m), with rounding in its entries. */
function gram(m: number, k: number, next: () => number, scales?: number[]): Float64Array {
  const B = Array.from({ length: m }, (_, i) => Array.from({ length: k }, () => next() * (scales?.[i] ?? 1)));
  const A = new Float64Array(m * m);
  for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) A[i * m + j] = B[i].reduce((s, b, l) => s + b * B[j][l], 0);
  return A;
}

/** A − c·u uᵀ with u the first unit vector of a random direction: c above λ_max(A) makes it indefinite. */
function minusRankOne(A: Float64Array, m: number, c: number, next: () => number): Float64Array {
  const u = Array.from({ length: m }, next);
  const norm = Math.hypot(...u);
  const out = Float64Array.from(A);
  for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) out[i * m + j] -= (c * u[i] * u[j]) / (norm * norm);
  return out;
}

describe('isPositiveSemidefinite (linalg LDLᵀ inertia, tolerance for zero eigenvalues)', () => {
  it('positive definite: identity, a covariance, a badly scaled diagonal', () => {
    expect(psd([[1, 0], [0, 1]])).toBe(true);
    expect(psd([[4, 2, 0.6], [2, 2, 0.5], [0.6, 0.5, 3]])).toBe(true);
    expect(psd([[1e6, 0], [0, 1e-8]])).toBe(true);
  });

  it('positive semidefinite and singular: zero matrix, a zero variance, rank-one and rank-deficient Gram matrices', () => {
    expect(psd([[0]])).toBe(true);
    expect(psd([[0, 0], [0, 0]])).toBe(true);
    expect(psd([[1e6, 0], [0, 0]])).toBe(true); // a fixed (non-random) state next to a random one
    expect(psd([[1, 1], [1, 1]])).toBe(true);
    expect(psd([[1, 2, 3], [2, 4, 6], [3, 6, 9]])).toBe(true); // v vᵀ, eigenvalues 14, 0, 0
    // v vᵀ with v = (0.1, 0.2, 0.3): entries rounded, the exact zero eigenvalues become ±1e-18-ish
    const v = [0.1, 0.2, 0.3];
    expect(psd(v.map((a) => v.map((b) => a * b)))).toBe(true);
    const next = uniform(1);
    for (let trial = 0; trial < 200; trial++) {
      const m = 2 + (trial % 9);
      const k = 1 + (trial % (m - 1)); // k < m: singular
      expect(isPositiveSemidefinite(gram(m, k, next), m), `trial ${trial}`).toBe(true);
    }
  });

  it('a rank-deficient covariance with states of very different scales is PSD (scale-free test)', () => {
    const next = uniform(2);
    const m = 6;
    const A = gram(m, 3, next, [1e2, 1, 1e-2, 10, 1e-1, 1e1]);
    expect(isPositiveSemidefinite(A, m)).toBe(true);
    // a negative eigenvalue confined to the two smallest states (variances ~1e-4, max ~1e4) is still seen: a
    // correlation of 1 + 1e-6 between them gives λ ≈ −1e-10, which an absolute pivot tolerance of
    // 1e-12·max diag ≈ 1e-8 (the former private LDLᵀ) would hide
    const B = Float64Array.from(A);
    const [i, j] = [2, 4];
    B[i * m + j] = B[j * m + i] = (1 + 1e-6) * Math.sqrt(B[i * m + i] * B[j * m + j]);
    expect(isPositiveSemidefinite(B, m)).toBe(false);
  });

  it('indefinite: negative eigenvalue, a covariance above the Cauchy–Schwarz bound, a zero variance with a covariance, a negative diagonal', () => {
    expect(psd([[1, 2], [2, 1]])).toBe(false);
    expect(psd([[0, 1], [1, 0]])).toBe(false); // needs a 2×2 pivot: LDLᵀ without pivoting breaks down here
    expect(psd([[1, 1 + 1e-6], [1 + 1e-6, 1]])).toBe(false);
    expect(psd([[1e6, 0, 10], [0, 1, 0], [10, 0, 0]])).toBe(false); // var 0 but cov 10 (beyond √(PSD_TOL·1e6·0))
    expect(psd([[1, 0], [0, -1e-3]])).toBe(false);
    const next = uniform(3);
    for (let trial = 0; trial < 200; trial++) {
      const m = 2 + (trial % 9);
      const A = gram(m, m, next);
      let trace = 0;
      for (let i = 0; i < m; i++) trace += A[i * m + i];
      // c = trace ≥ λ_max: A − c uuᵀ has uᵀ(A − c uuᵀ)u = uᵀAu − c ≤ λ_max − trace < 0 unless A has rank 1
      expect(isPositiveSemidefinite(minusRankOne(A, m, 1.01 * trace, next), m), `trial ${trial}`).toBe(false);
    }
  });

  it('the tolerance: λ_min of the unit-diagonal form down to −PSD_TOL passes, −100·PSD_TOL does not', () => {
    // [[1, ρ], [ρ, 1]] has eigenvalues 1 ± ρ
    expect(psd([[1, 1 + PSD_TOL / 2], [1 + PSD_TOL / 2, 1]])).toBe(true);
    expect(psd([[1, 1 + 100 * PSD_TOL], [1 + 100 * PSD_TOL, 1]])).toBe(false);
    expect(psd([[5e3, 5e3 * (1 + 100 * PSD_TOL)], [5e3 * (1 + 100 * PSD_TOL), 5e3]])).toBe(false);
  });

  it('knownInit refuses a non-PSD covariance by field and accepts a singular one', () => {
    expect(() => knownInit([0, 0], [1, 2, 2, 1], 2)).toThrow(InvalidArgumentError);
    expect(() => knownInit([0, 0], [1, 2, 2, 1], 2, 'initialization')).toThrow(/initialization\.cov.*positive semidefinite/);
    expect(knownInit([0, 0], [1, 1, 1, 1], 2).Pstar.data).toEqual(Float64Array.of(1, 1, 1, 1));
  });
});
