import { InvalidArgumentError } from './errors';
import { assertFinite, Matrix } from './matrix';

/** Shape and data-length checks every public routine makes on a Matrix argument named `field`. */
export function checkMatrix(x: Matrix, field: string): void {
  if (x == null || !(x.data instanceof Float64Array)) throw new InvalidArgumentError(field, 'must be a Matrix with Float64Array data');
  if (!Number.isInteger(x.rows) || x.rows < 0 || !Number.isInteger(x.cols) || x.cols < 0) {
    throw new InvalidArgumentError(field, `has invalid shape ${x.rows}x${x.cols}`);
  }
  if (x.data.length !== x.rows * x.cols) {
    throw new InvalidArgumentError(`${field}.data`, `has ${x.data.length} values, expected rows*cols = ${x.rows * x.cols}`);
  }
}

/** checkMatrix plus finiteness. */
export function checkFiniteMatrix(x: Matrix, field: string): void {
  checkMatrix(x, field);
  assertFinite(x.data, `${field}.data`);
}

export function checkSquare(x: Matrix, field: string): void {
  checkFiniteMatrix(x, field);
  if (x.rows !== x.cols) throw new InvalidArgumentError(field, `is ${x.rows}x${x.cols}, expected a square matrix`);
}

/**
 * Square, finite and symmetric up to rounding: |a_ij − a_ji| ≤ 1e-10·max|a| (products like AᵀA computed
 * by a blocked GEMM need not be bitwise symmetric). Routines then read only the lower triangle.
 */
export function checkSymmetric(x: Matrix, field: string): void {
  checkSquare(x, field);
  const n = x.rows;
  const d = x.data;
  let maxAbs = 0;
  for (let i = 0; i < d.length; i++) maxAbs = Math.max(maxAbs, Math.abs(d[i]));
  const tol = 1e-10 * maxAbs;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < i; j++) {
      if (Math.abs(d[i * n + j] - d[j * n + i]) > tol) {
        throw new InvalidArgumentError(field, `is not symmetric: [${i}][${j}] = ${d[i * n + j]} but [${j}][${i}] = ${d[j * n + i]}`);
      }
    }
  }
}

/** Right-hand side b must have `rows` rows. */
export function checkRhs(b: Matrix, rows: number, field = 'b'): void {
  checkFiniteMatrix(b, field);
  if (b.rows !== rows) throw new InvalidArgumentError(field, `has ${b.rows} rows, expected ${rows}`);
}
