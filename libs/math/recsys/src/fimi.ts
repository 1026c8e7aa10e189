import { InvalidArgumentError } from '@modelbus/math-linalg';
import { doubled, markValid, sortUnique, type Transactions } from './transactions';

const SPACE = 0x20;
const TAB = 0x09;
const CR = 0x0d;
const LF = 0x0a;
const ZERO = 0x30;
const NINE = 0x39;
const MAX_ITEM = 0x7fffffff;
/** UTF-8 byte-order mark, skipped at the start of the input (editors on Windows write one). */
const BOM = [0xef, 0xbb, 0xbf];

/** Incremental FIMI parser: feed byte chunks as they arrive (object store, socket), then end(). */
export interface FimiParser {
  push(chunk: Uint8Array): void;
  end(): Transactions;
}

/**
 * FIMI parser working on bytes: digits are accumulated into integers directly, so no text decoding and
 * no per-line strings. Tokens are separated by spaces/tabs (CR is ignored, so CRLF files work); every
 * '\n' ends a transaction, and a blank line is an empty transaction (it still counts in N); a last line
 * without '\n' is kept if it holds items. Duplicate items in a line are dropped, items are sorted. A UTF-8
 * byte-order mark at the start is skipped.
 */
export function createFimiParser(field = 'dataset'): FimiParser {
  let items = new Int32Array(1 << 16);
  let offsets = new Int32Array(1 << 12);
  let w = 0; // items written
  let n = 0; // transactions closed
  let line = 1;
  let value = 0;
  let inToken = false;
  let ended = false;
  let bomSeen = 0; // bytes of a leading BOM matched so far; 3 once the start is past (with or without one)

  const bad = (reason: string): never => {
    throw new InvalidArgumentError(field, `line ${line}: ${reason}`);
  };
  const grow = (): Int32Array => (items = doubled(items));
  const endToken = (): void => {
    if (w === items.length) grow();
    items[w++] = value;
    value = 0;
    inToken = false;
  };
  const endLine = (): void => {
    const start = offsets[n];
    w = start + sortUnique(items, start, w);
    if (n + 2 > offsets.length) offsets = doubled(offsets);
    offsets[++n] = w;
    line++;
  };

  return {
    push(chunk: Uint8Array): void {
      if (ended) throw new Error('FimiParser.push after end()');
      // Hot loop on locals (closure variables are slower to access); state is written back at the end.
      let buf: Int32Array = items;
      let pos = w;
      let v = value;
      let inTok = inToken;
      let i = 0;
      for (; bomSeen < 3 && i < chunk.length; i++, bomSeen++) {
        if (chunk[i] !== BOM[bomSeen]) {
          if (bomSeen > 0) bad(unexpected(BOM[0]));
          bomSeen = 3;
          break;
        }
      }
      for (; i < chunk.length; i++) {
        const c = chunk[i];
        if (c >= ZERO && c <= NINE) {
          v = v * 10 + (c - ZERO);
          inTok = true;
          if (v > MAX_ITEM) bad('item exceeds 2^31-1');
        } else if (c === SPACE || c === LF || c === TAB || c === CR) {
          if (inTok) {
            if (pos === buf.length) {
              w = pos;
              buf = grow();
            }
            buf[pos++] = v;
            v = 0;
            inTok = false;
          }
          if (c === LF) {
            w = pos;
            endLine();
            pos = w;
            buf = items;
          }
        } else {
          w = pos;
          bad(unexpected(c));
        }
      }
      w = pos;
      value = v;
      inToken = inTok;
    },
    end(): Transactions {
      if (ended) throw new Error('FimiParser.end called twice');
      ended = true;
      if (bomSeen > 0 && bomSeen < 3) bad(unexpected(BOM[0]));
      if (inToken) endToken();
      if (w > offsets[n]) endLine();
      if (n === 0 || w === 0) throw new InvalidArgumentError(field, 'is empty: no items in any transaction');
      return markValid({ n, items: items.slice(0, w), offsets: offsets.slice(0, n + 1) });
    },
  };
}

/** The error reason for byte c in a token (bytes above ASCII in hex: one byte of UTF-8 is not a character). */
function unexpected(c: number): string {
  const what = c < 0x80 ? `character ${JSON.stringify(String.fromCharCode(c))}` : `byte 0x${c.toString(16)}`;
  return `non-integer token (unexpected ${what}); items must be non-negative integers`;
}

/** Parses a whole FIMI file held in memory. */
export function parseFimi(bytes: Uint8Array, field = 'dataset'): Transactions {
  const p = createFimiParser(field);
  p.push(bytes);
  return p.end();
}
