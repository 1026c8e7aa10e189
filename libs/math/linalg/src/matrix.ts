import { InvalidArgumentError } from './errors';

/** Dense row-major matrix: element (i, j) is data[i * cols + j]. */
export interface Matrix {
  rows: number;
  cols: number;
  data: Float64Array;
}

/** A matrix of zeros. */
export function zeros(rows: number, cols: number): Matrix {
  return { rows, cols, data: new Float64Array(rows * cols) };
}

/**
 * Builds a matrix from row-major numbers, checking shape and finiteness once at the boundary.
 * `field` names the input in error messages (e.g. "a").
 */
export function matrixFrom(rows: number, cols: number, values: ArrayLike<number>, field = 'matrix'): Matrix {
  if (!Number.isInteger(rows) || rows < 0) throw new InvalidArgumentError(`${field}.rows`, 'must be a non-negative integer');
  if (!Number.isInteger(cols) || cols < 0) throw new InvalidArgumentError(`${field}.cols`, 'must be a non-negative integer');
  if (values.length !== rows * cols) {
    throw new InvalidArgumentError(`${field}.data`, `has ${values.length} values, expected rows*cols = ${rows * cols}`);
  }
  const data = values instanceof Float64Array ? values : Float64Array.from(values);
  assertFinite(data, `${field}.data`);
  return { rows, cols, data };
}

/** Throws InvalidArgumentError naming the first non-finite element. */
export function assertFinite(values: ArrayLike<number>, field: string): void {
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i])) throw new InvalidArgumentError(`${field}[${i}]`, 'must be a finite number');
  }
}

/** The n×n identity. */
export function identity(n: number): Matrix {
  const m = zeros(n, n);
  for (let i = 0; i < n; i++) m.data[i * n + i] = 1;
  return m;
}

/** A new matrix holding aᵀ. */
export function transpose(a: Matrix): Matrix {
  const t = zeros(a.cols, a.rows);
  const { rows, cols, data } = a;
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) t.data[j * rows + i] = data[i * cols + j];
  return t;
}
