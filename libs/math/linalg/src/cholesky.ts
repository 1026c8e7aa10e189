import { FailedPreconditionError } from './errors';
import { Matrix, zeros } from './matrix';
import { solveTriangularInPlace } from './triangular';
import { checkRhs, checkSquare, checkSymmetric } from './validate';

/**
 * Cholesky factor of a symmetric positive definite matrix: lower-triangular L with a = L·Lᵀ.
 * Row-oriented (Cholesky–Banachiewicz): every inner loop is a dot product of two contiguous row
 * prefixes of L. Reads the lower triangle of a after checking symmetry. Like LAPACK, fails only on a
 * pivot ≤ 0, with a FailedPreconditionError naming it.
 */
export function cholesky(a: Matrix): Matrix {
  checkSymmetric(a, 'a');
  const n = a.rows;
  const l = zeros(n, n);
  const ad = a.data;
  const L = l.data;
  for (let i = 0; i < n; i++) {
    const ri = i * n;
    for (let j = 0; j <= i; j++) {
      const rj = j * n;
      let s = ad[ri + j];
      for (let k = 0; k < j; k++) s -= L[ri + k] * L[rj + k];
      if (i === j) {
        if (!(s > 0)) {
          throw new FailedPreconditionError(
            `a is not positive definite: pivot ${i} is ${Number(s.toPrecision(6))} (the leading ${i + 1}x${i + 1} block is not positive definite)`,
          );
        }
        L[ri + i] = Math.sqrt(s);
      } else {
        L[ri + j] = s / L[rj + j];
      }
    }
  }
  return l;
}

/** Solves (L·Lᵀ)·x = b given the Cholesky factor L (n×n lower) and b (n×r). */
export function choleskySolve(l: Matrix, b: Matrix): Matrix {
  checkSquare(l, 'l');
  checkRhs(b, l.rows, 'b');
  const x = zeros(b.rows, b.cols);
  x.data.set(b.data);
  solveTriangularInPlace(l.data, l.rows, x.data, b.cols, true, false, false, 'l');
  solveTriangularInPlace(l.data, l.rows, x.data, b.cols, true, true, false, 'l');
  return x;
}
