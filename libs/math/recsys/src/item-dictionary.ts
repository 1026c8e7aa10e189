import { InvalidArgumentError } from '@modelbus/math-linalg';
import { doubled } from './transactions';

/**
 * Interns item names given as byte ranges (UTF-8) into dense codes 0..size-1 without creating a string per
 * occurrence: an open-addressing hash table over an arena of the distinct names' bytes. Strings are only
 * made once per distinct name, at the end (names()).
 */
export class ByteDictionary {
  private arena = new Uint8Array(1 << 12);
  private used = 0;
  private starts = new Int32Array(64);
  private lens = new Int32Array(64);
  private hashes = new Int32Array(64);
  private table = new Int32Array(128).fill(-1);
  private mask = 127;
  size = 0;

  /** Code of the name buf[from..to), added if new. */
  intern(buf: Uint8Array, from: number, to: number): number {
    const h = hashBytes(buf, from, to);
    const len = to - from;
    let slot = h & this.mask;
    for (let c = this.table[slot]; c !== -1; c = this.table[slot]) {
      if (this.hashes[c] === h && this.lens[c] === len && this.equals(c, buf, from, len)) return c;
      slot = (slot + 1) & this.mask;
    }
    const code = this.size++;
    if (code === this.starts.length) {
      this.starts = doubled(this.starts);
      this.lens = doubled(this.lens);
      this.hashes = doubled(this.hashes);
    }
    if (this.used + len > this.arena.length) {
      const a = new Uint8Array(Math.max(this.arena.length * 2, this.used + len));
      a.set(this.arena.subarray(0, this.used));
      this.arena = a;
    }
    this.arena.set(buf.subarray(from, to), this.used);
    this.starts[code] = this.used;
    this.lens[code] = len;
    this.hashes[code] = h;
    this.used += len;
    this.table[slot] = code;
    if (2 * this.size > this.mask) this.rehash();
    return code;
  }

  /**
   * Permutation that renumbers codes by the byte order of their names (so that code order is the order of
   * `LC_ALL=C sort`): rank[code] = new code. Also returns the names in the new order.
   */
  sorted(field: string): { rank: Int32Array; names: string[] } {
    const order = Array.from({ length: this.size }, (_, i) => i);
    order.sort((a, b) => this.compare(a, b));
    const rank = new Int32Array(this.size);
    const decoder = new TextDecoder('utf-8', { fatal: true });
    const names: string[] = new Array(this.size);
    for (let r = 0; r < order.length; r++) {
      const c = order[r];
      rank[c] = r;
      try {
        names[r] = decoder.decode(this.arena.subarray(this.starts[c], this.starts[c] + this.lens[c]));
      } catch {
        throw new InvalidArgumentError(field, `item name #${r + 1} is not valid UTF-8`);
      }
    }
    return { rank, names };
  }

  private compare(a: number, b: number): number {
    const sa = this.starts[a];
    const sb = this.starts[b];
    const n = Math.min(this.lens[a], this.lens[b]);
    for (let i = 0; i < n; i++) {
      const d = this.arena[sa + i] - this.arena[sb + i];
      if (d !== 0) return d;
    }
    return this.lens[a] - this.lens[b];
  }

  private equals(c: number, buf: Uint8Array, from: number, len: number): boolean {
    const s = this.starts[c];
    for (let i = 0; i < len; i++) if (this.arena[s + i] !== buf[from + i]) return false;
    return true;
  }

  private rehash(): void {
    const size = (this.mask + 1) * 2;
    this.table = new Int32Array(size).fill(-1);
    this.mask = size - 1;
    for (let c = 0; c < this.size; c++) {
      let slot = this.hashes[c] & this.mask;
      while (this.table[slot] !== -1) slot = (slot + 1) & this.mask;
      this.table[slot] = c;
    }
  }
}

function hashBytes(buf: Uint8Array, from: number, to: number): number {
  let h = 0x811c9dc5 ^ (to - from);
  for (let i = from; i < to; i++) h = Math.imul(h ^ buf[i], 0x01000193);
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  return (h ^ (h >>> 13)) & 0x7fffffff;
}
