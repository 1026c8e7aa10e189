import { describe, expect, it } from 'vitest';
import { cholesky } from './cholesky';
import { FailedPreconditionError, InvalidArgumentError } from './errors';
import { det, inverse, lu, luSolve, solve } from './lu';
import { identity, Matrix, zeros } from './matrix';
import { EPS, diffNorm, expectBelow, frobenius, hilbert, mul, randomLowRank, randomMatrix, randomSpd, seeded } from './testing/helpers';

/** Unpacks P·A, L, U from the packed factorisation. */
function unpack(a: Matrix, f: ReturnType<typeof lu>) {
  const n = a.rows;
  const pa = zeros(n, n);
  const l = zeros(n, n);
  const u = zeros(n, n);
  for (let i = 0; i < n; i++) {
    pa.data.set(a.data.subarray(f.perm[i] * n, f.perm[i] * n + n), i * n);
    for (let j = 0; j < n; j++) {
      const v = f.lu.data[i * n + j];
      if (j < i) l.data[i * n + j] = v;
      else u.data[i * n + j] = v;
    }
    l.data[i * n + i] = 1;
  }
  return { pa, l, u };
}

/**
 * Partial pivoting: P·A = L·U + ΔA with ‖ΔA‖ ≲ n·eps·ρ·‖A‖ (growth factor ρ is O(1)–O(10) for random
 * matrices; Higham Thm 9.3). We allow c·n·eps·‖A‖ with c = 8. Solves are checked by residual
 * ‖A·x − b‖ ≤ c·n·eps·‖A‖‖x‖ (c = 8), which holds even for ill-conditioned A.
 */
describe('lu', () => {
  it.each([[1], [2], [9], [64], [131]])('P·A = L·U for a random matrix, n = %i', (n) => {
    const a = randomMatrix(n, n, seeded(n + 100));
    const f = lu(a);
    const { pa, l, u } = unpack(a, f);
    expectBelow('‖PA − LU‖/‖A‖', diffNorm(mul(l, u), pa) / frobenius(a), 8 * n * EPS);
    for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) expect(Math.abs(l.data[i * n + j])).toBeLessThanOrEqual(1); // pivoting bound
    expect([...f.perm].sort((x, y) => x - y)).toEqual([...Array(n).keys()]);
  });

  it('solves random and Hilbert systems with a small residual', () => {
    for (const [name, a] of [['random', randomMatrix(60, 60, seeded(1))], ['hilbert 9', hilbert(9)]] as const) {
      const n = a.rows;
      const b = randomMatrix(n, 3, seeded(2));
      const x = solve(a, b);
      expectBelow(`${name} residual`, diffNorm(mul(a, x), b), 8 * n * EPS * frobenius(a) * frobenius(x));
      const x2 = luSolve(lu(a), b);
      expect(Array.from(x2.data)).toEqual(Array.from(x.data));
    }
  });

  it('inverse satisfies ‖A·A⁻¹ − I‖ ≤ c·n·eps·‖A‖‖A⁻¹‖ (c = 8)', () => {
    for (const n of [1, 3, 40]) {
      const a = randomMatrix(n, n, seeded(n));
      const inv = inverse(a);
      expectBelow(`n=${n}`, diffNorm(mul(a, inv), identity(n)), 8 * n * EPS * frobenius(a) * frobenius(inv));
    }
  });

  it('det matches closed forms and an independent Cholesky computation', () => {
    expect(det({ rows: 2, cols: 2, data: Float64Array.from([3, 8, 4, 6]) })).toBeCloseTo(-14, 12);
    expect(det({ rows: 3, cols: 3, data: Float64Array.from([0, 1, 0, 1, 0, 0, 0, 0, 1]) })).toBe(-1); // a swap
    expect(det(zeros(0, 0))).toBe(1);
    expect(det({ rows: 1, cols: 1, data: Float64Array.of(-2.5) })).toBe(-2.5);
    // det(H_4) = 1/6048000 exactly; relative error bound c·n·κ·eps is loose here, 1e-9 suffices (κ ≈ 1.6e4).
    expect(Math.abs(det(hilbert(4)) * 6048000 - 1)).toBeLessThan(1e-9);
    // SPD: det = ∏ l_ii². Both are backward stable on a well-conditioned matrix: relative agreement ~n·eps; c = 16.
    const a = randomSpd(25, seeded(5));
    const l = cholesky(a);
    let ref = 1;
    for (let i = 0; i < 25; i++) ref *= l.data[i * 25 + i] ** 2;
    expectBelow('det rel. error', Math.abs(det(a) - ref) / ref, 16 * 25 * EPS);
  });

  it('singular and rank-deficient matrices: det ≈ 0, solve and inverse name the pivot', () => {
    const exact = { rows: 3, cols: 3, data: Float64Array.from([1, 2, 3, 2, 4, 6, 1, 0, 1]) };
    expect(Math.abs(det(exact))).toBe(0);
    expect(() => solve(exact, zeros(3, 1))).toThrow(FailedPreconditionError);
    expect(() => inverse(exact)).toThrow(/a is singular to working precision: pivot 2 is/);
    const lowRank = randomLowRank(20, 20, 15, seeded(6)); // rank 15, pivots 15.. are rounding noise
    expect(() => solve(lowRank, zeros(20, 1))).toThrow(/pivot 1[5-9]/);
    expect(Math.abs(det(lowRank))).toBeLessThan(1e-10);
    const bigLowRank = randomLowRank(150, 150, 100, seeded(7)); // spans three 64-wide panels
    expect(() => solve(bigLowRank, zeros(150, 1))).toThrow(/pivot 1[0-4][0-9] is/);
  });

  it('handles 0x0 and rejects bad shapes', () => {
    expect(solve(zeros(0, 0), zeros(0, 1))).toEqual(zeros(0, 1));
    expect(inverse(zeros(0, 0))).toEqual(zeros(0, 0));
    expect(() => solve(zeros(2, 3), zeros(2, 1))).toThrow(InvalidArgumentError);
    expect(() => solve(identity(2), zeros(3, 1))).toThrow('b has 3 rows, expected 2');
  });
});
