import type { MatrixDto, MatrixJson } from '@modelbus/contracts';
import type { Matrix, MatrixF32 } from '@modelbus/math-linalg';

/** JSON matrix (validated DTO) → typed-array matrix. */
export function matrixFromDto(m: MatrixDto): Matrix {
  return { rows: m.rows, cols: m.cols, data: Float64Array.from(m.data) };
}

/** Typed-array matrix → JSON matrix. */
export function matrixToJson(m: Matrix | MatrixF32): MatrixJson {
  return { rows: m.rows, cols: m.cols, data: Array.from(m.data) };
}

/** Typed-array vector → JSON array. */
export function vectorToJson(v: Float64Array): number[] {
  return Array.from(v);
}

/** The buffers of these matrices, to move (not copy) them into a worker. */
export function buffersOf(...ms: Matrix[]): ArrayBuffer[] {
  return ms.map((m) => m.data.buffer as ArrayBuffer);
}
