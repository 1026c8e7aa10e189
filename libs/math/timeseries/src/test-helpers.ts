import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Nile flow 1871–1970 from the fixture copy (test-only helper; not exported from index). */
export function loadNile(): Float64Array {
  const text = readFileSync(join(__dirname, '__fixtures__', 'nile.csv'), 'utf8');
  const rows = text.trim().split('\n').slice(1);
  return Float64Array.from(rows.map((r) => Number(r.split(',')[1])));
}

/**
 * Throws unless |a_i − b_i| ≤ rel · max(|b_i|, mean|b|) for all i: relative accuracy, with the
 * array's typical magnitude as the floor so entries crossing zero are not judged by their own size.
 */
export function expectRelClose(actual: ArrayLike<number>, expected: ArrayLike<number>, rel: number, what: string): void {
  if (actual.length !== expected.length) throw new Error(`${what}: length ${actual.length} vs ${expected.length}`);
  let meanAbs = 0;
  for (let i = 0; i < expected.length; i++) meanAbs += Math.abs(expected[i]);
  meanAbs /= Math.max(1, expected.length);
  for (let i = 0; i < expected.length; i++) {
    const err = Math.abs(actual[i] - expected[i]);
    const tol = rel * Math.max(Math.abs(expected[i]), meanAbs);
    if (!(err <= tol)) throw new Error(`${what}[${i}]: ${actual[i]} vs ${expected[i]} (err ${err} > ${tol})`);
  }
}

/**
 * Cholesky S = LL' of a dense symmetric positive definite N × N matrix (row-major) for the
 * brute-force Gaussian conditioning in tests: solveL(b) = L⁻¹b and logdet = log|S|.
 */
export function denseCholesky(S: number[], N: number): { solveL: (b: number[]) => number[]; logdet: number } {
  const L = new Array<number>(N * N).fill(0);
  for (let i = 0; i < N; i++) {
    for (let j = 0; j <= i; j++) {
      let s = S[i * N + j];
      for (let k = 0; k < j; k++) s -= L[i * N + k] * L[j * N + k];
      L[i * N + j] = i === j ? Math.sqrt(s) : s / L[j * N + j];
    }
  }
  let logdet = 0;
  for (let i = 0; i < N; i++) logdet += 2 * Math.log(L[i * N + i]);
  const solveL = (b: number[]) => {
    const x = b.slice();
    for (let i = 0; i < N; i++) {
      for (let k = 0; k < i; k++) x[i] -= L[i * N + k] * x[k];
      x[i] /= L[i * N + i];
    }
    return x;
  };
  return { solveL, logdet };
}

/** max_i |a_i − b_i| / max_i |b_i|: error relative to the array's largest entry. */
export function maxRelErr(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let scale = 0;
  for (let i = 0; i < b.length; i++) scale = Math.max(scale, Math.abs(b[i]));
  let e = 0;
  for (let i = 0; i < b.length; i++) e = Math.max(e, Math.abs(a[i] - b[i]) / scale);
  return e;
}
