import { describe, expect, it } from 'vitest';
import { cholesky, choleskySolve } from './cholesky';
import { FailedPreconditionError, InvalidArgumentError } from './errors';
import { zeros } from './matrix';
import { EPS, diffNorm, expectBelow, frobenius, hilbert, mul, randomMatrix, randomSpd, seeded, transpose } from './testing/helpers';

/**
 * Cholesky is backward stable: L·Lᵀ = A + ΔA with |ΔA| ≤ γ_{n+1}|L||Lᵀ| and ‖|L||Lᵀ|‖ ≤ n‖A‖ in the
 * worst case (Higham Thm 10.3). Typical errors are ~eps·√n·‖A‖; we allow c·n·eps·‖A‖ with c = 4.
 * An indexing bug gives O(1) errors, so the check cannot pass by accident.
 */
describe('cholesky', () => {
  it.each([[1], [2], [7], [50], [130]])('reconstructs a random SPD matrix, n = %i', (n) => {
    const a = randomSpd(n, seeded(n));
    const l = cholesky(a);
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) expect(l.data[i * n + j]).toBe(0);
    for (let i = 0; i < n; i++) expect(l.data[i * n + i]).toBeGreaterThan(0);
    expectBelow('‖A − LLᵀ‖/‖A‖', diffNorm(mul(l, transpose(l)), a) / frobenius(a), 4 * n * EPS);
  });

  it('factors the Hilbert matrix (n = 10, κ ≈ 1.6e13) with small backward error', () => {
    const a = hilbert(10);
    const l = cholesky(a);
    expectBelow('‖H − LLᵀ‖/‖H‖', diffNorm(mul(l, transpose(l)), a) / frobenius(a), 4 * 10 * EPS);
  });

  it('solves with a residual of order n·eps·‖A‖‖x‖ (c = 8), even for Hilbert n = 10', () => {
    for (const [name, a] of [['random', randomSpd(30, seeded(3))], ['hilbert', hilbert(10)]] as const) {
      const n = a.rows;
      const b = randomMatrix(n, 2, seeded(4));
      const x = choleskySolve(cholesky(a), b);
      expectBelow(`${name} residual`, diffNorm(mul(a, x), b), 8 * n * EPS * frobenius(a) * frobenius(x));
    }
  });

  it('names the failing pivot of an indefinite or singular matrix', () => {
    const indefinite = { rows: 3, cols: 3, data: Float64Array.from([4, 2, 0, 2, 1, 0, 0, 0, 1]) }; // rank-deficient leading 2x2
    expect(() => cholesky(indefinite)).toThrow(FailedPreconditionError);
    expect(() => cholesky(indefinite)).toThrow('a is not positive definite: pivot 1 is 0');
    const negative = { rows: 2, cols: 2, data: Float64Array.from([1, 2, 2, 1]) }; // eigenvalues 3, −1
    expect(() => cholesky(negative)).toThrow('pivot 1 is -3');
    expect(() => cholesky({ rows: 1, cols: 1, data: Float64Array.of(-2) })).toThrow('pivot 0 is -2');
    // A failure past the first 64-wide block (blocked path): the pivot index is global.
    const late = randomSpd(100, seeded(12));
    for (let j = 0; j < 100; j++) late.data[79 * 100 + j] = late.data[j * 100 + 79] = 0;
    expect(() => cholesky(late)).toThrow('a is not positive definite: pivot 79 is 0');
  });

  it('handles 1x1 and 0x0; rejects non-square, non-symmetric and non-finite input', () => {
    expect(Array.from(cholesky({ rows: 1, cols: 1, data: Float64Array.of(9) }).data)).toEqual([3]);
    expect(cholesky(zeros(0, 0))).toEqual(zeros(0, 0));
    expect(() => cholesky(zeros(2, 3))).toThrow(InvalidArgumentError);
    expect(() => cholesky({ rows: 2, cols: 2, data: Float64Array.from([2, 1, 0, 2]) })).toThrow('a is not symmetric');
    expect(() => cholesky({ rows: 1, cols: 1, data: Float64Array.of(Number.NaN) })).toThrow('a.data[0] must be a finite number');
  });
});
