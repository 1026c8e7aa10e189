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
