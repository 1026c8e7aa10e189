import { FailedPreconditionError, InvalidArgumentError } from './errors';
import { Matrix, zeros } from './matrix';
import { checkRhs, checkSquare } from './validate';

export interface TriangularOptions {
  /** t is lower triangular (true) or upper triangular (false); the other triangle is not read. */
  lower: boolean;
  /** Solve tᵀ·x = b instead of t·x = b. */
  transpose?: boolean;
  /** Assume ones on the diagonal (not read), as for the L of an LU factorisation. */
  unitDiagonal?: boolean;
}

/**
 * Solves op(t)·x = b for x, op(t) = t or tᵀ, t triangular n×n, b n×r. Returns a new x.
 * A zero diagonal element throws FailedPreconditionError naming it.
 */
export function solveTriangular(t: Matrix, b: Matrix, options: TriangularOptions): Matrix {
  checkSquare(t, 't');
  checkRhs(b, t.rows, 'b');
  if (typeof options?.lower !== 'boolean') throw new InvalidArgumentError('options.lower', 'must be a boolean');
  const x = zeros(b.rows, b.cols);
  x.data.set(b.data);
  solveTriangularInPlace(t.data, t.rows, x.data, b.cols, options.lower, options.transpose ?? false, options.unitDiagonal ?? false, 't');
  return x;
}

/**
 * In-place op(T)·X = X on raw row-major arrays (T n×n, X n×r). Every variant walks T by rows, so the
 * transposed solves use the column-sweep ("axpy") form rather than strided dot products.
 */
export function solveTriangularInPlace(
  t: Float64Array, n: number, x: Float64Array, r: number, lower: boolean, trans: boolean, unit: boolean, field: string,
): void {
  for (let i = 0; i < n && !unit; i++) {
    if (t[i * n + i] === 0) throw new FailedPreconditionError(`${field} is singular: diagonal element ${i} is 0`);
  }
  if (!trans) {
    // Row-oriented substitution: x_i = (b_i − Σ_j t_ij x_j) / t_ii over the already-solved j.
    for (let s = 0; s < n; s++) {
      const i = lower ? s : n - 1 - s;
      const xi = i * r;
      const j0 = lower ? 0 : i + 1;
      const j1 = lower ? i : n;
      for (let j = j0; j < j1; j++) {
        const tij = t[i * n + j];
        if (tij === 0) continue;
        const xj = j * r;
        for (let c = 0; c < r; c++) x[xi + c] -= tij * x[xj + c];
      }
      if (!unit) {
        const inv = 1 / t[i * n + i];
        for (let c = 0; c < r; c++) x[xi + c] *= inv;
      }
    }
    return;
  }
  // tᵀ of a lower matrix is upper (solve from the bottom), and vice versa. Column sweep: once x_i is
  // final, subtract its contribution t_ij·x_i (row i of t) from the unsolved x_j.
  for (let s = 0; s < n; s++) {
    const i = lower ? n - 1 - s : s;
    const xi = i * r;
    if (!unit) {
      const inv = 1 / t[i * n + i];
      for (let c = 0; c < r; c++) x[xi + c] *= inv;
    }
    const j0 = lower ? 0 : i + 1;
    const j1 = lower ? i : n;
    for (let j = j0; j < j1; j++) {
      const tij = t[i * n + j];
      if (tij === 0) continue;
      const xj = j * r;
      for (let c = 0; c < r; c++) x[xj + c] -= tij * x[xi + c];
    }
  }
}
