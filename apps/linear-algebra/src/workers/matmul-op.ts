// la.matmul in the worker: the f64 GEMM, or (dtype f32) the operands rounded to single precision and
// the f32 SIMD GEMM. Pure math on typed arrays.
import { InvalidArgumentError, matmul, matmulF32, type Matrix, type MatrixF32 } from '@modelbus/math-linalg';
import type { MatmulDtype } from '@modelbus/contracts';
import { checkResultSize } from './result-size';

export interface MatmulTask {
  a: Matrix;
  b: Matrix;
  dtype?: MatmulDtype;
}

export function matmulOp({ a, b, dtype = 'f64' }: MatmulTask): { c: Matrix | MatrixF32; dtype: MatmulDtype } {
  if (a.cols === b.rows) checkResultSize('a·b', a.rows, b.cols, '', 'multiply by blocks of rows of a (or columns of b)'); // a mismatch is the GEMM's to name
  if (dtype === 'f32') return { c: matmulF32(toF32(a, 'a'), toF32(b, 'b')), dtype };
  return { c: matmul(a, b), dtype: 'f64' };
}

/** Rounds to f32, rejecting finite doubles beyond the f32 range (they would become ±Infinity). */
function toF32(m: Matrix, field: string): MatrixF32 {
  const data = Float32Array.from(m.data);
  for (let i = 0; i < data.length; i++) {
    if (!Number.isFinite(data[i])) throw new InvalidArgumentError(`${field}.data[${i}]`, `is ${m.data[i]}, outside the f32 range (|x| ≤ 3.4028235e38) for dtype f32`);
  }
  return { rows: m.rows, cols: m.cols, data };
}
