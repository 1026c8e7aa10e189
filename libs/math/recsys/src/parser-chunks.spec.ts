import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createFimiParser, parseFimi } from './fimi';
import { createCsvBasketsParser, createLongFormatParser, parseCsvBaskets, parseLongFormat, type NamedTransactions } from './string-baskets';
import type { Transactions } from './transactions';

// Chunked parsing must give what parsing the whole input gives: the same transactions, or the same
// error with the same line number, wherever the chunk boundaries fall (inside a BOM, a CRLF, a quoted
// item, a number).

const enc = (s: string) => new TextEncoder().encode(s);
const plain = (tx: Transactions) => ({ n: tx.n, items: Array.from(tx.items), offsets: Array.from(tx.offsets) });
/** The outcome of a parse: its value, or its error's class and message. */
function outcome<T>(f: () => T, show: (v: T) => unknown): unknown {
  try {
    return { ok: show(f()) };
  } catch (err) {
    return { error: `${(err as Error).constructor.name}: ${(err as Error).message}` };
  }
}
const named = (r: NamedTransactions) => ({ ...plain(r.tx), names: r.names });

/** bytes cut at the given points (sorted, deduplicated, clamped), including empty pieces. */
function pieces(bytes: Uint8Array, cuts: number[]): Uint8Array[] {
  const at = [...new Set(cuts.map((c) => Math.min(c, bytes.length)))].sort((a, b) => a - b);
  const out: Uint8Array[] = [];
  let prev = 0;
  for (const c of at) {
    out.push(bytes.subarray(prev, c));
    prev = c;
  }
  out.push(bytes.subarray(prev));
  return out;
}

/** Text made of fragments that matter at boundaries, so random inputs hit both good and bad cases. */
const textOf = (frags: string[]) => fc.array(fc.constantFrom(...frags), { maxLength: 60 }).map((xs) => xs.join(''));
const withBom = (t: fc.Arbitrary<string>) => fc.tuple(fc.boolean(), t).map(([bom, s]) => (bom ? '\ufeff' : '') + s);
const cuts = fc.array(fc.nat({ max: 400 }), { maxLength: 12 });

const FIMI = ['1', '2', '17', '0', '300', ' ', '  ', '\t', '\n', '\r\n', '\r', '\n\n', '2147483647', '2147483648', 'x', '-', '\ufeff', 'é'];
const CSV = ['milk', 'a b', ' ', ',', ',,', '"', '""', '"q, r"', '"say ""hi"""', '\n', '\r\n', '\r', '\t', 'é', '\x01', '\ufeff', 'id', 'item'];
const LONG = ['t1', 't2', 'x', 'milk', ',', ' ', '\n', '\r\n', '"a,b"', '"', 'tid,item\n', 'transaction_id, item\n', ',,', '\ufeff', 'é'];

const RUNS = { numRuns: 300 };

describe('parsers fed in chunks', () => {
  it('FIMI: same transactions or same error (line number included) at any chunk boundaries', () => {
    fc.assert(
      fc.property(withBom(textOf(FIMI)), cuts, (text, at) => {
        const bytes = enc(text);
        const whole = outcome(() => parseFimi(bytes), plain);
        const chunked = outcome(() => {
          const p = createFimiParser();
          for (const c of pieces(bytes, at)) p.push(c);
          return p.end();
        }, plain);
        expect(chunked).toEqual(whole);
      }),
      RUNS,
    );
  });

  it('CSV baskets: same transactions and names or same error, quoted items cut anywhere', () => {
    fc.assert(
      fc.property(withBom(textOf(CSV)), cuts, (text, at) => {
        const bytes = enc(text);
        const whole = outcome(() => parseCsvBaskets(bytes), named);
        const chunked = outcome(() => {
          const p = createCsvBasketsParser();
          for (const c of pieces(bytes, at)) p.push(c);
          return p.end();
        }, named);
        expect(chunked).toEqual(whole);
      }),
      RUNS,
    );
  });

  it('long format: same result or same error, header detected or given, at any chunk boundaries', () => {
    fc.assert(
      fc.property(withBom(textOf(LONG)), cuts, fc.constantFrom(undefined, true, false), (text, at, header) => {
        const bytes = enc(text);
        const whole = outcome(() => parseLongFormat(bytes, 'dataset', { header }), named);
        const chunked = outcome(() => {
          const p = createLongFormatParser('dataset', { header });
          for (const c of pieces(bytes, at)) p.push(c);
          return p.end();
        }, named);
        expect(chunked).toEqual(whole);
      }),
      RUNS,
    );
  });

  it('byte-by-byte chunks give the documented results and line numbers', () => {
    const oneByOne = <T>(p: { push(c: Uint8Array): void; end(): T }, s: string): T => {
      for (const b of enc(s)) p.push(Uint8Array.of(b));
      return p.end();
    };
    expect(plain(oneByOne(createFimiParser(), '\ufeff1 2\r\n\n3 3\n'))).toEqual({ n: 3, items: [1, 2, 3], offsets: [0, 2, 2, 3] });
    expect(() => oneByOne(createFimiParser(), '1\n2\n3 y\n')).toThrow(/dataset line 3: non-integer token/);
    const csv = oneByOne(createCsvBasketsParser(), '\ufeffmilk, "a, b"\r\n\nmilk');
    expect(named(csv)).toEqual({ n: 3, items: [0, 1, 1], offsets: [0, 2, 2, 3], names: ['a, b', 'milk'] });
    expect(() => oneByOne(createCsvBasketsParser(), 'a\nb\n"c,d\n')).toThrow(/line 3: unterminated quoted item/);
    const long = oneByOne(createLongFormatParser(), 'tid,item\nt1,a\n\nt2,b\nt1,c\n');
    expect(named(long)).toEqual({ n: 2, items: [0, 2, 1], offsets: [0, 2, 3], names: ['a', 'b', 'c'] });
    expect(() => oneByOne(createLongFormatParser(), 'tid,item\nt1,a\nt2\n')).toThrow(/line 3: expected 2 fields/);
  });
});
