import { describe, expect, it } from 'vitest';
import { FailedPreconditionError, InvalidArgumentError } from './errors';
import { zeros } from './matrix';
import { EPS, diffNorm, expectBelow, frobenius, mul, randomMatrix, seeded, transpose } from './testing/helpers';
import { solveTriangular } from './triangular';

/** Makes a well-conditioned triangular matrix: random entries, diagonal pushed away from 0. */
function randomTriangular(n: number, lower: boolean, rand: () => number) {
  const t = randomMatrix(n, n, rand);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) if (lower ? j > i : j < i) t.data[i * n + j] = 0;
    t.data[i * n + i] = (rand() < 0.5 ? -1 : 1) * (2 + rand());
  }
  return t;
}

describe('solveTriangular', () => {
  // Backward stable: (T + ΔT)x = b with |ΔT| ≤ γ_n|T| (Higham Thm 8.5), so the residual
  // ‖b − op(T)x‖ ≤ n·eps·‖T‖‖x‖ up to a small constant; c = 4.
  it.each([[1], [5], [40]])('solves all four variants with a small residual, n = %i', (n) => {
    const rand = seeded(n);
    for (const lower of [true, false]) {
      for (const trans of [false, true]) {
        const t = randomTriangular(n, lower, rand);
        const b = randomMatrix(n, 3, rand);
        const x = solveTriangular(t, b, { lower, transpose: trans });
        const op = trans ? transpose(t) : t;
        expectBelow(`residual lower=${lower} trans=${trans}`, diffNorm(mul(op, x), b), 4 * n * EPS * frobenius(t) * frobenius(x));
      }
    }
  });

  it('unit diagonal ignores the stored diagonal and the other triangle is not read', () => {
    const t = { rows: 2, cols: 2, data: Float64Array.from([99, 123, 2, 99]) }; // read as [[1,0],[2,1]]
    const x = solveTriangular(t, { rows: 2, cols: 1, data: Float64Array.from([1, 4]) }, { lower: true, unitDiagonal: true });
    expect(Array.from(x.data)).toEqual([1, 2]);
  });

  it('names the zero diagonal element of a singular matrix', () => {
    const t = { rows: 3, cols: 3, data: Float64Array.from([1, 0, 0, 1, 0, 0, 1, 1, 1]) };
    expect(() => solveTriangular(t, zeros(3, 1), { lower: true })).toThrow(FailedPreconditionError);
    expect(() => solveTriangular(t, zeros(3, 1), { lower: true })).toThrow('diagonal element 1 is 0');
  });

  it('handles 0x0 and rejects a mismatched right-hand side', () => {
    expect(solveTriangular(zeros(0, 0), zeros(0, 2), { lower: true })).toEqual(zeros(0, 2));
    expect(() => solveTriangular(zeros(2, 2), zeros(3, 1), { lower: true })).toThrow(InvalidArgumentError);
    expect(() => solveTriangular(zeros(2, 2), zeros(3, 1), { lower: true })).toThrow('b has 3 rows, expected 2');
  });
});
