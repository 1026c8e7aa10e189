import { InvalidArgumentError } from '@modelbus/math-linalg';
import type { Itemsets } from './itemsets';
import { encodeNames } from './name-dictionary';
import { fillPaging, longestItemset, pagingWords, StoredPages } from './paging';

/**
 * Storage format (all little-endian). Version 1:
 *   0  4 bytes  magic "FIS1"
 *   4  u32      transactions
 *   8  u32      minCount
 *  12  u32      count (itemsets)
 *  16  u32      total items
 *  20  i32[count+1] offsets, i32[count] supports, i32[total] items
 * Version 2 (written when there is anything beyond the itemsets to keep):
 *   0  4 bytes  magic "FIS2"
 *   4..20       as version 1
 *  20  u32      flags: bit 0 = dictionary section present, bit 1 = itemsets are in canonical listing order,
 *                 bit 2 = order section present, bit 3 = paging section present
 *  24  u32      mode: 0 all, 1 closed, 2 maximal, 3 top-k
 *  28  u32      dictionary section bytes D (0 without one)
 *  32  i32 arrays as version 1, then the paging section (see paging.ts: the support order and a length
 *      index, so that a page is read without decoding the result), then the order section: i32[count], the
 *      itemsets' positions in canonical listing order (a permutation stored instead of a reordered copy),
 *      then the dictionary section: u32 names, u32[names+1] byte offsets into the UTF-8 text that follows,
 *      the text (D bytes in all)
 * Readers accept both versions; a version-1 blob reads as mode "all", no dictionary, not canonical.
 */
const MAGIC = 0x31534946; // "FIS1" read as little-endian u32
const MAGIC2 = 0x32534946; // "FIS2"
const HEADER = 20;
const HEADER2 = 32;
const FLAG_DICTIONARY = 1;
const FLAG_CANONICAL = 2;
const FLAG_ORDER = 4;
const FLAG_PAGING = 8;

export type MiningMode = 'all' | 'closed' | 'maximal' | 'top-k';
const MODES: MiningMode[] = ['all', 'closed', 'maximal', 'top-k'];

/** A mining result as stored: the itemsets, the item names of string datasets, and how it was mined. */
export interface StoredItemsets {
  itemsets: Itemsets;
  /** names[code] for datasets with string items; null for integer items. */
  names: string[] | null;
  mode: MiningMode;
  /** True when the itemsets are stored in canonical listing order (see canonicalOrder). */
  canonical: boolean;
  /** The canonical listing order as positions (order[i] = i-th itemset of the listing), when stored. */
  order?: Int32Array;
  /** Write (encode) / present (decode): the paging section, built from the itemsets and their order. */
  paging?: boolean;
}

/** Encodes a result with its dictionary and mode (version 2). */
export function encodeStoredItemsets(s: StoredItemsets): Uint8Array {
  const it = s.itemsets;
  if (s.order && s.order.length !== it.count) throw new InvalidArgumentError('order', `has ${s.order.length} positions for ${it.count} itemsets`);
  const total = it.offsets[it.count];
  if (s.paging && !s.canonical && !s.order) throw new InvalidArgumentError('paging', 'needs the listing order (order, or itemsets stored in canonical order)');
  const pagingMaxLen = s.paging ? longestItemset(it) : undefined;
  const { bytes, dv } = storedLayout({ ...s, transactions: it.transactions, minCount: it.minCount, count: it.count, totalItems: total, withOrder: !!s.order, pagingMaxLen });
  let pos = writeI32(dv, HEADER2, it.offsets, it.count + 1);
  pos = writeI32(dv, pos, it.supports, it.count);
  pos = writeI32(dv, pos, it.items, total);
  if (pagingMaxLen !== undefined) {
    const section = new Int32Array(pagingWords(it.count, pagingMaxLen));
    fillPaging(section, it, s.canonical ? null : (s.order ?? null), pagingMaxLen);
    pos = writeI32(dv, pos, section, section.length);
  }
  if (s.order) writeI32(dv, pos, s.order, it.count);
  return bytes;
}

export interface StoredLayout {
  transactions: number;
  minCount: number;
  count: number;
  totalItems: number;
  names: string[] | null;
  mode: MiningMode;
  canonical: boolean;
  withOrder: boolean;
  /** With a paging section: the longest itemset's length (see paging.ts). */
  pagingMaxLen?: number;
}

/** A version-2 blob with its arrays as Int32Array views, filled in place: offsets, supports, items, order. */
export interface StoredBlob {
  bytes: Uint8Array;
  offsets: Int32Array;
  supports: Int32Array;
  items: Int32Array;
  /** Empty without an order section. */
  order: Int32Array;
  /** The paging section, to fill with fillPaging once the itemsets and order are in (empty without one). */
  paging: Int32Array;
}

/**
 * Allocates a version-2 blob (header and dictionary written) whose arrays the caller fills through the
 * returned views, so a result assembled from parts (parallel shards) is written once, into the blob. Null
 * on a big-endian host, where the arrays cannot be little-endian views.
 */
export function allocateStoredItemsets(l: StoredLayout): StoredBlob | null {
  if (!littleEndianHost) return null;
  const { bytes } = storedLayout(l);
  const view = (from: number, len: number) => new Int32Array(bytes.buffer, bytes.byteOffset + from, len);
  const offsets = view(HEADER2, l.count + 1);
  const supports = view(HEADER2 + 4 * (l.count + 1), l.count);
  const items = view(HEADER2 + 4 * (2 * l.count + 1), l.totalItems);
  const pagingLen = l.pagingMaxLen === undefined ? 0 : pagingWords(l.count, l.pagingMaxLen);
  const paging = view(HEADER2 + 4 * (2 * l.count + 1 + l.totalItems), pagingLen);
  const order = view(HEADER2 + 4 * (2 * l.count + 1 + l.totalItems + pagingLen), l.withOrder ? l.count : 0);
  return { bytes, offsets, supports, items, order, paging };
}

/** Header and dictionary of a version-2 blob, its arrays left zero. */
function storedLayout(l: StoredLayout): { bytes: Uint8Array; dv: DataView } {
  const dict = l.names ? encodeNames(l.names) : new Uint8Array(0);
  const paging = l.pagingMaxLen === undefined ? 0 : pagingWords(l.count, l.pagingMaxLen);
  const arrays = 4 * (2 * l.count + 1 + l.totalItems + paging + (l.withOrder ? l.count : 0));
  const bytes = new Uint8Array(HEADER2 + arrays + dict.length);
  const dv = new DataView(bytes.buffer);
  dv.setUint32(0, MAGIC2, true);
  dv.setUint32(4, l.transactions, true);
  dv.setUint32(8, l.minCount, true);
  dv.setUint32(12, l.count, true);
  dv.setUint32(16, l.totalItems, true);
  bytes.set(dict, HEADER2 + arrays);
  dv.setUint32(20, (l.names ? FLAG_DICTIONARY : 0) | (l.canonical ? FLAG_CANONICAL : 0) | (l.withOrder ? FLAG_ORDER : 0) | (paging ? FLAG_PAGING : 0), true);
  dv.setUint32(24, MODES.indexOf(l.mode), true);
  dv.setUint32(28, dict.length, true);
  return { bytes, dv };
}

/** Decodes version 1 or 2. */
export function decodeStoredItemsets(bytes: Uint8Array, field = 'itemsets'): StoredItemsets {
  if (bytes.length < 4) throw new InvalidArgumentError(field, 'is too short for an itemsets header');
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (dv.getUint32(0, true) !== MAGIC2) return { itemsets: decodeItemsets(bytes, field), names: null, mode: 'all', canonical: false };
  if (bytes.length < HEADER2) throw new InvalidArgumentError(field, 'is too short for an itemsets header');
  const flags = dv.getUint32(20, true);
  const mode = MODES[dv.getUint32(24, true)];
  if (!mode) throw new InvalidArgumentError(field, `has an unknown mining mode ${dv.getUint32(24, true)}`);
  const dictBytes = dv.getUint32(28, true);
  if (dictBytes > bytes.length - HEADER2) throw new InvalidArgumentError(field, 'dictionary section is longer than the blob');
  const count = dv.getUint32(12, true);
  const orderBytes = flags & FLAG_ORDER ? 4 * count : 0;
  if (orderBytes > bytes.length - HEADER2 - dictBytes) throw new InvalidArgumentError(field, 'order section is longer than the blob');
  let arraysEnd = bytes.length - dictBytes - orderBytes;
  const orderAt = arraysEnd;
  if (flags & FLAG_PAGING) {
    arraysEnd = HEADER2 + 4 * (2 * count + 1 + dv.getUint32(16, true));
    const maxLen = arraysEnd + 8 <= orderAt ? dv.getInt32(arraysEnd, true) : -1;
    if (!(maxLen >= 0) || arraysEnd + 4 * pagingWords(count, maxLen) !== orderAt) throw new InvalidArgumentError(field, 'paging section does not fit the blob');
  }
  const itemsets = readArrays(dv, HEADER2, arraysEnd, field);
  let names: string[] | null = null;
  if (flags & FLAG_DICTIONARY) {
    names = decodeNames(bytes.subarray(bytes.length - dictBytes), field);
    for (let j = 0; j < itemsets.items.length; j++) {
      const v = itemsets.items[j];
      if (v < 0 || v >= names.length) throw new InvalidArgumentError(field, `item code ${v} is outside the dictionary of ${names.length} names`);
    }
  }
  const stored: StoredItemsets = { itemsets, names, mode, canonical: (flags & FLAG_CANONICAL) !== 0 };
  if (orderBytes) stored.order = readOrder(dv, orderAt, count, field);
  if (flags & FLAG_PAGING) stored.paging = true;
  return stored;
}

/**
 * Pages of a stored result read in place (see paging.ts), or null when the blob has no paging section
 * (results stored before it, or without a listing order): the caller then decodes the whole result.
 * Only the layout is checked here (O(1)); what a page reads is checked as it is read.
 */
export function openStoredPages(bytes: Uint8Array, field = 'itemsets'): StoredPages | null {
  if (bytes.length < HEADER2) return null;
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (dv.getUint32(0, true) !== MAGIC2) return null;
  const flags = dv.getUint32(20, true);
  if (!(flags & FLAG_PAGING) || !(flags & (FLAG_ORDER | FLAG_CANONICAL))) return null;
  const count = dv.getUint32(12, true);
  const total = dv.getUint32(16, true);
  const paging = HEADER2 + 4 * (2 * count + 1 + total);
  const broken = () => new InvalidArgumentError(field, 'sections do not add up to the blob (paging layout)');
  if (paging + 8 > bytes.length) throw broken();
  const maxLen = dv.getInt32(paging, true);
  if (!(maxLen >= 0 && maxLen <= total) || dv.getInt32(paging + 4, true) !== 1024) throw broken();
  const order = paging + 4 * pagingWords(count, maxLen);
  const dict = order + (flags & FLAG_ORDER ? 4 * count : 0);
  if (dict + dv.getUint32(28, true) !== bytes.length) throw broken();
  const at = { offsets: HEADER2, supports: HEADER2 + 4 * (count + 1), items: HEADER2 + 4 * (2 * count + 1), paging, order: flags & FLAG_ORDER ? order : null, dict: flags & FLAG_DICTIONARY ? dict : null };
  return new StoredPages(dv, count, dv.getUint32(4, true), dv.getUint32(24, true), at, total, maxLen, field);
}

/** The order section, checked to be a permutation of 0..count-1 (readers index the arrays with it). */
function readOrder(dv: DataView, pos: number, count: number, field: string): Int32Array {
  const order = readI32(dv, pos, count);
  const seen = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    const s = order[i];
    if (!(s >= 0 && s < count) || seen[s]) throw new InvalidArgumentError(field, `order section is not a permutation (position ${i})`);
    seen[s] = 1;
  }
  return order;
}


function decodeNames(b: Uint8Array, field: string): string[] {
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const count = b.length >= 4 ? dv.getUint32(0, true) : -1;
  const base = 4 + 4 * (count + 1);
  if (count < 0 || base > b.length) throw new InvalidArgumentError(field, 'dictionary section is truncated');
  const dec = new TextDecoder('utf-8', { fatal: true });
  const names: string[] = new Array(count);
  for (let i = 0; i < count; i++) {
    const a = dv.getUint32(4 + 4 * i, true);
    const e = dv.getUint32(8 + 4 * i, true);
    if (e < a || base + e > b.length) throw new InvalidArgumentError(field, `dictionary entry ${i} is out of range`);
    names[i] = dec.decode(b.subarray(base + a, base + e));
  }
  return names;
}

export function encodeItemsets(it: Itemsets): Uint8Array {
  const total = it.offsets[it.count];
  const bytes = new Uint8Array(HEADER + 4 * (it.count + 1 + it.count + total));
  const dv = new DataView(bytes.buffer);
  dv.setUint32(0, MAGIC, true);
  dv.setUint32(4, it.transactions, true);
  dv.setUint32(8, it.minCount, true);
  dv.setUint32(12, it.count, true);
  dv.setUint32(16, total, true);
  let pos = HEADER;
  pos = writeI32(dv, pos, it.offsets, it.count + 1);
  pos = writeI32(dv, pos, it.supports, it.count);
  writeI32(dv, pos, it.items, total);
  return bytes;
}

export function decodeItemsets(bytes: Uint8Array, field = 'itemsets'): Itemsets {
  if (bytes.length < HEADER) throw new InvalidArgumentError(field, 'is too short for an itemsets header');
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (dv.getUint32(0, true) !== MAGIC) throw new InvalidArgumentError(field, 'is not an encoded itemsets blob (bad magic)');
  return readArrays(dv, HEADER, bytes.length, field);
}

/** The itemsets of either version: header fields at bytes 4..20, the arrays in [start, end) of `dv`. */
function readArrays(dv: DataView, start: number, end: number, field: string): Itemsets {
  const transactions = dv.getUint32(4, true);
  const minCount = dv.getUint32(8, true);
  const count = dv.getUint32(12, true);
  const total = dv.getUint32(16, true);
  const implied = start + 4 * (2 * count + 1 + total);
  if (end !== implied) throw new InvalidArgumentError(field, `has ${end} bytes of itemsets, header implies ${implied}`);
  let pos = start;
  const offsets = readI32(dv, pos, count + 1);
  pos += 4 * (count + 1);
  const supports = readI32(dv, pos, count);
  pos += 4 * count;
  const items = readI32(dv, pos, total);
  if (offsets[0] !== 0 || offsets[count] !== total) throw new InvalidArgumentError(field, 'offsets do not span the items');
  for (let s = 0; s < count; s++) {
    if (offsets[s + 1] < offsets[s]) throw new InvalidArgumentError(field, `offsets decrease at itemset ${s}`);
  }
  return { transactions, minCount, count, items, offsets, supports };
}

const littleEndianHost = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

function writeI32(dv: DataView, pos: number, a: Int32Array, len: number): number {
  if (littleEndianHost) {
    new Uint8Array(dv.buffer, dv.byteOffset + pos, 4 * len).set(new Uint8Array(a.buffer, a.byteOffset, 4 * len));
  } else {
    for (let i = 0; i < len; i++) dv.setInt32(pos + 4 * i, a[i], true);
  }
  return pos + 4 * len;
}

function readI32(dv: DataView, pos: number, len: number): Int32Array {
  const out = new Int32Array(len);
  if (littleEndianHost) {
    new Uint8Array(out.buffer).set(new Uint8Array(dv.buffer, dv.byteOffset + pos, 4 * len));
  } else {
    for (let i = 0; i < len; i++) out[i] = dv.getInt32(pos + 4 * i, true);
  }
  return out;
}
