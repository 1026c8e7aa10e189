import { InvalidArgumentError } from '../errors';
import type { Matrix } from '../matrix';
import type { CsrMatrix } from '../sparse';
import { decodeMatrixBinary, isMatrixBinary } from './binary';
import { parseCsvMatrix } from './csv';
import { parseMatrixMarket, type MatrixMarketOptions } from './matrix-market';

export const MATRIX_DATASET_FORMATS = ['auto', 'binary', 'csv', 'matrix-market'] as const;
export type MatrixDatasetFormat = (typeof MATRIX_DATASET_FORMATS)[number];

/** A parsed matrix dataset: dense (binary, CSV) or CSR (Matrix Market). */
export type MatrixDataset = { kind: 'dense'; format: 'binary' | 'csv'; matrix: Matrix } | { kind: 'sparse'; format: 'matrix-market'; matrix: CsrMatrix };

/**
 * Reads a matrix dataset. `auto` (default) picks by content: the "MBMX" magic → binary, a
 * "%%MatrixMarket" banner → Matrix Market, otherwise CSV.
 */
export function readMatrixDataset(bytes: Uint8Array, format: MatrixDatasetFormat = 'auto', field = 'dataset', options: { header?: boolean } & MatrixMarketOptions = {}): MatrixDataset {
  const f = format === 'auto' ? detectFormat(bytes, field) : format;
  switch (f) {
    case 'binary':
      return { kind: 'dense', format: 'binary', matrix: decodeMatrixBinary(bytes, field) };
    case 'csv': {
      const { rows, cols, data } = parseCsvMatrix(bytes, field, { header: options.header });
      return { kind: 'dense', format: 'csv', matrix: { rows, cols, data } };
    }
    case 'matrix-market':
      return { kind: 'sparse', format: 'matrix-market', matrix: parseMatrixMarket(bytes, field, { maxDimension: options.maxDimension }) };
    default:
      throw new InvalidArgumentError('format', `must be one of ${MATRIX_DATASET_FORMATS.join(', ')}, got ${String(format)}`);
  }
}

/** Bytes looked at for NULs: text formats never contain one, binary data almost surely does early on. */
const SNIFF_BYTES = 4096;

function detectFormat(bytes: Uint8Array, field: string): 'binary' | 'csv' | 'matrix-market' {
  if (isMatrixBinary(bytes)) return 'binary';
  const head = new TextDecoder().decode(bytes.subarray(0, 14)).toLowerCase();
  if (head === '%%matrixmarket') return 'matrix-market';
  // otherwise CSV would read the bytes as one odd line and report an empty matrix
  if (bytes.subarray(0, SNIFF_BYTES).includes(0)) {
    throw new InvalidArgumentError(field, 'is binary (it has NUL bytes) but does not start with the magic "MBMX" of the Modelbus matrix binary format: write the 32-byte header (README, "Dataset formats"), or upload CSV or Matrix Market as UTF-8 text (not UTF-16)');
  }
  return 'csv';
}
