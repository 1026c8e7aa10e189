import { InvalidArgumentError } from '@modelbus/math-linalg';

/** A numeric CSV table: `data` is row-major, rows × cols, in header order. */
export interface NumericTable {
  header: string[];
  rows: number;
  cols: number;
  data: Float64Array;
}

const COMMA = 0x2c;
const LF = 0x0a;
const CR = 0x0d;
const SPACE = 0x20;
const TAB = 0x09;

// Exact powers of ten: 10^k is representable for k <= 22, which makes the Clinger fast path
// (integer mantissa <= 2^53 times/divided by an exact power) correctly rounded.
const POW10 = Array.from({ length: 23 }, (_, k) => Number(`1e${k}`));

/**
 * Parses a CSV of numbers with a header line. The body is parsed byte by byte: no string is
 * created per cell except for the rare cell whose digits the fast path cannot round exactly
 * (more than 15 significant digits or a large exponent), where Number() decides.
 * Accepts LF or CRLF line ends, a UTF-8 BOM, spaces around cells and blank lines at the end.
 * Rejects (InvalidArgumentError naming `field`): no header, empty or duplicate column names,
 * no data rows, ragged rows, blank lines inside the body, and any cell that is not a finite
 * decimal number (hex, "NaN", "Infinity", quotes, empty cells are all rejected).
 */
export function parseNumericCsv(bytes: Uint8Array, field = 'dataset'): NumericTable {
  let pos = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  const headerEnd = indexOfByte(bytes, LF, pos);
  const headerLine = new TextDecoder('utf-8').decode(bytes.subarray(pos, trimCr(bytes, pos, headerEnd)));
  const header = parseHeader(headerLine, field);
  const cols = header.length;
  pos = headerEnd + 1;

  // Upper bound on data rows: one per remaining line break (+1 for a last line without one).
  let lines = 1;
  for (let i = pos; i < bytes.length; i++) if (bytes[i] === LF) lines++;
  const data = new Float64Array(lines * cols);

  let rows = 0;
  let lineNo = 1;
  let blankFrom = 0; // line number of the first blank line in a run, 0 if none pending
  while (pos < bytes.length) {
    lineNo++;
    const lineEnd = indexOfByte(bytes, LF, pos);
    const end = trimCr(bytes, pos, lineEnd);
    if (isBlank(bytes, pos, end)) {
      if (blankFrom === 0) blankFrom = lineNo;
      pos = lineEnd + 1;
      continue;
    }
    if (blankFrom !== 0) throw new InvalidArgumentError(field, `line ${blankFrom} is empty (blank lines are only allowed at the end)`);
    let cellStart = pos;
    let col = 0;
    const base = rows * cols;
    for (let i = pos; i <= end; i++) {
      if (i < end && bytes[i] !== COMMA) continue;
      if (col >= cols) {
        throw new InvalidArgumentError(field, `line ${lineNo} has more than ${cols} columns`);
      }
      const v = parseDecimal(bytes, cellStart, i);
      if (!Number.isFinite(v)) {
        const cell = new TextDecoder('utf-8').decode(bytes.subarray(cellStart, i)).trim();
        throw new InvalidArgumentError(field, `line ${lineNo} column '${header[col]}': '${cell}' is not a finite number`);
      }
      data[base + col] = v;
      col++;
      cellStart = i + 1;
    }
    if (col !== cols) throw new InvalidArgumentError(field, `line ${lineNo} has ${col} columns, expected ${cols}`);
    rows++;
    pos = lineEnd + 1;
  }
  if (rows === 0) throw new InvalidArgumentError(field, 'has a header but no data rows');
  return { header, rows, cols, data: rows * cols === data.length ? data : data.slice(0, rows * cols) };
}

function parseHeader(line: string, field: string): string[] {
  if (line.trim() === '') throw new InvalidArgumentError(field, 'must start with a header line of column names');
  const names = line.split(',').map((s) => {
    const t = s.trim();
    return t.length >= 2 && t.startsWith('"') && t.endsWith('"') ? t.slice(1, -1) : t;
  });
  const seen = new Set<string>();
  names.forEach((name, j) => {
    if (name === '') throw new InvalidArgumentError(field, `header column ${j + 1} has an empty name`);
    if (seen.has(name)) throw new InvalidArgumentError(field, `header repeats column name '${name}'`);
    seen.add(name);
  });
  return names;
}

/** Index of the first `b` at or after `from`, or bytes.length. */
function indexOfByte(bytes: Uint8Array, b: number, from: number): number {
  const i = bytes.indexOf(b, from);
  return i < 0 ? bytes.length : i;
}

/** End of the line content, dropping a CR before the LF. */
function trimCr(bytes: Uint8Array, start: number, end: number): number {
  return end > start && bytes[end - 1] === CR ? end - 1 : end;
}

function isBlank(bytes: Uint8Array, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (bytes[i] !== SPACE && bytes[i] !== TAB) return false;
  return true;
}

/**
 * Parses the decimal number in bytes[start, end) (surrounding spaces/tabs allowed), with the
 * grammar [+-]? (digits [. digits?] | . digits) ([eE] [+-]? digits)?. Returns NaN for anything
 * else. The result equals Number() of the same text: exact fast path, Number() fallback.
 */
export function parseDecimal(bytes: Uint8Array, start: number, end: number): number {
  while (start < end && (bytes[start] === SPACE || bytes[start] === TAB)) start++;
  while (end > start && (bytes[end - 1] === SPACE || bytes[end - 1] === TAB)) end--;
  let i = start;
  let negative = false;
  if (i < end && (bytes[i] === 0x2b || bytes[i] === 0x2d)) negative = bytes[i++] === 0x2d;
  let mantissa = 0;
  let significant = 0; // digits counted into the mantissa after the first non-zero one
  let exp10 = 0;
  let digits = 0;
  let exact = true;
  for (; i < end; i++) {
    const d = bytes[i] - 0x30;
    if (d < 0 || d > 9) break;
    digits++;
    if (significant < 15) {
      mantissa = mantissa * 10 + d;
      if (mantissa !== 0) significant++;
    } else {
      exp10++;
      if (d !== 0) exact = false;
    }
  }
  if (i < end && bytes[i] === 0x2e) {
    for (i++; i < end; i++) {
      const d = bytes[i] - 0x30;
      if (d < 0 || d > 9) break;
      digits++;
      if (significant < 15) {
        mantissa = mantissa * 10 + d;
        exp10--;
        if (mantissa !== 0) significant++;
      } else if (d !== 0) exact = false;
    }
  }
  if (digits === 0) return NaN;
  if (i < end && (bytes[i] === 0x65 || bytes[i] === 0x45)) {
    i++;
    let expNegative = false;
    if (i < end && (bytes[i] === 0x2b || bytes[i] === 0x2d)) expNegative = bytes[i++] === 0x2d;
    let e = 0;
    let expDigits = 0;
    for (; i < end; i++) {
      const d = bytes[i] - 0x30;
      if (d < 0 || d > 9) break;
      expDigits++;
      if (e < 1e6) e = e * 10 + d;
    }
    if (expDigits === 0) return NaN;
    exp10 += expNegative ? -e : e;
  }
  if (i !== end) return NaN; // trailing junk, or a quote/letter anywhere
  if (!exact || exp10 < -22 || exp10 > 22) {
    if (mantissa === 0 && exact) return negative ? -0 : 0;
    return Number(latin1(bytes, start, end));
  }
  const v = exp10 < 0 ? mantissa / POW10[-exp10] : mantissa * POW10[exp10];
  return negative ? -v : v;
}

function latin1(bytes: Uint8Array, start: number, end: number): string {
  let s = '';
  for (let i = start; i < end; i++) s += String.fromCharCode(bytes[i]);
  return s;
}
