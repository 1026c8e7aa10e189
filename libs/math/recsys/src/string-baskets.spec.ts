import { InvalidArgumentError } from '@modelbus/math-linalg';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bruteItemsets } from './brute-force.testutil';
import { canonicalOrder, listingLines } from './canonical-order';
import { fpGrowth } from './fp-growth';
import { parseCsvBaskets, parseLongFormat, type NamedTransactions } from './string-baskets';

const enc = (s: string) => new TextEncoder().encode(s);
/** Transactions as sets of names, in input order (independent of the codes). */
const named = ({ tx, names }: NamedTransactions) =>
  Array.from({ length: tx.n }, (_, t) => Array.from(tx.items.subarray(tx.offsets[t], tx.offsets[t + 1]), (c) => names[c]));
const sortedSet = (xs: string[]) => [...new Set(xs)].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
const quote = (s: string) => (/[",]|^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

// names that exercise quoting, spaces, non-ASCII and byte order ("b" < "é", "a" < "a b" < "ab")
const NAMES = ['milk', 'whole milk', 'a', 'a b', 'ab', 'bread, white', 'say "hi"', 'é', '10', '9', '(x'];
const db = fc.array(fc.array(fc.constantFrom(...NAMES), { maxLength: 6 }), { minLength: 1, maxLength: 20 });

describe('parseCsvBaskets', () => {
  it('reads quoted items, spaces, CRLF, blank lines; codes follow byte order of the names', () => {
    const r = parseCsvBaskets(enc('\ufeffmilk, bread ,"a, b"\r\n\nbread,,milk,milk,\n "say ""hi""" '));
    expect(named(r)).toEqual([['a, b', 'bread', 'milk'], [], ['bread', 'milk'], ['say "hi"']]);
    expect(r.names).toEqual(['a, b', 'bread', 'milk', 'say "hi"']);
  });

  it('round-trips random baskets and mines them like brute force', () => {
    fc.assert(
      fc.property(db.filter((rows) => rows.some((r) => r.length > 0)), fc.integer({ min: 1, max: 4 }), fc.boolean(), (rows, minCount, crlf) => {
        const text = rows.map((r) => r.map(quote).join(',')).join(crlf ? '\r\n' : '\n') + '\n';
        const parsed = parseCsvBaskets(enc(text));
        expect(parsed.tx.n).toBe(rows.length);
        expect(named(parsed)).toEqual(rows.map(sortedSet));
        // brute force over name indices in NAMES, compared as listings of names in byte order
        const expected = [...bruteItemsets(rows.map((r) => r.map((x) => NAMES.indexOf(x))), minCount)]
          .map(([k, c]) => `${sortedSet(k.split(' ').map((i) => NAMES[Number(i)])).map((x) => `${x} `).join('')}(${c})\n`)
          .sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
        const it = fpGrowth(parsed.tx, { minCount });
        expect(listingLines(it, parsed.names, canonicalOrder(it, parsed.names), 0, it.count)).toEqual(expected);
      }),
      { numRuns: 150 },
    );
  });

  it('names the line of malformed input', () => {
    expect(() => parseCsvBaskets(enc('a,b\nc,d"e\n'))).toThrow(/dataset line 2: a double quote inside an unquoted item/);
    expect(() => parseCsvBaskets(enc('a\nb\n"c,d\n'))).toThrow(/line 3: unterminated quoted item/);
    expect(() => parseCsvBaskets(enc('"a" b\n'))).toThrow(/line 1: unexpected character "b" after a quoted item/);
    expect(() => parseCsvBaskets(enc('a\x01b\n'))).toThrow(/line 1: control character 0x01/);
    expect(() => parseCsvBaskets(enc('\n , \n'))).toThrow(InvalidArgumentError);
    expect(() => parseCsvBaskets(Uint8Array.of(0x61, 0xff, 0x0a))).toThrow(/not valid UTF-8/);
  });
});

describe('parseLongFormat', () => {
  it('groups rows by transaction id in order of first appearance, with or without a header', () => {
    const body = 't2,milk\nt1,bread\n\nt2,bread\nt1,"a, b"\nt2,milk\n';
    const expected = [['bread', 'milk'], ['a, b', 'bread']];
    expect(named(parseLongFormat(enc(body)))).toEqual(expected);
    expect(named(parseLongFormat(enc('Transaction_ID,Item\n' + body)))).toEqual(expected);
    // explicit header: false keeps a header-like first line as data
    expect(parseLongFormat(enc('tid,item\n1,x\n'), 'dataset', { header: false }).tx.n).toBe(2);
    expect(parseLongFormat(enc('order,product\n1,x\n'), 'dataset', { header: true }).tx.n).toBe(1);
  });

  it('round-trips random baskets (shuffled rows) to the same transactions', () => {
    fc.assert(
      fc.property(db.filter((rows) => rows.every((r) => r.length > 0)), fc.integer(), (rows, seed) => {
        const pairs = rows.flatMap((r, t) => r.map((x) => `tx ${t},${quote(x)}`));
        let s = seed >>> 0;
        for (let i = pairs.length - 1; i > 0; i--) {
          s = (Math.imul(s, 1103515245) + 12345) >>> 0;
          const j = s % (i + 1);
          [pairs[i], pairs[j]] = [pairs[j], pairs[i]];
        }
        const parsed = parseLongFormat(enc(`transaction_id,item\n${pairs.join('\n')}`));
        const got = named(parsed).map((r) => r.join('|')).sort();
        expect(got).toEqual(rows.map((r) => sortedSet(r).join('|')).sort());
      }),
      { numRuns: 100 },
    );
  });

  it('names the line of malformed rows', () => {
    expect(() => parseLongFormat(enc('1,a\n2\n'))).toThrow(/dataset line 2: expected 2 fields "transaction_id,item", got 1/);
    expect(() => parseLongFormat(enc('1,a\n2,b,c\n'))).toThrow(/line 2: expected 2 fields .* got 3/);
    expect(() => parseLongFormat(enc('1,a\n,b\n'))).toThrow(/line 2: empty transaction id/);
    expect(() => parseLongFormat(enc('1,a\n2, \n'))).toThrow(/line 2: empty item/);
    expect(() => parseLongFormat(enc('transaction_id,item\n\n'))).toThrow(/is empty/);
  });
});
