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

/**
 * Long-format CSV `series_id,value` (optional header row whose second field is not a number):
 * rows of one series in time order; rows of different series may interleave. Empty/NA = missing.
 */
export function parseLongCsv(bytes: Uint8Array, name: string): LongSeries {
  const rows = lines(bytes);
  const what = `dataset "${name}"`;
  if (rows.length === 0) throw new InvalidArgumentError(what, 'is empty');
  const first = splitCsvLine(rows[0]);
  const start = first.length === 2 && !isNumberCell(first[1]) ? 1 : 0;
  const index = new Map<string, number>();
  const perSeries: number[][] = [];
  const ids: string[] = [];
  for (let r = start; r < rows.length; r++) {
    const f = splitCsvLine(rows[r]);
    if (f.length !== 2) throw new InvalidArgumentError(`${what} line ${r + 1}`, `has ${f.length} fields, expected 2 (series_id,value)`);
    if (f[0] === '') throw new InvalidArgumentError(`${what} line ${r + 1}`, 'has an empty series_id');
    let k = index.get(f[0]);
    if (k === undefined) {
      k = ids.length;
      index.set(f[0], k);
      ids.push(f[0]);
      perSeries.push([]);
    }
    perSeries[k].push(cellValue(f[1], `${what} line ${r + 1} value`));
  }
  if (ids.length === 0) throw new InvalidArgumentError(what, 'has a header but no rows');
  const offsets = new Int32Array(ids.length + 1);
  for (let i = 0; i < ids.length; i++) offsets[i + 1] = offsets[i] + perSeries[i].length;
  const values = new Float64Array(offsets[ids.length]);
  for (let i = 0; i < ids.length; i++) values.set(perSeries[i], offsets[i]);
  return { ids, offsets, values };
}
