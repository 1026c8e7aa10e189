import { InvalidArgumentError } from '@modelbus/math-linalg';
import { CsvReader, LineChunker } from './csv-reader';
import { ByteDictionary } from './item-dictionary';
import { doubled, sortUnique, type Transactions } from './transactions';

/**
 * Transactions over string items: item code c stands for names[c]. Codes follow the byte order of the
 * names (UTF-8, as `LC_ALL=C sort`), so itemsets sorted by code list their names in that order too.
 */
export interface NamedTransactions {
  tx: Transactions;
  names: string[];
}

/** Incremental parser of a string-item format: feed byte chunks as they arrive, then end(). */
export interface NamedParser {
  push(chunk: Uint8Array): void;
  end(): NamedTransactions;
}

/**
 * Runs `readLines` over whole lines of a chunked input (LineChunker): the text is never held whole,
 * only the line that spans a chunk boundary. Lines are read exactly as in one piece (see CsvReader.feed).
 */
function linesParser(field: string, readLines: (r: CsvReader) => void, finish: () => NamedTransactions): NamedParser {
  const r = new CsvReader(new Uint8Array(0), field);
  const lines = new LineChunker((part) => {
    r.feed(part);
    readLines(r);
  });
  let ended = false;
  return {
    push(chunk) {
      if (ended) throw new Error('parser push after end()');
      lines.push(chunk);
    },
    end() {
      if (ended) throw new Error('parser end() called twice');
      ended = true;
      lines.end();
      return finish();
    },
  };
}

/**
 * CSV baskets: one transaction per line, items separated by commas, trimmed of spaces; an item may be
 * double-quoted. Empty items (",,", a trailing comma) are ignored; a blank line is an empty transaction
 * (it counts in N, as in FIMI); duplicates in a line count once.
 */
export function parseCsvBaskets(bytes: Uint8Array, field = 'dataset'): NamedTransactions {
  const p = createCsvBasketsParser(field);
  p.push(bytes);
  return p.end();
}

/** parseCsvBaskets over chunks (object store, socket): push each chunk, then end(). */
export function createCsvBasketsParser(field = 'dataset'): NamedParser {
  const dict = new ByteDictionary();
  let items = new Int32Array(1 << 14);
  let offsets = new Int32Array(1 << 10);
  let w = 0;
  let n = 0;
  const readLines = (r: CsvReader): void => {
    while (r.nextLine()) {
      while (r.nextField()) {
        if (r.to === r.from) continue;
        if (w === items.length) items = doubled(items);
        items[w++] = dict.intern(r.buf, r.from, r.to);
      }
      if (n + 2 > offsets.length) offsets = doubled(offsets);
      offsets[++n] = w;
    }
  };
  return linesParser(field, readLines, () => {
    if (w === 0) throw new InvalidArgumentError(field, 'is empty: no items in any transaction');
    return renumber({ n, items: items.subarray(0, w), offsets: offsets.subarray(0, n + 1) }, dict, field);
  });
}

export interface LongFormatOptions {
  /** true: the first line is a header; false: it is data; undefined: detected (see isLongHeader). */
  header?: boolean;
}

/**
 * Long format: one `transaction_id,item` row per line (both strings), rows of a transaction need not be
 * adjacent; transactions are numbered in order of first appearance. Blank lines are skipped. Every other
 * line must have exactly two non-empty fields.
 */
export function parseLongFormat(bytes: Uint8Array, field = 'dataset', opts: LongFormatOptions = {}): NamedTransactions {
  const p = createLongFormatParser(field, opts);
  p.push(bytes);
  return p.end();
}

/** parseLongFormat over chunks: push each chunk, then end(). The header is detected on the first whole line. */
export function createLongFormatParser(field = 'dataset', opts: LongFormatOptions = {}): NamedParser {
  const tids = new ByteDictionary();
  const dict = new ByteDictionary();
  let rowTx = new Int32Array(1 << 14);
  let rowItem = new Int32Array(1 << 14);
  let rows = 0;
  let first = opts.header !== false; // the first data line may still be a header
  const readLines = (r: CsvReader): void => {
    while (r.nextLine()) {
      if (!r.nextField()) continue; // blank line
      const tidEmpty = r.to === r.from;
      // The first line's id is copied until we know whether it is a header; later ids are interned at once
      // (the reader's buffer is reused by the next field).
      const firstTid = first ? r.buf.slice(r.from, r.to) : null;
      const tid = first || tidEmpty ? -1 : tids.intern(r.buf, r.from, r.to);
      if (!r.nextField()) r.bad('expected 2 fields "transaction_id,item", got 1');
      if (firstTid && (opts.header ?? isLongHeader(firstTid, r.buf.slice(r.from, r.to)))) {
        first = false;
        if (r.nextField()) r.bad('expected 2 header fields "transaction_id,item", got 3 or more');
        continue;
      }
      if (tidEmpty) r.bad('empty transaction id');
      if (r.to === r.from) r.bad('empty item');
      const item = dict.intern(r.buf, r.from, r.to);
      if (r.nextField()) {
        let k = 3;
        while (r.nextField()) k++;
        r.bad(`expected 2 fields "transaction_id,item", got ${k}`);
      }
      if (rows === rowTx.length) {
        rowTx = doubled(rowTx);
        rowItem = doubled(rowItem);
      }
      rowItem[rows] = item;
      rowTx[rows++] = firstTid ? tids.intern(firstTid, 0, firstTid.length) : tid;
      first = false;
    }
  };
  return linesParser(field, readLines, () => {
    if (rows === 0) throw new InvalidArgumentError(field, 'is empty: no transaction_id,item rows');
    // counting sort of the rows by transaction
    const n = tids.size;
    const offsets = new Int32Array(n + 1);
    for (let i = 0; i < rows; i++) offsets[rowTx[i] + 1]++;
    for (let t = 0; t < n; t++) offsets[t + 1] += offsets[t];
    const fill = offsets.slice(0, n);
    const items = new Int32Array(rows);
    for (let i = 0; i < rows; i++) items[fill[rowTx[i]]++] = rowItem[i];
    return renumber({ n, items, offsets }, dict, field);
  });
}

const TID_NAMES = new Set(['transaction_id', 'transactionid', 'transaction', 'tid', 'basket', 'basket_id', 'order_id', 'id']);
const ITEM_NAMES = new Set(['item', 'items', 'item_id', 'itemid', 'product', 'product_id']);

/**
 * The first line is taken as a header when it reads like one: a first field among transaction_id,
 * transaction, tid, basket, basket_id, order_id, id and a second among item, items, item_id, product,
 * product_id (case-insensitive). Pass `header` explicitly for anything else.
 */
export function isLongHeader(first: Uint8Array, second: Uint8Array): boolean {
  const d = new TextDecoder();
  return TID_NAMES.has(d.decode(first).toLowerCase()) && ITEM_NAMES.has(d.decode(second).toLowerCase());
}

/** Recodes items by the byte order of their names, then sorts and de-duplicates each transaction. */
function renumber(raw: Transactions, dict: ByteDictionary, field: string): NamedTransactions {
  const { rank, names } = dict.sorted(field);
  const { n, items: src, offsets: srcOff } = raw;
  const items = new Int32Array(src.length);
  const offsets = new Int32Array(n + 1);
  let w = 0;
  for (let t = 0; t < n; t++) {
    const start = w;
    for (let j = srcOff[t]; j < srcOff[t + 1]; j++) items[w++] = rank[src[j]];
    w = start + sortUnique(items, start, w);
    offsets[t + 1] = w;
  }
  return { tx: { n, items: items.slice(0, w), offsets }, names };
}
