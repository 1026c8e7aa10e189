import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '@modelbus/math-linalg';
import { parseDecimal, parseNumericCsv } from './csv';
import { dlFile, hasDlData } from './testing/dl-data';

const enc = (s: string) => new TextEncoder().encode(s);

/** Throws from fn and returns the InvalidArgumentError for inspection. */
function invalid(fn: () => unknown): InvalidArgumentError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(InvalidArgumentError);
    return e as InvalidArgumentError;
  }
  throw new Error('expected InvalidArgumentError');
}

describe('parseDecimal', () => {
  it('equals Number() exactly on generated decimal text (fast path and fallback)', () => {
    const digits = (max: number) => fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: 0, maxLength: max });
    const text = fc
      .tuple(fc.constantFrom('', '-', '+'), digits(25), fc.boolean(), digits(25), fc.option(fc.tuple(fc.constantFrom('e', 'E'), fc.constantFrom('', '-', '+'), fc.integer({ min: 0, max: 330 }))))
      .map(([s, a, dot, b, e]) => `${s}${a}${dot ? '.' : ''}${dot ? b : ''}${e ? `${e[0]}${e[1]}${e[2]}` : ''}`)
      .filter((t) => /[0-9]/.test(t.split(/[eE]/)[0]));
    fc.assert(
      fc.property(text, (t) => {
        const b = enc(t);
        // Bit-exact: Object.is also separates 0 from -0.
        expect(Object.is(parseDecimal(b, 0, b.length), Number(t))).toBe(true);
      }),
      { numRuns: 5000, seed: 11 },
    );
  });

  it('round-trips every double printed by JS', () => {
    fc.assert(
      // -0 excluded: String(-0) is "0".
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }).filter((v) => !Object.is(v, -0)), (v) => {
        const b = enc(String(v));
        expect(Object.is(parseDecimal(b, 0, b.length), v)).toBe(true);
      }),
      { numRuns: 5000, seed: 12 },
    );
  });

  it('rejects text that is not a plain decimal', () => {
    for (const t of ['', '-', '.', 'e5', '1e', '1e+', '0x10', 'NaN', 'Infinity', '1,5', '"1"', '1 2', '1..2', '1.2.3', '--1']) {
      const b = enc(t);
      expect(parseDecimal(b, 0, b.length), t).toBeNaN();
    }
  });
});

describe('parseNumericCsv', () => {
  it('parses header, shape and values; tolerates CRLF, BOM, spaces and trailing blank lines', () => {
    const t = parseNumericCsv(enc('\uFEFFa, "b" ,c\r\n1,2.5,-3e2\r\n 4 ,\t5,6\r\n\r\n\n'));
    expect(t.header).toEqual(['a', 'b', 'c']);
    expect([t.rows, t.cols]).toEqual([2, 3]);
    expect([...t.data]).toEqual([1, 2.5, -300, 4, 5, 6]);
  });

  it('accepts a last line without newline', () => {
    const t = parseNumericCsv(enc('x,y\n1,2\n3,4'));
    expect([...t.data]).toEqual([1, 2, 3, 4]);
  });

  it.skipIf(!hasDlData())('reads the digits training set like a naive split/Number parser', () => {
    const bytes = gunzipSync(readFileSync(dlFile('digits_train.csv.gz')));
    const t = parseNumericCsv(bytes, 'digits');
    // Independent answer: String.split and Number on the same text (README: 1437 rows, 64 features + label).
    const lines = bytes.toString('utf8').trim().split('\n');
    expect(t.header).toEqual(lines[0].split(','));
    expect([t.rows, t.cols]).toEqual([1437, 65]);
    const expected = lines.slice(1).flatMap((l) => l.split(',').map(Number));
    expect(Array.from(t.data)).toEqual(expected);
  });

  it('rejects bad files naming the field, line and column', () => {
    const cases: [string, RegExp][] = [
      ['', /header/],
      ['\n1,2\n', /header/],
      ['a,b\n', /no data rows/],
      ['a,b', /no data rows/],
      ['a,b\n\n\n', /no data rows/],
      ['a,,b\n1,2,3\n', /empty name/],
      ['a,b,a\n1,2,3\n', /repeats column name 'a'/],
      ['a,b\n1,2\n3\n', /line 3 has 1 columns, expected 2/],
      ['a,b\n1,2\n3,4,5\n', /line 3 has more than 2 columns/],
      ['a,b\n1,2\n3,abc\n', /line 3 column 'b': 'abc' is not a finite number/],
      ['a,b\n1,NaN\n', /line 2 column 'b': 'NaN'/],
      ['a,b\nInfinity,1\n', /line 2 column 'a': 'Infinity'/],
      ['a,b\n1e400,1\n', /line 2 column 'a': '1e400'/],
      ['a,b\n1,\n', /line 2 column 'b': ''/],
      ['a,b\n0x10,1\n', /line 2 column 'a'/],
      ['a,b\n1,2\n\n3,4\n', /line 3 is empty/],
    ];
    for (const [text, msg] of cases) {
      const e = invalid(() => parseNumericCsv(enc(text), 'train'));
      expect(e.field, JSON.stringify(text)).toBe('train');
      expect(e.message, JSON.stringify(text)).toMatch(msg);
    }
    expect(invalid(() => parseNumericCsv(enc(''))).field).toBe('dataset');
  });
});
