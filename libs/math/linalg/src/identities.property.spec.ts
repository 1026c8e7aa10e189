import fc from 'fast-check';
import { describe, it } from 'vitest';
import { cholesky } from './cholesky';
import { eigh } from './eigh';
import { lu } from './lu';
import { Matrix, zeros } from './matrix';
import { qr } from './qr';
import { svd } from './svd';
import {
  EPS, diffNorm, expectBelow, frobenius, mul, orthogonalityError, randomLowRank, randomMatrix, randomSpd, randomSymmetric, seeded, transpose,
} from './testing/helpers';

/**
 * Property tests over random small shapes (0..14, including empty and rank-deficient inputs) for the
 * factorisation identities; bounds are the same c·n·eps (c = 8) as in the per-algorithm specs, with
 * n = max(rows, cols, 1) and errors relative to ‖A‖_F (absolute when A = 0).
 */
const dims = fc.integer({ min: 0, max: 14 });
const seed = fc.integer();
const rel = (err: number, a: Matrix) => err / Math.max(frobenius(a), Number.MIN_VALUE);

/** Random m×n matrix, rank-deficient half of the time. */
function input(m: number, n: number, s: number): Matrix {
  const rand = seeded(s);
  const rank = Math.floor(rand() * (Math.min(m, n) + 1));
  return rand() < 0.5 || rank === 0 ? randomMatrix(m, n, rand) : randomLowRank(m, n, rank, rand);
}

describe('factorisation identities (property)', () => {
  it('qr: A = QR, QᵀQ = I', () => {
    fc.assert(
      fc.property(dims, dims, seed, (m, n, s) => {
        const a = input(m, n, s);
        const { q, r } = qr(a);
        const c = 8 * Math.max(m, n, 1) * EPS;
        expectBelow('‖A − QR‖', rel(diffNorm(mul(q, r), a), a), c);
        expectBelow('‖QᵀQ − I‖', orthogonalityError(q), c);
      }),
      { numRuns: 120 },
    );
  });

  it('svd: A = UΣVᵀ, UᵀU = I, VᵀV = I, σ descending', () => {
    fc.assert(
      fc.property(dims, dims, seed, (m, n, s) => {
        const a = input(m, n, s);
        const { u, s: sv, vt } = svd(a);
        const us = zeros(u.rows, u.cols);
        for (let i = 0; i < u.rows; i++) for (let j = 0; j < u.cols; j++) us.data[i * u.cols + j] = u.data[i * u.cols + j] * sv[j];
        const c = 8 * Math.max(m, n, 1) * EPS;
        expectBelow('‖A − UΣVᵀ‖', rel(diffNorm(mul(us, vt), a), a), c);
        expectBelow('‖UᵀU − I‖', orthogonalityError(u), c);
        expectBelow('‖VᵀV − I‖', orthogonalityError(transpose(vt)), c);
        for (let i = 1; i < sv.length; i++) if (sv[i] > sv[i - 1]) throw new Error('σ not descending');
      }),
      // Regression: rank-1 3×11 whose R had a column of norm ~1e-160 (ζ² overflowed, Jacobi stalled).
      { numRuns: 120, examples: [[3, 11, 2147483623]] },
    );
  });

  it('eigh: AV = VΛ, VᵀV = I, λ ascending', () => {
    fc.assert(
      fc.property(dims, seed, (n, s) => {
        const a = randomSymmetric(n, seeded(s));
        const { values, vectors: v } = eigh(a);
        const av = mul(a, v);
        for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) av.data[i * n + j] -= v.data[i * n + j] * values[j];
        const c = 8 * Math.max(n, 1) * EPS;
        expectBelow('‖AV − VΛ‖', rel(frobenius(av), a), c);
        expectBelow('‖VᵀV − I‖', orthogonalityError(v), c);
        for (let i = 1; i < n; i++) if (values[i] < values[i - 1]) throw new Error('λ not ascending');
      }),
      { numRuns: 120 },
    );
  });

  it('lu: PA = LU; cholesky: A = LLᵀ', () => {
    fc.assert(
      fc.property(dims, seed, (n, s) => {
        const a = randomMatrix(n, n, seeded(s));
        const f = lu(a);
        const l = zeros(n, n);
        const u = zeros(n, n);
        const pa = zeros(n, n);
        for (let i = 0; i < n; i++) {
          pa.data.set(a.data.subarray(f.perm[i] * n, f.perm[i] * n + n), i * n);
          for (let j = 0; j < n; j++) (j < i ? l : u).data[i * n + j] = f.lu.data[i * n + j];
          l.data[i * n + i] = 1;
        }
        expectBelow('‖PA − LU‖', rel(diffNorm(mul(l, u), pa), a), 8 * Math.max(n, 1) * EPS);
        const spd = randomSpd(n, seeded(s + 1));
        const ch = cholesky(spd);
        expectBelow('‖A − LLᵀ‖', rel(diffNorm(mul(ch, transpose(ch)), spd), spd), 8 * Math.max(n, 1) * EPS);
      }),
      { numRuns: 120 },
    );
  });
});
