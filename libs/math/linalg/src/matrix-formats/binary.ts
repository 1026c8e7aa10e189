import { InvalidArgumentError } from '../errors';
import type { Matrix } from '../matrix';

/**
 * Modelbus dense matrix binary format, version 1 (datasets in MODELBUS_DATASETS and the factors that
 * jobs.la.* store in MODELBUS_MODELS). All integers and values little-endian:
 *
 *   offset  size  field
 *   0       4     magic, ASCII "MBMX" (0x4D 0x42 0x4D 0x58)
 *   4       4     version, uint32 = 1
 *   8       8     rows, uint64 (≤ 2^53)
 *   16      8     cols, uint64 (≤ 2^53)
 *   24      8     reserved, uint64 = 0
 *   32      8·rows·cols  values, float64, row-major: element (i, j) at 32 + 8·(i·cols + j)
 *
 * The file is exactly 32 + 8·rows·cols bytes; the 32-byte header keeps the values 8-byte aligned,
 * so a reader can view them in place. A vector is stored as a 1×n matrix.
 */
export const MATRIX_BINARY = { magic: 'MBMX', version: 1, headerBytes: 32 } as const;

const MAGIC = [0x4d, 0x42, 0x4d, 0x58];
const MAX_DIM = 2n ** 53n;

/** True when the bytes start with the "MBMX" magic. */
export function isMatrixBinary(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && MAGIC.every((b, i) => bytes[i] === b);
}

/** Encodes a dense matrix in the binary format (a fresh buffer, safe to transfer). */
export function encodeMatrixBinary(m: Matrix): Uint8Array {
  const out = new Uint8Array(MATRIX_BINARY.headerBytes + 8 * m.rows * m.cols);
  const dv = new DataView(out.buffer);
  out.set(MAGIC, 0);
  dv.setUint32(4, MATRIX_BINARY.version, true);
  dv.setBigUint64(8, BigInt(m.rows), true);
  dv.setBigUint64(16, BigInt(m.cols), true);
  dv.setBigUint64(24, 0n, true);
  const values = new Float64Array(out.buffer, MATRIX_BINARY.headerBytes, m.rows * m.cols);
  if (isLittleEndian) values.set(m.data);
  else for (let i = 0; i < m.data.length; i++) dv.setFloat64(MATRIX_BINARY.headerBytes + 8 * i, m.data[i], true);
  return out;
}

/**
 * Checks the header (magic, version, reserved field) and the exact length; returns the shape. Each
 * problem is an InvalidArgumentError naming `field` (e.g. `dataset "x"`).
 */
export function readMatrixBinaryHeader(bytes: Uint8Array, field = 'matrix'): { rows: number; cols: number } {
  const H = MATRIX_BINARY.headerBytes;
  if (!isMatrixBinary(bytes)) throw new InvalidArgumentError(field, 'is not in the Modelbus matrix binary format: it does not start with the magic "MBMX"');
  if (bytes.length < H) throw new InvalidArgumentError(field, `has a truncated header: ${bytes.length} bytes, the header alone is ${H}`);
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = dv.getUint32(4, true);
  if (version !== MATRIX_BINARY.version) {
    const bigEndian = dv.getUint32(4, false) === MATRIX_BINARY.version ? ' — it looks big-endian: the header and the values must be little-endian (numpy "<f8", struct "<IQQQ")' : '';
    throw new InvalidArgumentError(field, `has binary format version ${version}; this service reads version ${MATRIX_BINARY.version}${bigEndian}`);
  }
  const rows = dv.getBigUint64(8, true);
  const cols = dv.getBigUint64(16, true);
  if (rows > MAX_DIM || cols > MAX_DIM) throw new InvalidArgumentError(field, `header says ${rows}x${cols}: rows and cols must be at most 2^53`);
  if (dv.getBigUint64(24, true) !== 0n) throw new InvalidArgumentError(field, 'has a nonzero reserved header field (bytes 24-31 must be 0)');
  const expected = BigInt(H) + 8n * rows * cols;
  if (BigInt(bytes.length) !== expected) {
    throw new InvalidArgumentError(field, `header says ${rows}x${cols} (${expected} bytes with the header) but it has ${bytes.length} bytes`);
  }
  return { rows: Number(rows), cols: Number(cols) };
}

/** Decodes the binary format: header checks as readMatrixBinaryHeader, then every value must be finite. */
export function decodeMatrixBinary(bytes: Uint8Array, field = 'matrix'): Matrix {
  const { rows, cols } = readMatrixBinaryHeader(bytes, field);
  return readRows(bytes, rows, cols, 0, rows, field);
}

/** Rows [offset, offset + limit) of a binary matrix (clipped to its rows), without decoding the rest. */
export function decodeMatrixBinaryRows(bytes: Uint8Array, offset: number, limit: number, field = 'matrix'): Matrix {
  const { rows, cols } = readMatrixBinaryHeader(bytes, field);
  const from = Math.min(offset, rows);
  return readRows(bytes, rows, cols, from, Math.min(rows, from + limit), field);
}

function readRows(bytes: Uint8Array, rows: number, cols: number, from: number, to: number, field: string): Matrix {
  const H = MATRIX_BINARY.headerBytes;
  const start = H + 8 * from * cols;
  const count = (to - from) * cols;
  const data = new Float64Array(count);
  if (isLittleEndian && (bytes.byteOffset + start) % 8 === 0) data.set(new Float64Array(bytes.buffer, bytes.byteOffset + start, count));
  else {
    const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    for (let i = 0; i < count; i++) data[i] = dv.getFloat64(start + 8 * i, true);
  }
  for (let i = 0; i < count; i++) {
    if (!Number.isFinite(data[i])) throw new InvalidArgumentError(field, `has a non-finite value ${data[i]} at row ${from + Math.floor(i / cols)}, column ${i % cols} (0-based)`);
  }
  return { rows: to - from, cols, data };
}

const isLittleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
