import { describe, expect, it } from 'vitest';
import { cholesky, choleskySolve } from './cholesky';
import { SpdBatch, choleskySolveBatched } from './cholesky-batched';
import { FailedPreconditionError, InvalidArgumentError } from './errors';
import { EPS, diffNorm, expectBelow, frobenius, randomMatrix, randomSpd, seeded } from './testing/helpers';
import { wasmKernelsAvailable } from './wasm/kernels';

/**
 * Batched factor+solve against one-at-a-time cholesky()/choleskySolve() on the same systems. Both are
 * backward stable on these well-conditioned matrices (randomSpd adds n·I), so solutions agree to
 * ‖Δx‖/‖x‖ ≤ c·n·eps with c = 8 (observed < 1), and the batched residual is checked directly.
 */
function systems(count: number, n: number, nrhs: number, seed: number) {
  const rand = seeded(seed);
  const a = new Float64Array(count * n * n);
  const b = new Float64Array(count * n * nrhs);
  for (let s = 0; s < count; s++) {
    a.set(randomSpd(n, rand).data, s * n * n);
    b.set(randomMatrix(n, nrhs, rand).data, s * n * nrhs);
  }
  return { a, b };
}

function expectSolutions(x: Float64Array, a: Float64Array, b: Float64Array, count: number, n: number, nrhs: number): void {
  expect(x.length).toBe(count * n * nrhs);
  if (nrhs === 0) return; // factor only
  for (let s = 0; s < count; s++) {
    const as = { rows: n, cols: n, data: a.slice(s * n * n, (s + 1) * n * n) };
    const bs = { rows: n, cols: nrhs, data: b.slice(s * n * nrhs, (s + 1) * n * nrhs) };
    const want = choleskySolve(cholesky(as), bs);
    const got = { rows: n, cols: nrhs, data: x.slice(s * n * nrhs, (s + 1) * n * nrhs) };
    expectBelow(`system ${s}: ‖x − x₁‖/‖x₁‖`, diffNorm(got, want) / frobenius(want), 8 * n * EPS);
  }
}

describe('batched Cholesky solve', () => {
  it.each([[1, 1, 1], [3, 7, 1], [5, 64, 1], [4, 65, 3], [2, 33, 2], [6, 16, 0]])('count=%i n=%i nrhs=%i agrees with one-at-a-time solves', (count, n, nrhs) => {
    const { a, b } = systems(count, n, nrhs, count * 100 + n + nrhs);
    const x = choleskySolveBatched(a, b, count, n, nrhs);
    expectSolutions(x, a, b, count, n, nrhs);
  });

  it('keeps the operands resident: fill the views in place, one factorSolve call, L left in the matrices', () => {
    const count = 40, n = 64;
    const { a, b } = systems(count, n, 1, 9);
    const batch = SpdBatch.create(count, n, 1);
    try {
      expect(batch.resident).toBe(wasmKernelsAvailable());
      batch.matrices().set(a);
      batch.rhs().set(b);
      batch.factorSolve();
      expectSolutions(batch.rhs(), a, b, count, n, 1);
      const l0 = cholesky({ rows: n, cols: n, data: a.slice(0, n * n) }).data;
      const m = batch.matrices();
      for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) expect(Math.abs(m[i * n + j] - l0[i * n + j])).toBeLessThan(1e-12 * n);
    } finally {
      batch.dispose();
    }
    expect(() => batch.rhs()).toThrow();
  });

  it('names the first system that is not positive definite, and its pivot', () => {
    const count = 5, n = 10;
    const { a, b } = systems(count, n, 1, 3);
    a[3 * n * n + 6 * n + 6] = -100; // system 3, pivot 6
    let error: unknown;
    try {
      choleskySolveBatched(a, b, count, n, 1);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(FailedPreconditionError);
    expect((error as Error).message).toMatch(/^system 3: a is not positive definite: pivot 6 is -/);
  });

  it('rejects arrays of the wrong length and bad counts', () => {
    expect(() => choleskySolveBatched(new Float64Array(7), new Float64Array(2), 2, 2, 1)).toThrow(InvalidArgumentError);
    expect(() => SpdBatch.create(-1, 2)).toThrow('count must be a non-negative integer');
    expect(choleskySolveBatched(new Float64Array(0), new Float64Array(0), 0, 4, 1)).toEqual(new Float64Array(0));
  });
});
