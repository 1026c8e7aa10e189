import { InvalidArgumentError } from '../errors';
import type { CsrMatrix } from '../sparse';

/**
 * Sparse matrix from Matrix Market coordinate text (NIST format, math.nist.gov/MatrixMarket):
 *
 *   %%MatrixMarket matrix coordinate <real|integer|pattern> <general|symmetric|skew-symmetric>
 *   % comment lines
 *   rows cols nnz
 *   i j [value]        (nnz lines, 1-based indices; pattern entries have no value and mean 1)
 *
 * Symmetric and skew-symmetric files list the lower triangle; the mirror entries are added (negated
 * for skew). Duplicates add up to one stored entry (nnz, norms and sums of squares over the stored
 * values are then those of the matrix). The result is CSR with each row sorted by column. Errors
 * name the 1-based line: bad banner or size line, index outside
 * [1, rows]×[1, cols], non-finite value, fewer or more entries than the size line says.
 */
export interface MatrixMarketOptions {
  /**
   * Most rows or columns the size line may declare (default 2^31 − 1, the Int32 CSR limit). Arrays are
   * sized by the declared shape, so a service reading untrusted files sets what it can hold.
   */
  maxDimension?: number;
}

export function parseMatrixMarket(bytes: Uint8Array | string, field = 'matrix-market', options: MatrixMarketOptions = {}): CsrMatrix {
  const text = typeof bytes === 'string' ? bytes : new TextDecoder().decode(bytes);
  const lines = new LineReader(text);
  const banner = lines.next();
  const parts = banner?.text.trim().toLowerCase().split(/\s+/) ?? [];
  if (parts[0] !== '%%matrixmarket' || parts[1] !== 'matrix') {
    throw new InvalidArgumentError(field, 'line 1 must be the banner "%%MatrixMarket matrix coordinate <real|integer|pattern> <general|symmetric|skew-symmetric>"');
  }
  if (parts[2] !== 'coordinate') throw new InvalidArgumentError(field, `has Matrix Market storage "${parts[2]}"; only "coordinate" is read (store dense matrices as CSV or binary)`);
  const valueType = parts[3];
  if (valueType !== 'real' && valueType !== 'integer' && valueType !== 'pattern') {
    throw new InvalidArgumentError(field, `has Matrix Market field type "${valueType}"; only real, integer and pattern are supported`);
  }
  const symmetry = parts[4];
  if (symmetry !== 'general' && symmetry !== 'symmetric' && symmetry !== 'skew-symmetric') {
    throw new InvalidArgumentError(field, `has Matrix Market symmetry "${symmetry}"; only general, symmetric and skew-symmetric are supported`);
  }
  let size = lines.next();
  while (size && (size.text.startsWith('%') || size.text.trim() === '')) size = lines.next();
  if (!size) throw new InvalidArgumentError(field, 'has no size line "rows cols nnz" after the banner');
  const dims = size.text.trim().split(/\s+/).map(Number);
  if (dims.length !== 3 || !dims.every((d) => Number.isInteger(d) && d >= 0)) {
    throw new InvalidArgumentError(field, `line ${size.line}: size line must be three non-negative integers "rows cols nnz", got "${size.text.trim().slice(0, 60)}"`);
  }
  const [rows, cols, nnz] = dims;
  // CSR indices are Int32; and each entry line takes at least 4 bytes ("i j" and a line end), so a
  // header claiming more entries than the text can hold is rejected before the arrays are sized by it.
  if (rows > INT32_MAX || cols > INT32_MAX) throw new InvalidArgumentError(field, `line ${size.line}: ${rows}x${cols} exceeds the ${INT32_MAX} rows/columns a sparse matrix may have`);
  const maxDim = options.maxDimension ?? INT32_MAX;
  if (rows > maxDim || cols > maxDim) throw new InvalidArgumentError(field, `line ${size.line}: ${rows}x${cols} exceeds the ${maxDim} rows/columns allowed here`);
  if (nnz > (text.length + 1) / 4) throw new InvalidArgumentError(field, `line ${size.line}: the size line declares ${nnz} entries, more than the ${text.length} bytes of the file can hold`);
  if (symmetry !== 'general' && rows !== cols) throw new InvalidArgumentError(field, `is ${symmetry} but not square (${rows}x${cols})`);
  const mirror = symmetry !== 'general';
  const ri = new Int32Array(mirror ? 2 * nnz : nnz);
  const ci = new Int32Array(ri.length);
  const vs = new Float64Array(ri.length);
  let count = 0;
  let seen = 0;
  for (let e = lines.next(); e; e = lines.next()) {
    const t = e.text.trim();
    if (t === '' || t.startsWith('%')) continue;
    if (seen === nnz) throw new InvalidArgumentError(field, `line ${e.line}: more entries than the ${nnz} the size line declares`);
    seen++;
    const f = t.split(/\s+/);
    const want = valueType === 'pattern' ? 2 : 3;
    if (f.length !== want) throw new InvalidArgumentError(field, `line ${e.line}: expected ${want} fields "i j${want === 3 ? ' value' : ''}", got ${f.length}`);
    const i = Number(f[0]), j = Number(f[1]);
    if (!Number.isInteger(i) || i < 1 || i > rows) throw new InvalidArgumentError(field, `line ${e.line}: row index ${f[0]} ${Number.isInteger(i) ? 'is outside' : 'is not an integer in'} [1, ${rows}]`);
    if (!Number.isInteger(j) || j < 1 || j > cols) throw new InvalidArgumentError(field, `line ${e.line}: column index ${f[1]} ${Number.isInteger(j) ? 'is outside' : 'is not an integer in'} [1, ${cols}]`);
    const v = want === 3 ? Number(f[2]) : 1;
    if (!Number.isFinite(v) || (want === 3 && f[2].trim() === '')) throw new InvalidArgumentError(field, `line ${e.line}: value "${f[2]}" is not a finite number`);
    if (mirror && j > i) throw new InvalidArgumentError(field, `line ${e.line}: entry (${i}, ${j}) is above the diagonal; a ${symmetry} file lists the lower triangle only`);
    if (symmetry === 'skew-symmetric' && i === j) throw new InvalidArgumentError(field, `line ${e.line}: a skew-symmetric file has no diagonal entries`);
    ri[count] = i - 1;
    ci[count] = j - 1;
    vs[count++] = v;
    if (mirror && i !== j) {
      ri[count] = j - 1;
      ci[count] = i - 1;
      vs[count++] = symmetry === 'skew-symmetric' ? -v : v;
    }
  }
  if (seen !== nnz) throw new InvalidArgumentError(field, `has ${seen} entries but the size line declares ${nnz}`);
  return coordinatesToCsr(rows, cols, ri.subarray(0, count), ci.subarray(0, count), vs.subarray(0, count));
}

const INT32_MAX = 2 ** 31 - 1;

/**
 * CSR from coordinate triplets (counting sort by row, then each row sorted by column); duplicate
 * (row, column) pairs are added up into one entry, as the Matrix Market convention and scipy's
 * sum_duplicates have it (a sum that is 0 stays as an explicit zero).
 */
export function coordinatesToCsr(rows: number, cols: number, ri: Int32Array, ci: Int32Array, vs: Float64Array): CsrMatrix {
  const indptr = new Int32Array(rows + 1);
  for (let p = 0; p < ri.length; p++) indptr[ri[p] + 1]++;
  for (let i = 0; i < rows; i++) indptr[i + 1] += indptr[i];
  const next = indptr.slice(0, rows);
  const indices = new Int32Array(ri.length);
  const values = new Float64Array(ri.length);
  for (let p = 0; p < ri.length; p++) {
    const q = next[ri[p]]++;
    indices[q] = ci[p];
    values[q] = vs[p];
  }
  const nnz = sumDuplicates(rows, indptr, indices, values);
  return { rows, cols, indptr, indices: nnz === indices.length ? indices : indices.slice(0, nnz), values: nnz === values.length ? values : values.slice(0, nnz) };
}

/**
 * Sorts each row by column and merges equal columns in place (no array sized by cols: a file may
 * declare billions of columns). Rows already strictly increasing — what scipy.io.mmwrite writes — are
 * only scanned. Rewrites indptr; returns the new number of entries.
 */
function sumDuplicates(rows: number, indptr: Int32Array, indices: Int32Array, values: Float64Array): number {
  let out = 0;
  let start = 0;
  for (let i = 0; i < rows; i++) {
    const end = indptr[i + 1];
    let sorted = true;
    for (let p = start + 1; p < end && sorted; p++) sorted = indices[p] > indices[p - 1];
    if (!sorted) sortRow(indices, values, start, end);
    const rowStart = out;
    for (let p = start; p < end; p++) {
      if (out > rowStart && indices[out - 1] === indices[p]) values[out - 1] += values[p];
      else {
        indices[out] = indices[p];
        values[out++] = values[p];
      }
    }
    indptr[i + 1] = out;
    start = end;
  }
  return out;
}

/** Rows up to this length are insertion-sorted in place (no allocation); longer ones through an index sort. */
const INSERTION_SORT_MAX = 64;

/** Sorts entries [start, end) by column, stably (duplicates then add up in file order). */
function sortRow(indices: Int32Array, values: Float64Array, start: number, end: number): void {
  if (end - start <= INSERTION_SORT_MAX) {
    for (let p = start + 1; p < end; p++) {
      const c = indices[p], v = values[p];
      let q = p - 1;
      for (; q >= start && indices[q] > c; q--) {
        indices[q + 1] = indices[q];
        values[q + 1] = values[q];
      }
      indices[q + 1] = c;
      values[q + 1] = v;
    }
    return;
  }
  const order = Array.from({ length: end - start }, (_, t) => start + t).sort((x, y) => indices[x] - indices[y]);
  const ix = order.map((p) => indices[p]), vx = order.map((p) => values[p]);
  for (let t = 0; t < ix.length; t++) {
    indices[start + t] = ix[t];
    values[start + t] = vx[t];
  }
}

/** Lines of a text with their 1-based numbers, without splitting the whole text up front. */
class LineReader {
  private pos = 0;
  private line = 0;
  constructor(private readonly text: string) {}
  next(): { text: string; line: number } | undefined {
    if (this.pos >= this.text.length) return undefined;
    let end = this.text.indexOf('\n', this.pos);
    if (end < 0) end = this.text.length;
    const t = this.text.slice(this.pos, end);
    this.pos = end + 1;
    return { text: t, line: ++this.line };
  }
}
