import { InvalidArgumentError } from './errors';
import { assertFinite, Matrix, zeros } from './matrix';
import { checkMatrix } from './validate';

/**
 * Compressed sparse row matrix: the nonzeros of row i are values[indptr[i] .. indptr[i+1]) at columns
 * indices[...] (any order within a row; duplicates add up in products).
 */
export interface CsrMatrix {
  rows: number;
  cols: number;
  indptr: Int32Array;
  indices: Int32Array;
  values: Float64Array;
}

/** CsrMatrix with single-precision values (spmmF32, spmvF32). */
export interface CsrMatrixF32 {
  rows: number;
  cols: number;
  indptr: Int32Array;
  indices: Int32Array;
  values: Float32Array;
}

export function isCsr(x: unknown): x is CsrMatrix {
  return typeof x === 'object' && x !== null && (x as CsrMatrix).indptr instanceof Int32Array;
}

/** Validates shape, monotone indptr, column indices in range and finite values once, naming `field`. */
export function checkCsr(a: CsrMatrix | CsrMatrixF32, field = 'a'): void {
  if (!Number.isInteger(a.rows) || a.rows < 0 || !Number.isInteger(a.cols) || a.cols < 0) {
    throw new InvalidArgumentError(field, `has invalid shape ${a.rows}x${a.cols}`);
  }
  if (a.indptr.length !== a.rows + 1 || a.indptr[0] !== 0) throw new InvalidArgumentError(`${field}.indptr`, `must have rows + 1 = ${a.rows + 1} entries starting at 0`);
  const nnz = a.indptr[a.rows];
  if (a.indices.length !== nnz || a.values.length !== nnz) {
    throw new InvalidArgumentError(`${field}.indices`, `indices and values must both have indptr[rows] = ${nnz} entries`);
  }
  for (let i = 0; i < a.rows; i++) {
    if (a.indptr[i + 1] < a.indptr[i]) throw new InvalidArgumentError(`${field}.indptr[${i + 1}]`, 'must not decrease');
  }
  for (let p = 0; p < nnz; p++) {
    const c = a.indices[p];
    if (c < 0 || c >= a.cols) throw new InvalidArgumentError(`${field}.indices[${p}]`, `is ${c}, outside [0, ${a.cols})`);
  }
  assertFinite(a.values, `${field}.values`);
}

/** CSR from a dense matrix, keeping the nonzeros. */
export function csrFromDense(a: Matrix): CsrMatrix {
  checkMatrix(a, 'a');
  const { rows, cols, data } = a;
  let nnz = 0;
  for (let i = 0; i < data.length; i++) if (data[i] !== 0) nnz++;
  const indptr = new Int32Array(rows + 1);
  const indices = new Int32Array(nnz);
  const values = new Float64Array(nnz);
  let p = 0;
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      const v = data[i * cols + j];
      if (v !== 0) {
        indices[p] = j;
        values[p++] = v;
      }
    }
    indptr[i + 1] = p;
  }
  return { rows, cols, indptr, indices, values };
}

/** C (rows×k) = A·B for B dense cols×k (SpMM; SpMV is k = 1). Row-wise: each nonzero adds a row of B. */
export function spmm(a: CsrMatrix, b: Float64Array, k: number, out?: Float64Array): Float64Array {
  const c = out ?? new Float64Array(a.rows * k);
  c.fill(0);
  const { indptr, indices, values } = a;
  for (let i = 0; i < a.rows; i++) {
    const ci = i * k;
    for (let p = indptr[i]; p < indptr[i + 1]; p++) {
      const v = values[p];
      const bj = indices[p] * k;
      for (let t = 0; t < k; t++) c[ci + t] += v * b[bj + t];
    }
  }
  return c;
}

/** C (cols×k) = Aᵀ·B for B dense rows×k: each nonzero a_ij scatters row i of B into row j of C. */
export function spmmTransposed(a: CsrMatrix, b: Float64Array, k: number, out?: Float64Array): Float64Array {
  const c = out ?? new Float64Array(a.cols * k);
  c.fill(0);
  const { indptr, indices, values } = a;
  for (let i = 0; i < a.rows; i++) {
    const bi = i * k;
    for (let p = indptr[i]; p < indptr[i + 1]; p++) {
      const v = values[p];
      const cj = indices[p] * k;
      for (let t = 0; t < k; t++) c[cj + t] += v * b[bi + t];
    }
  }
  return c;
}

/** Dense copy (tests, small matrices). */
export function csrToDense(a: CsrMatrix): Matrix {
  const d = zeros(a.rows, a.cols);
  for (let i = 0; i < a.rows; i++) for (let p = a.indptr[i]; p < a.indptr[i + 1]; p++) d.data[i * a.cols + a.indices[p]] += a.values[p];
  return d;
}

/** The same pattern with values rounded to f32. */
export function csrToF32(a: CsrMatrix): CsrMatrixF32 {
  return { rows: a.rows, cols: a.cols, indptr: a.indptr, indices: a.indices, values: Float32Array.from(a.values) };
}

/*
 * f32 SpMM/SpMV: the same row-wise loops as spmm/spmmTransposed, kept as separate functions (not one
 * generic body) so each stays monomorphic in its array types for V8. Accumulates in the f32 output, one
 * rounding per nonzero (a row with r nonzeros: error ≲ r·2⁻²⁴·Σ|a_ij b_jt|, as a CSR sgemm would).
 */

/** C (rows×k, Float32Array) = A·B for B dense cols×k in f32. Inputs are not re-validated (see checkCsr). */
export function spmmF32(a: CsrMatrixF32, b: Float32Array, k: number, out?: Float32Array): Float32Array {
  const c = out ?? new Float32Array(a.rows * k);
  c.fill(0);
  const { indptr, indices, values } = a;
  for (let i = 0; i < a.rows; i++) {
    const ci = i * k;
    for (let p = indptr[i]; p < indptr[i + 1]; p++) {
      const v = values[p];
      const bj = indices[p] * k;
      for (let t = 0; t < k; t++) c[ci + t] += v * b[bj + t];
    }
  }
  return c;
}

/** C (cols×k, Float32Array) = Aᵀ·B for B dense rows×k in f32. */
export function spmmTransposedF32(a: CsrMatrixF32, b: Float32Array, k: number, out?: Float32Array): Float32Array {
  const c = out ?? new Float32Array(a.cols * k);
  c.fill(0);
  const { indptr, indices, values } = a;
  for (let i = 0; i < a.rows; i++) {
    const bi = i * k;
    for (let p = indptr[i]; p < indptr[i + 1]; p++) {
      const v = values[p];
      const cj = indices[p] * k;
      for (let t = 0; t < k; t++) c[cj + t] += v * b[bi + t];
    }
  }
  return c;
}

/** y = A·x (trans false) or Aᵀ·x (trans true) in f32: SpMV, the k = 1 case of spmmF32/spmmTransposedF32. */
export function spmvF32(a: CsrMatrixF32, x: Float32Array, trans = false, out?: Float32Array): Float32Array {
  return trans ? spmmTransposedF32(a, x, 1, out) : spmmF32(a, x, 1, out);
}
