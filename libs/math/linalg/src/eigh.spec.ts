import { describe, expect, it } from 'vitest';
import { eigh } from './eigh';
import { InvalidArgumentError } from './errors';
import { identity, Matrix, zeros } from './matrix';
import {
  EPS, expectBelow, frobenius, hilbert, mul, orthogonalityError, randomLowRank, randomSymmetric, seeded, symmetrize, transpose,
} from './testing/helpers';

/**
 * Householder tridiagonalisation + QL are backward stable: computed pairs are exact for A + ΔA with
 * ‖ΔA‖ ≲ c·n·eps‖A‖ and V orthogonal to ~n·eps (Golub & Van Loan §8.3). We check
 * ‖AV − VΛ‖_F/‖A‖_F ≤ c·n·eps and ‖VᵀV − I‖_F ≤ c·n·eps with c = 8.
 */
function checkEigh(a: Matrix): { values: Float64Array; vectors: Matrix } {
  const n = a.rows;
  const res = eigh(a);
  const { values, vectors: v } = res;
  for (let i = 1; i < n; i++) expect(values[i]).toBeGreaterThanOrEqual(values[i - 1]);
  const av = mul(a, v);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) av.data[i * n + j] -= v.data[i * n + j] * values[j];
  expectBelow('‖AV − VΛ‖/‖A‖', frobenius(av) / Math.max(frobenius(a), Number.MIN_VALUE), 8 * Math.max(n, 1) * EPS);
  expectBelow('‖VᵀV − I‖', orthogonalityError(v), 8 * Math.max(n, 1) * EPS);
  return res;
}

describe('eigh', () => {
  it.each([[1], [2], [3], [10], [57], [120]])('random symmetric n = %i', (n) => {
    const a = randomSymmetric(n, seeded(n + 7));
    const { values } = checkEigh(a);
    let trace = 0;
    let sum = 0;
    for (let i = 0; i < n; i++) trace += a.data[i * n + i];
    for (const x of values) sum += x;
    expectBelow('|trace − Σλ|', Math.abs(trace - sum), 8 * n * EPS * frobenius(a) * Math.sqrt(n));
  });

  it('tridiagonal (2, −1) matrix has eigenvalues 2 − 2cos(kπ/(n+1))', () => {
    const n = 30;
    const a = zeros(n, n);
    for (let i = 0; i < n; i++) {
      a.data[i * n + i] = 2;
      if (i > 0) a.data[i * n + i - 1] = a.data[(i - 1) * n + i] = -1;
    }
    const { values } = checkEigh(a);
    // Eigenvalues of a symmetric matrix are perfectly conditioned: |Δλ| ≤ ‖ΔA‖₂ ≤ c·n·eps·‖A‖₂ (‖A‖₂ < 4).
    for (let k = 1; k <= n; k++) expectBelow(`λ_${k}`, Math.abs(values[k - 1] - (2 - 2 * Math.cos((k * Math.PI) / (n + 1)))), 8 * n * EPS * 4);
  });

  it('Hilbert matrix: positive eigenvalues spanning 13 decades, residual still at eps level', () => {
    const { values } = checkEigh(hilbert(10));
    expect(values[9]).toBeCloseTo(1.7519196702651774, 12); // λ_max(H_10), known to 16 digits
    // λ_min(H_10) ≈ 1.093e-13 is below eps·‖H‖; only its absolute error (≲ 8·n·eps·‖H‖) is meaningful.
    expectBelow('|λ_min − 1.0931e-13|', Math.abs(values[0] - 1.0931538193e-13), 8 * 10 * EPS * 1.76);
  });

  it('rank-deficient and repeated eigenvalues: x·xᵀ, the identity, a diagonal', () => {
    const x = [1, 2, 3, 4, 5];
    const outer = { rows: 5, cols: 5, data: Float64Array.from(x.flatMap((xi) => x.map((xj) => xi * xj))) };
    const { values } = checkEigh(outer);
    expect(values[4]).toBeCloseTo(55, 12); // ‖x‖²
    for (let i = 0; i < 4; i++) expectBelow(`λ_${i}`, Math.abs(values[i]), 8 * 5 * EPS * 55);
    expect(Array.from(checkEigh(identity(6)).values)).toEqual([1, 1, 1, 1, 1, 1]);
    const diag = zeros(4, 4);
    [3, -1, 7, 0].forEach((v, i) => (diag.data[i * 4 + i] = v));
    expect(Array.from(checkEigh(diag).values)).toEqual([-1, 0, 3, 7]);
    const low = randomLowRank(30, 4, 4, seeded(9));
    const gram = mul(low, transpose(low)); // 30×30 of rank 4
    symmetrize(gram);
    checkEigh(gram);
  });

  it('is scale-invariant from 1e-300 to the largest doubles (QL multiplies off-diagonal pairs)', () => {
    const a = randomSymmetric(9, seeded(21));
    const ref = eigh(a).values;
    for (const scale of [1e-300, 1e-200, 1e200, 1e300]) {
      const { values, vectors } = eigh({ rows: 9, cols: 9, data: a.data.map((x) => x * scale) });
      for (let i = 0; i < 9; i++) expectBelow(`λ_${i} at ${scale}`, Math.abs(values[i] / scale - ref[i]), 8 * 9 * EPS * frobenius(a));
      expectBelow('‖VᵀV − I‖', orthogonalityError(vectors), 8 * 9 * EPS);
    }
    const huge = eigh({ rows: 2, cols: 2, data: Float64Array.from([Number.MAX_VALUE, 0, 0, 1]) }).values;
    expect(Array.from(huge)).toEqual([1, Number.MAX_VALUE]);
  });

  it('handles 0x0 and 1x1; rejects non-symmetric input', () => {
    expect(eigh(zeros(0, 0)).values.length).toBe(0);
    const one = eigh({ rows: 1, cols: 1, data: Float64Array.of(-4) });
    expect(Array.from(one.values)).toEqual([-4]);
    expect(Array.from(one.vectors.data)).toEqual([1]);
    expect(() => eigh({ rows: 2, cols: 2, data: Float64Array.from([1, 2, 3, 4]) })).toThrow(InvalidArgumentError);
  });
});
