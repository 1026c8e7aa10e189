import { FailedPreconditionError, solve } from '@modelbus/math-linalg';

/**
 * Solves the small dense system a·x = b (a n×n row-major) with linalg's LU, writing x into b.
 * A singular system is reported with the caller's domain message instead of linalg's pivot text.
 */
export function solveDenseInPlace(a: Float64Array, b: Float64Array, n: number, singularMessage: string): void {
  let x;
  try {
    x = solve({ rows: n, cols: n, data: a }, { rows: n, cols: 1, data: b });
  } catch (err) {
    if (err instanceof FailedPreconditionError) throw new FailedPreconditionError(singularMessage);
    throw err;
  }
  b.set(x.data);
}
