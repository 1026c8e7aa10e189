import { InvalidArgumentError } from '@modelbus/math-linalg';
import type { Itemsets } from './itemsets';

/**
 * Storage format (all little-endian):
 *   0  4 bytes  magic "FIS1"
 *   4  u32      transactions
 *   8  u32      minCount
 *  12  u32      count (itemsets)
 *  16  u32      total items
 *  20  i32[count+1] offsets, i32[count] supports, i32[total] items
 */
const MAGIC = 0x31534946; // "FIS1" read as little-endian u32
const HEADER = 20;

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
  const transactions = dv.getUint32(4, true);
  const minCount = dv.getUint32(8, true);
  const count = dv.getUint32(12, true);
  const total = dv.getUint32(16, true);
  if (bytes.length !== HEADER + 4 * (2 * count + 1 + total)) {
    throw new InvalidArgumentError(field, `has ${bytes.length} bytes, header implies ${HEADER + 4 * (2 * count + 1 + total)}`);
  }
  let pos = HEADER;
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
