import { describe, expect, it } from 'vitest';
import { csrToDense } from '../sparse';
import { randomMatrix, seeded } from '../testing/helpers';
import { decodeMatrixBinary, decodeMatrixBinaryRows, encodeMatrixBinary, MATRIX_BINARY } from './binary';
import { parseCsvMatrix } from './csv';
import { readMatrixDataset } from './dataset';
import { parseMatrixMarket } from './matrix-market';

const bad = (f: () => unknown, re: RegExp) => {
  expect(f).toThrowError(re);
  try {
    f();
  } catch (e) {
    expect((e as Error).name).toBe('InvalidArgumentError');
  }
};

describe('binary matrix format', () => {
  it('round-trips exactly, header fields at the documented offsets (little-endian)', () => {
    const m = randomMatrix(7, 3, seeded(1));
    const bytes = encodeMatrixBinary(m);
    expect(bytes.length).toBe(32 + 8 * 21);
    expect(new TextDecoder().decode(bytes.subarray(0, 4))).toBe('MBMX');
    const dv = new DataView(bytes.buffer);
    expect([dv.getUint32(4, true), Number(dv.getBigUint64(8, true)), Number(dv.getBigUint64(16, true))]).toEqual([1, 7, 3]);
    expect(dv.getFloat64(32 + 8 * (2 * 3 + 1), true)).toBe(m.data[2 * 3 + 1]);
    const back = decodeMatrixBinary(bytes);
    expect([back.rows, back.cols]).toEqual([7, 3]);
    expect(Array.from(back.data)).toEqual(Array.from(m.data));
    // unaligned view (e.g. a slice of a larger buffer) decodes too
    const shifted = new Uint8Array(bytes.length + 3);
    shifted.set(bytes, 3);
    expect(Array.from(decodeMatrixBinary(shifted.subarray(3)).data)).toEqual(Array.from(m.data));
    expect(decodeMatrixBinary(encodeMatrixBinary({ rows: 0, cols: 4, data: new Float64Array(0) })).cols).toBe(4);
    const rows = decodeMatrixBinaryRows(bytes, 5, 10);
    expect([rows.rows, rows.cols, Array.from(rows.data)]).toEqual([2, 3, Array.from(m.data.subarray(15))]);
    expect(decodeMatrixBinaryRows(bytes, 9, 2).rows).toBe(0);
  });

  it('rejects bad magic, version, reserved field, length and non-finite values', () => {
    const good = encodeMatrixBinary({ rows: 2, cols: 2, data: Float64Array.of(1, 2, 3, 4) });
    const edit = (f: (b: Uint8Array, dv: DataView) => void) => {
      const b = good.slice();
      f(b, new DataView(b.buffer));
      return b;
    };
    bad(() => decodeMatrixBinary(edit((b) => (b[0] = 0x41)), 'ds'), /ds is not in the Modelbus matrix binary format.*MBMX/);
    bad(() => decodeMatrixBinary(edit((_, dv) => dv.setUint32(4, 2, true))), /version 2/);
    bad(() => decodeMatrixBinary(edit((_, dv) => dv.setBigUint64(24, 1n, true))), /reserved/);
    bad(() => decodeMatrixBinary(edit((_, dv) => dv.setBigUint64(8, 3n, true))), /header says 3x2 \(80 bytes.*has 64 bytes/);
    bad(() => decodeMatrixBinary(good.subarray(0, 20)), /truncated header/);
    const empty = encodeMatrixBinary({ rows: 0, cols: 0, data: new Float64Array(0) });
    new DataView(empty.buffer).setBigUint64(8, 2n ** 64n - 1n, true);
    bad(() => decodeMatrixBinary(empty), /header says 18446744073709551615x0: rows and cols must be at most 2\^53/);
    bad(() => decodeMatrixBinary(edit((_, dv) => dv.setFloat64(32 + 8 * 3, NaN, true))), /non-finite value NaN at row 1, column 1/);
    expect(MATRIX_BINARY.headerBytes).toBe(32);
  });
});

describe('CSV dense matrices', () => {
  it('reads numbers with a detected header, CRLF, spaces and blank lines', () => {
    const m = parseCsvMatrix('x,y,z\r\n1, 2.5 ,-3e-2\r\n\r\n4,5,6\n', 'd');
    expect([m.rows, m.cols, m.columnNames]).toEqual([2, 3, ['x', 'y', 'z']]);
    expect(Array.from(m.data)).toEqual([1, 2.5, -0.03, 4, 5, 6]);
    expect(parseCsvMatrix('1,2\n3,4').columnNames).toBeUndefined();
    expect(parseCsvMatrix('').rows).toBe(0);
  });

  it('names the line of a ragged row and the field that is not a finite number', () => {
    bad(() => parseCsvMatrix('1,2,3\n4,5\n', 'dataset "m"'), /dataset "m" is ragged: line 2 has 2 fields, expected 3/);
    bad(() => parseCsvMatrix('1,2\n3,abc\n'), /line 2 field 2: "abc" is not a finite number/);
    bad(() => parseCsvMatrix('1,2\n3,NaN\n'), /line 2 field 2: "NaN"/);
    bad(() => parseCsvMatrix('1,2\n3,Infinity\n'), /line 2 field 2/);
    bad(() => parseCsvMatrix('1,2\n3,\n'), /line 2 field 2: ""/);
    bad(() => parseCsvMatrix('1,0x1f\n', 'c', { header: false }), /line 1 field 2/);
  });

  it('a first line mixing numbers and text is not silently taken for a header (a typo would drop a data row)', () => {
    bad(() => parseCsvMatrix('1,abc,3\n4,5,6\n', 'd'), /d line 1 mixes numbers and text \(field 2: "abc"\): give header: true if it is a header line, or fix the value/);
    // said explicitly, it is a header; all-text first lines are detected as before
    expect(parseCsvMatrix('1,abc,3\n4,5,6\n', 'd', { header: true }).columnNames).toEqual(['1', 'abc', '3']);
    expect(parseCsvMatrix('x,y\n4,5\n').columnNames).toEqual(['x', 'y']);
    expect(parseCsvMatrix(',y\n4,5\n').columnNames).toEqual(['', 'y']);
  });

  it('says when the numbers are separated by semicolons, tabs or spaces instead of commas', () => {
    // the first such line is taken for a header (it is not a number), so the error is on line 2
    bad(() => parseCsvMatrix('1;2\n3;4\n', 'd'), /d line 2 field 1: "3;4" is not a finite number — CSV fields are separated by commas; this line looks separated by semicolons/);
    bad(() => parseCsvMatrix('1\t2\n3\t4\n', 'd'), /separated by commas; this line looks separated by tabs/);
    bad(() => parseCsvMatrix('1 2\n3 4\n', 'd'), /separated by commas; this line looks separated by spaces/);
    bad(() => parseCsvMatrix('1,2\n3,x y\n', 'd'), /line 2 field 2: "x y" is not a finite number$/);
    bad(() => parseCsvMatrix('"a","b"\n"1","2"\n', 'd'), /line 2 field 1: ""1"" is not a finite number — write numbers without quotes/);
  });
});

describe('Matrix Market coordinate', () => {
  it('general real → CSR equal to the dense matrix; duplicates add; comments skipped', () => {
    const mm = `%%MatrixMarket matrix coordinate real general
% a comment
3 4 5
1 1 2.5
3 4 -1
2 2 7
1 1 0.5
3 1 1e-3
`;
    const a = parseMatrixMarket(mm);
    expect(Array.from(csrToDense(a).data)).toEqual([3, 0, 0, 0, 0, 7, 0, 0, 1e-3, 0, 0, -1]);
    // stored once (readers count nnz and sum squares over the stored values), each row sorted by column
    expect([a.rows, a.cols, Array.from(a.indptr), Array.from(a.indices), Array.from(a.values)]).toEqual([3, 4, [0, 1, 2, 4], [0, 1, 0, 3], [3, 7, 1e-3, -1]]);
  });

  it('duplicates in unsorted rows and mirrored symmetric entries add up to one stored entry each', () => {
    const a = parseMatrixMarket('%%MatrixMarket matrix coordinate real general\n2 3 6\n1 3 1\n1 1 2\n1 3 4\n2 2 1\n1 1 -2\n1 2 8\n');
    // row 0: column 0 gets 2 − 2 = 0 (kept as an explicit zero, as scipy's sum_duplicates does), column 2 gets 1 + 4
    expect([Array.from(a.indptr), Array.from(a.indices), Array.from(a.values)]).toEqual([[0, 3, 4], [0, 1, 2, 1], [0, 8, 5, 1]]);
    // short rows (insertion sort) and a long one (index sort), in scrambled order with repeats: CSR equals the dense sum
    const rows = 3, cols = 150, dense = new Float64Array(rows * cols), entries: string[] = [];
    for (let t = 0; t < 400; t++) {
      const i = t % 3 === 0 ? 0 : 1 + (t % 2), j = (t * 37) % (i === 0 ? 150 : 9), v = ((t * 13) % 11) - 5;
      dense[i * cols + j] += v;
      entries.push(`${i + 1} ${j + 1} ${v}`);
    }
    const big = parseMatrixMarket(`%%MatrixMarket matrix coordinate integer general\n${rows} ${cols} ${entries.length}\n${entries.join('\n')}\n`);
    expect(Array.from(csrToDense(big).data)).toEqual(Array.from(dense));
    for (let i = 0; i < rows; i++) for (let p = big.indptr[i] + 1; p < big.indptr[i + 1]; p++) expect(big.indices[p]).toBeGreaterThan(big.indices[p - 1]);
    expect(entries.filter((e) => e.startsWith('1 ')).length).toBeGreaterThan(64); // row 0 takes the long-row path
    const sym = parseMatrixMarket('%%MatrixMarket matrix coordinate real symmetric\n2 2 3\n2 1 1\n2 1 2\n2 2 5\n');
    expect([Array.from(sym.indptr), Array.from(sym.indices), Array.from(sym.values)]).toEqual([[0, 1, 3], [1, 0, 1], [3, 3, 5]]);
  });

  it('symmetric, skew-symmetric and pattern files are expanded', () => {
    const sym = parseMatrixMarket('%%MatrixMarket matrix coordinate real symmetric\n2 2 2\n1 1 4\n2 1 3\n');
    expect(Array.from(csrToDense(sym).data)).toEqual([4, 3, 3, 0]);
    const skew = parseMatrixMarket('%%MatrixMarket matrix coordinate integer skew-symmetric\n2 2 1\n2 1 3\n');
    expect(Array.from(csrToDense(skew).data)).toEqual([0, -3, 3, 0]);
    const pat = parseMatrixMarket('%%MatrixMarket matrix coordinate pattern general\n2 3 2\n1 3\n2 1\n');
    expect(Array.from(csrToDense(pat).data)).toEqual([0, 0, 1, 1, 0, 0]);
  });

  it('names the problem: banner, size line, index out of range, count, value', () => {
    const head = '%%MatrixMarket matrix coordinate real general\n';
    bad(() => parseMatrixMarket('3 3 1\n1 1 1\n'), /line 1 must be the banner/);
    bad(() => parseMatrixMarket('%%MatrixMarket matrix array real general\n2 2\n1\n2\n3\n4\n'), /storage "array"/);
    bad(() => parseMatrixMarket('%%MatrixMarket matrix coordinate complex general\n1 1 1\n1 1 1 0\n'), /field type "complex"/);
    bad(() => parseMatrixMarket(head + '3 x 1\n'), /line 2: size line/);
    bad(() => parseMatrixMarket(head + '3 3 1\n4 1 1\n', 'dataset "s"'), /dataset "s" line 3: row index 4 is outside \[1, 3\]/);
    bad(() => parseMatrixMarket(head + '3 3 1\n1 0 1\n'), /line 3: column index 0 is outside \[1, 3\]/);
    bad(() => parseMatrixMarket(head + '3 3 2\n1 1 1\n'), /has 1 entries but the size line declares 2/);
    bad(() => parseMatrixMarket(head + '3 3 1\n1 1 1\n2 2 2\n'), /line 4: more entries than the 1/);
    bad(() => parseMatrixMarket(head + '3 3 1\n1 1 nan\n'), /line 3: value "nan" is not a finite number/);
    bad(() => parseMatrixMarket(head + '3 3 1000000000000\n1 1 1\n'), /line 2: the size line declares 1000000000000 entries, more than the \d+ bytes/);
    bad(() => parseMatrixMarket(head + '3000000000 3 1\n1 1 1\n'), /line 2: 3000000000x3 exceeds the 2147483647 rows\/columns/);
    bad(() => parseMatrixMarket('%%MatrixMarket matrix coordinate real symmetric\n2 2 1\n1 2 1\n'), /above the diagonal/);
    bad(() => parseMatrixMarket(head + '3 3 1\n1.5 1 1\n'), /line 3: row index 1.5 is not an integer in \[1, 3\]/);
  });

  it('maxDimension refuses a declared shape before arrays are sized by it (a 40-byte file may declare 2e9 rows)', () => {
    const head = '%%MatrixMarket matrix coordinate real general\n';
    bad(() => parseMatrixMarket(head + '11 3 1\n1 1 1\n', 'dataset "s"', { maxDimension: 10 }), /dataset "s" line 2: 11x3 exceeds the 10 rows\/columns allowed here/);
    bad(() => readMatrixDataset(new TextEncoder().encode(head + '3 11 1\n1 1 1\n'), 'auto', 'd', { maxDimension: 10 }), /line 2: 3x11 exceeds the 10/);
    expect(parseMatrixMarket(head + '10 10 1\n1 1 1\n', 's', { maxDimension: 10 }).rows).toBe(10);
  });
});

describe('readMatrixDataset', () => {
  it('detects the format from the content', () => {
    const m = { rows: 2, cols: 2, data: Float64Array.of(1, 2, 3, 4) };
    expect(readMatrixDataset(encodeMatrixBinary(m)).format).toBe('binary');
    expect(readMatrixDataset(new TextEncoder().encode('1,2\n3,4\n')).format).toBe('csv');
    const s = readMatrixDataset(new TextEncoder().encode('%%MatrixMarket matrix coordinate real general\n1 1 1\n1 1 5\n'));
    expect(s.kind).toBe('sparse');
    bad(() => readMatrixDataset(new TextEncoder().encode('1,2\n'), 'binary', 'dataset "d"'), /dataset "d" is not in the Modelbus matrix binary format/);
  });

  it('auto: binary bytes without the magic are refused as such, not parsed as an empty CSV', () => {
    const b = encodeMatrixBinary({ rows: 2, cols: 2, data: Float64Array.of(1, 2, 3, 4) });
    b[3] = 0x5a; // "MBMZ"
    bad(() => readMatrixDataset(b, 'auto', 'dataset "d"'), /dataset "d" is binary \(it has NUL bytes\) but does not start with the magic "MBMX".*CSV or Matrix Market/);
  });

  it('a big-endian header is named as such', () => {
    const b = encodeMatrixBinary({ rows: 2, cols: 2, data: Float64Array.of(1, 2, 3, 4) });
    new DataView(b.buffer).setUint32(4, 1, false);
    bad(() => readMatrixDataset(b, 'auto', 'dataset "d"'), /version 16777216.*big-endian.*little-endian/);
  });
});
