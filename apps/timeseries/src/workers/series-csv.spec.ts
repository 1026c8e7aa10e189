import { describe, expect, it } from 'vitest';
import { parseLongCsv } from './series-csv';

const enc = (s: string) => new TextEncoder().encode(s);
const parse = (s: string) => parseLongCsv(enc(s), 'd');
const series = (r: ReturnType<typeof parse>) => Object.fromEntries(r.ids.map((id, i) => [id, Array.from(r.values.subarray(r.offsets[i], r.offsets[i + 1]))]));
const errorOf = (s: string) => {
  try {
    parse(s);
  } catch (e) {
    return e as Error & { field: string };
  }
  throw new Error('no error');
};

describe('parseLongCsv', () => {
  it('groups interleaved rows by series in order of first appearance, keeping time order', () => {
    const r = parse('series_id,value\na,1\nb,10\na,2\nc,100\nb,20\na,3\n');
    expect(r.ids).toEqual(['a', 'b', 'c']);
    expect(Array.from(r.offsets)).toEqual([0, 3, 5, 6]);
    expect(series(r)).toEqual({ a: [1, 2, 3], b: [10, 20], c: [100] });
  });

  it('reads missing cells (empty, NA, nan, null, any case) as NaN; no header; CRLF, BOM, spaces, trailing blank lines', () => {
    const r = parse('\uFEFFx,1.5\r\nx,\r\nx, NA \r\ny,nan\r\ny,Null\r\n x ,-2e3\r\n\r\n\n');
    expect(r.ids).toEqual(['x', 'y']);
    expect(series(r)).toEqual({ x: [1.5, NaN, NaN, -2000], y: [NaN, NaN] });
  });

  it('reads quoted fields (commas and "" inside) and grows past its first estimate', () => {
    const rows: string[] = ['"id, with comma",0.25', '"say ""hi""","7"'];
    for (let i = 0; i < 5000; i++) rows.push(`s${i % 7},${i}`);
    const r = parse(rows.join('\n'));
    expect(r.ids.slice(0, 2)).toEqual(['id, with comma', 'say "hi"']);
    expect(series(r)['id, with comma']).toEqual([0.25]);
    expect(series(r)['say "hi"']).toEqual([7]);
    expect(r.ids.length).toBe(9);
    expect(series(r).s3.slice(0, 3)).toEqual([3, 10, 17]);
    expect(r.offsets[9]).toBe(5002);
  });

  it('rejects ragged rows, blank lines inside, empty ids and non-numeric values, naming the line', () => {
    expect(errorOf('series_id,value\na,1\na,2,3\n')).toMatchObject({ field: 'dataset "d" line 3', message: expect.stringContaining('has 3 fields') });
    expect(errorOf('a,1\na\n')).toMatchObject({ field: 'dataset "d" line 2', message: expect.stringContaining('has 1 fields') });
    expect(errorOf('a,1\n\na,2\n')).toMatchObject({ field: 'dataset "d" line 2' });
    expect(errorOf('a,1\n,2\n')).toMatchObject({ field: 'dataset "d" line 2', message: expect.stringContaining('empty series_id') });
    expect(errorOf('a,1\na,abc\n')).toMatchObject({ field: 'dataset "d" line 2 value' });
    expect(errorOf('a,1\na,Infinity\n')).toMatchObject({ field: 'dataset "d" line 2 value' });
    expect(errorOf('')).toMatchObject({ field: 'dataset "d"', message: expect.stringContaining('is empty') });
    expect(errorOf('series_id,value\n')).toMatchObject({ field: 'dataset "d"', message: expect.stringContaining('header but no rows') });
  });
});
