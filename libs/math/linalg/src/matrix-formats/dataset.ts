import { InvalidArgumentError } from '../errors';
import type { Matrix } from '../matrix';
import type { CsrMatrix } from '../sparse';
import { decodeMatrixBinary, isMatrixBinary } from './binary';
import { parseCsvMatrix } from './csv';
import { parseMatrixMarket } from './matrix-market';

export const MATRIX_DATASET_FORMATS = ['auto', 'binary', 'csv', 'matrix-market'] as const;
export type MatrixDatasetFormat = (typeof MATRIX_DATASET_FORMATS)[number];

/** A parsed matrix dataset: dense (binary, CSV) or CSR (Matrix Market). */
export type MatrixDataset = { kind: 'dense'; format: 'binary' | 'csv'; matrix: Matrix } | { kind: 'sparse'; format: 'matrix-market'; matrix: CsrMatrix };

/**
 * Reads a matrix dataset. `auto` (default) picks by content: the "MBMX" magic → binary, a
 * "%%MatrixMarket" banner → Matrix Market, otherwise CSV.
 */
export function readMatrixDataset(bytes: Uint8Array, format: MatrixDatasetFormat = 'auto', field = 'dataset', options: { header?: boolean } = {}): MatrixDataset {
  const f = format === 'auto' ? detectFormat(bytes) : format;
  switch (f) {
    case 'binary':
      return { kind: 'dense', format: 'binary', matrix: decodeMatrixBinary(bytes, field) };
    case 'csv': {
      const { rows, cols, data } = parseCsvMatrix(bytes, field, options);
      return { kind: 'dense', format: 'csv', matrix: { rows, cols, data } };
    }
    case 'matrix-market':
      return { kind: 'sparse', format: 'matrix-market', matrix: parseMatrixMarket(bytes, field) };
    default:
      throw new InvalidArgumentError('format', `must be one of ${MATRIX_DATASET_FORMATS.join(', ')}, got ${String(format)}`);
  }
}

function detectFormat(bytes: Uint8Array): 'binary' | 'csv' | 'matrix-market' {
  if (isMatrixBinary(bytes)) return 'binary';
  const head = new TextDecoder().decode(bytes.subarray(0, 14)).toLowerCase();
  return head === '%%matrixmarket' ? 'matrix-market' : 'csv';
}
