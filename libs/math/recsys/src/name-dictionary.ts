// The item-name dictionary section shared by the stored itemsets (codec.ts) and rules (rules-store.ts).

/**
 * Name v of the dictionary section (see encodeNames) at byte `dict` of a stored blob, read in place; `corrupt`
 * reports an entry outside the section (paging.ts and rules-store.ts read names this way, each with its own cache).
 */
export function dictionaryName(dv: DataView, dict: number, v: number, decoder: { decode(bytes: Uint8Array): string }, corrupt: (why: string) => never): string {
  const count = dv.getUint32(dict, true);
  if (!(v >= 0 && v < count)) corrupt(`item code ${v} is outside the dictionary of ${count} names`);
  const base = dict + 4 + 4 * (count + 1);
  const a = dv.getUint32(dict + 4 + 4 * v, true);
  const e = dv.getUint32(dict + 8 + 4 * v, true);
  if (e < a || base + e > dv.byteLength) corrupt(`dictionary entry ${v} is out of range`);
  return decoder.decode(new Uint8Array(dv.buffer, dv.byteOffset + base + a, e - a));
}

/** The name dictionary section of stored itemsets and rules: u32 count, u32[count+1] byte offsets, UTF-8 text. */
export function encodeNames(names: string[]): Uint8Array {
  const enc = new TextEncoder();
  const parts = names.map((n) => enc.encode(n));
  const text = parts.reduce((s, p) => s + p.length, 0);
  const out = new Uint8Array(4 + 4 * (names.length + 1) + text);
  const dv = new DataView(out.buffer);
  dv.setUint32(0, names.length, true);
  let off = 0;
  let pos = 4 + 4 * (names.length + 1);
  for (let i = 0; i < parts.length; i++) {
    dv.setUint32(4 + 4 * i, off, true);
    out.set(parts[i], pos);
    pos += parts[i].length;
    off += parts[i].length;
  }
  dv.setUint32(4 + 4 * names.length, off, true);
  return out;
}
