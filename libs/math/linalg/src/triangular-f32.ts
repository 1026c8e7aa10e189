import { InvalidArgumentError } from './errors';
import { checkF32, type MatrixF32 } from './gemm-f32';
import { assertFinite } from './matrix';
import { solveTriangularInPlace, type TriangularOptions } from './triangular';

/**
 * Single-precision solveTriangular: op(t)·x = b for x, t triangular n×n, b n×r (MatrixF32); returns a
 * new x. Same options and errors as solveTriangular(). TypeScript only: the substitution runs in f64 on
 * widened copies (O(n² + n·r) copies for O(n²·r) work) and x is rounded once to f32, so the result is
 * the f64 solution rounded, which is at least as accurate as an f32 substitution (strsm).
 */
export function solveTriangularF32(t: MatrixF32, b: MatrixF32, options: TriangularOptions): MatrixF32 {
  checkF32(t, 't');
  assertFinite(t.data, 't.data');
  if (t.rows !== t.cols) throw new InvalidArgumentError('t', `is ${t.rows}x${t.cols}, expected a square matrix`);
  checkF32(b, 'b');
  assertFinite(b.data, 'b.data');
  if (b.rows !== t.rows) throw new InvalidArgumentError('b', `has ${b.rows} rows, expected ${t.rows}`);
  if (typeof options?.lower !== 'boolean') throw new InvalidArgumentError('options.lower', 'must be a boolean');
  const x = Float64Array.from(b.data);
  solveTriangularInPlace(Float64Array.from(t.data), t.rows, x, b.cols, options.lower, options.transpose ?? false, options.unitDiagonal ?? false, 't');
  return { rows: b.rows, cols: b.cols, data: Float32Array.from(x) };
}
