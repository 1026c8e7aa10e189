// CSV readers for time-series datasets. Run inside a worker thread (a dataset can be large).
import { InvalidArgumentError } from '@modelbus/math-linalg';

/** Cells read as a missing value (NaN). */
const MISSING = new Set(['', 'na', 'nan', 'null']);

/** Splits one CSV line; double-quoted fields may hold commas and "" escapes. */
export function splitCsvLine(line: string): string[] {
  if (!line.includes('"')) return line.split(',').map((f) => f.trim());
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cur += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      out.push(cur.trim());
      cur = '';
    } else cur += c;
  }
  out.push(cur.trim());
  return out;
}

function lines(bytes: Uint8Array): string[] {
  const text = new TextDecoder().decode(bytes).replace(/^\uFEFF/, '');
  const all = text.split(/\r?\n/);
  while (all.length > 0 && all[all.length - 1].trim() === '') all.pop();
  return all;
}

const isNumberCell = (s: string) => MISSING.has(s.toLowerCase()) || Number.isFinite(Number(s));

/** A cell as a number, NaN when missing; anything else is INVALID_ARGUMENT naming line and column. */
function cellValue(s: string, where: string): number {
  if (MISSING.has(s.toLowerCase())) return NaN;
  const v = Number(s);
  if (!Number.isFinite(v)) throw new InvalidArgumentError(where, `must be a finite number or empty/NA (missing), got ${JSON.stringify(s)}`);
  return v;
}

/**
 * One series from a CSV: a single numeric column (header optional), or the column named `column`
 * of a CSV with a header row. Empty cells and NA are missing (NaN). Ragged rows are rejected.
 */
export function parseSeriesCsv(bytes: Uint8Array, name: string, column?: string): Float64Array {
  const rows = lines(bytes);
  const what = `dataset "${name}"`;
  if (rows.length === 0) throw new InvalidArgumentError(what, 'is empty');
  const first = splitCsvLine(rows[0]);
  const header = column !== undefined || !first.every(isNumberCell);
  let col = 0;
  if (header) {
    if (column === undefined) {
      if (first.length !== 1) throw new InvalidArgumentError('column', `is required: ${what} has ${first.length} columns (${first.join(', ')})`);
    } else {
      col = first.indexOf(column);
      if (col < 0) throw new InvalidArgumentError('column', `"${column}" is not a column of ${what} (columns: ${first.join(', ')})`);
    }
  } else if (first.length !== 1) {
    throw new InvalidArgumentError('column', `is required: ${what} has ${first.length} columns and no header row to name them`);
  }
  const width = first.length;
  const start = header ? 1 : 0;
  if (rows.length - start === 0) throw new InvalidArgumentError(what, 'has a header but no values');
  const out = new Float64Array(rows.length - start);
  for (let r = start; r < rows.length; r++) {
    const f = width === 1 ? [rows[r].trim().replace(/^"(.*)"$/, '$1')] : splitCsvLine(rows[r]);
    if (f.length !== width) throw new InvalidArgumentError(`${what} line ${r + 1}`, `has ${f.length} fields, expected ${width} (ragged rows)`);
    out[r - start] = cellValue(f[col], `${what} line ${r + 1}${header ? ` column "${first[col]}"` : ''}`);
  }
  return out;
}

/** Many series in long format: ids in order of first appearance, values concatenated per series. */
export interface LongSeries {
  ids: string[];
  /** Series i is values[offsets[i] .. offsets[i + 1]). */
  offsets: Int32Array;
  values: Float64Array;
}

/** A value cell (untrimmed slice) as a number, NaN when missing; anything else is INVALID_ARGUMENT naming the line. */
function valueOf(cell: string, what: string, line: number): number {
  const v = Number(cell); // trims whitespace itself; '' and blanks give 0
  if (Number.isFinite(v) && (v !== 0 || cell.trim() !== '')) return v;
  return cellValue(cell.trim(), `${what} line ${line} value`);
}

/** a with room for at least n elements (doubling), contents kept. */
function grown<T extends Float64Array | Int32Array>(a: T, n: number, make: (size: number) => T): T {
  if (n <= a.length) return a;
  const b = make(Math.max(n, 2 * a.length));
  b.set(a);
  return b;
}

/**
 * Long-format CSV `series_id,value` (optional header row whose second field is not a number):
 * rows of one series in time order; rows of different series may interleave. Empty/NA = missing.
 * One pass over the decoded text with indexOf (no split into line strings or field arrays): a row
 * whose id is the previous row's (the usual layout) costs one startsWith and one Number() of its
 * value slice; values and series indices go into typed columns and a counting sort groups them.
 * Lines holding a double quote, the first line (header?) and malformed lines take the general
 * splitCsvLine path.
 */
export function parseLongCsv(bytes: Uint8Array, name: string): LongSeries {
  const text = new TextDecoder().decode(bytes).replace(/^\uFEFF/, '');
  const what = `dataset "${name}"`;
  const len = text.length;
  const index = new Map<string, number>();
  const ids: string[] = [];
  const f64 = (n: number) => new Float64Array(n);
  const i32 = (n: number) => new Int32Array(n);
  let values = f64(Math.max(16, bytes.length >> 4));
  let seriesOf = i32(values.length);
  let counts = i32(64);
  let rows = 0;
  let prevId = '';
  let prevK = -1;
  let nextQuote = text.indexOf('"');
  let blankLine = 0; // a blank line is an error unless only blank lines follow it
  let header = false;
  let line = 0;
  for (let ls = 0; ls < len; ) {
    line++;
    let le = text.indexOf('\n', ls);
    if (le < 0) le = len;
    const next = le + 1;
    if (le > ls && text.charCodeAt(le - 1) === 13) le--; // \r\n
    if (nextQuote >= 0 && nextQuote < ls) nextQuote = text.indexOf('"', ls);
    const c = text.indexOf(',', ls);
    let id: string | null = null;
    let cell: string;
    if (line === 1 || (nextQuote >= 0 && nextQuote < le) || c < 0 || c >= le || text.indexOf(',', c + 1) < le) {
      // general path
      const row = text.slice(ls, le);
      ls = next;
      if (row.trim() === '') {
        if (blankLine === 0) blankLine = line;
        continue;
      }
      const f = splitCsvLine(row);
      if (line === 1 && f.length === 2 && !isNumberCell(f[1])) {
        header = true;
        continue;
      }
      if (blankLine > 0) throw new InvalidArgumentError(`${what} line ${blankLine}`, 'has 1 fields, expected 2 (series_id,value)');
      if (f.length !== 2) throw new InvalidArgumentError(`${what} line ${line}`, `has ${f.length} fields, expected 2 (series_id,value)`);
      if (f[0] !== prevId || prevK < 0) id = f[0];
      cell = f[1];
    } else {
      if (blankLine > 0) throw new InvalidArgumentError(`${what} line ${blankLine}`, 'has 1 fields, expected 2 (series_id,value)');
      if (prevK < 0 || c - ls !== prevId.length || !text.startsWith(prevId, ls)) id = text.slice(ls, c).trim();
      cell = text.slice(c + 1, le);
      ls = next;
    }
    if (id !== null && id !== prevId) {
      if (id === '') throw new InvalidArgumentError(`${what} line ${line}`, 'has an empty series_id');
      let k = index.get(id);
      if (k === undefined) {
        k = ids.length;
        index.set(id, k);
        ids.push(id);
        counts = grown(counts, k + 1, i32);
      }
      prevId = id;
      prevK = k;
    }
    if (rows === values.length) {
      values = grown(values, rows + 1, f64);
      seriesOf = grown(seriesOf, rows + 1, i32);
    }
    values[rows] = valueOf(cell, what, line);
    seriesOf[rows++] = prevK;
    counts[prevK]++;
  }
  if (ids.length === 0) throw new InvalidArgumentError(what, header ? 'has a header but no rows' : 'is empty');
  // group the rows by series, keeping their order within each (counting sort)
  const offsets = new Int32Array(ids.length + 1);
  for (let i = 0; i < ids.length; i++) offsets[i + 1] = offsets[i] + counts[i];
  const out = new Float64Array(rows);
  const fill = offsets.slice(0, ids.length);
  for (let r = 0; r < rows; r++) out[fill[seriesOf[r]]++] = values[r];
  return { ids, offsets, values: out };
}
