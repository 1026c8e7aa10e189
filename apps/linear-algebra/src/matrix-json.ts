import type { MatrixDto, MatrixJson } from '@modelbus/contracts';
import type { Matrix } from '@modelbus/math-linalg';

/** JSON matrix (validated DTO) → typed-array matrix. */
export function matrixFromDto(m: MatrixDto): Matrix {
  return { rows: m.rows, cols: m.cols, data: Float64Array.from(m.data) };
}

/** Typed-array matrix → JSON matrix. */
export function matrixToJson(m: Matrix): MatrixJson {
  return { rows: m.rows, cols: m.cols, data: Array.from(m.data) };
}
