import { InvalidArgumentError } from '@modelbus/math-linalg';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadFim } from './brute-force.testutil';
import { createFimiParser, parseFimi } from './fimi';

const enc = (s: string) => new TextEncoder().encode(s);
const rows = (tx: { n: number; items: Int32Array; offsets: Int32Array }) =>
  Array.from({ length: tx.n }, (_, t) => Array.from(tx.items.subarray(tx.offsets[t], tx.offsets[t + 1])));

describe('parseFimi', () => {
  it('parses FIMI lines with trailing spaces, CRLF, tabs, unsorted and duplicate items', () => {
    const tx = parseFimi(enc('1 2 3 \n3 1 1\r\n\n7\t5 5 \n9'));
    expect(rows(tx)).toEqual([[1, 2, 3], [1, 3], [], [5, 7], [9]]);
    expect(tx.n).toBe(5);
  });

  it('names the line of a non-integer token', () => {
    expect(() => parseFimi(enc('1 2\n3 4\n5 x6\n'))).toThrow(InvalidArgumentError);
    expect(() => parseFimi(enc('1 2\n3 4\n5 x6\n'))).toThrow(/dataset line 3/);
    expect(() => parseFimi(enc('1 -2\n'), 'data')).toThrow(/data line 1/);
    expect(() => parseFimi(enc('1.5\n'))).toThrow(/line 1/);
    expect(() => parseFimi(enc('99999999999\n'))).toThrow(/line 1/);
  });

  it('skips a UTF-8 byte-order mark (as the CSV formats do), also when it is split across chunks', () => {
    expect(rows(parseFimi(enc('\ufeff1 2\n3\n')))).toEqual([[1, 2], [3]]);
    const bytes = enc('\ufeff4 5\n');
    for (const cut of [1, 2, 3]) {
      const p = createFimiParser();
      p.push(bytes.subarray(0, cut));
      p.push(bytes.subarray(cut));
      expect(rows(p.end())).toEqual([[4, 5]]);
    }
    // only at the start of the file, and only whole
    expect(() => parseFimi(enc('1\n\ufeff2\n'))).toThrow(/line 2: non-integer token \(unexpected byte 0xef\)/);
    expect(() => parseFimi(Uint8Array.of(0xef, 0xbb, 0x31))).toThrow(/line 1: non-integer token \(unexpected byte 0xef\)/);
  });

  it('rejects an empty dataset', () => {
    expect(() => parseFimi(new Uint8Array(0))).toThrow(InvalidArgumentError);
    expect(() => parseFimi(enc('\n \n'))).toThrow(/empty/);
  });

  it('gives the same result however the bytes are chunked', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.integer({ min: 0, max: 500 }), { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 20 }),
        fc.array(fc.integer({ min: 0, max: 200 }), { maxLength: 5 }),
        (lines, cuts) => {
          const bytes = enc(lines.map((l) => l.join(' ') + ' \n').join(''));
          const p = createFimiParser();
          const points = [0, ...cuts.map((c) => c % (bytes.length + 1)).sort((a, b) => a - b), bytes.length];
          for (let i = 0; i + 1 < points.length; i++) p.push(bytes.subarray(points[i], points[i + 1]));
          const expected = lines.map((l) => [...new Set(l)].sort((a, b) => a - b));
          expect(rows(p.end())).toEqual(expected);
        },
      ),
    );
  });

  it('reads mushroom and chess as described in the data README', () => {
    // README: mushroom 8124 transactions, 119 items (1..119); chess 3196 transactions, 75 items (1..75).
    for (const [name, n, items] of [['mushroom', 8124, 119], ['chess', 3196, 75]] as const) {
      const bytes = loadFim(name);
      const tx = parseFimi(bytes);
      expect(tx.n).toBe(n);
      const distinct = new Set(tx.items);
      expect(distinct.size).toBe(items);
      expect(Math.min(...distinct)).toBe(1);
      expect(Math.max(...distinct)).toBe(items);
      // Independent check against a plain text split of the same bytes.
      const text = new TextDecoder().decode(bytes).split('\n').filter((l) => l.length > 0);
      expect(tx.items.length).toBe(text.reduce((s, l) => s + l.trim().split(' ').length, 0));
    }
  });
});
