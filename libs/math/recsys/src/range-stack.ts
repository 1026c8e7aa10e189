/** The (lo, hi, depth) ranges a radix sort has still to sort, in one growable Int32Array (no object per range). */
export class RangeStack {
  private a = new Int32Array(3 * 64);
  private n = 0;
  /** The range taken by the last pop(). */
  lo = 0;
  hi = 0;
  depth = 0;

  push(lo: number, hi: number, depth: number): void {
    if (this.n + 3 > this.a.length) {
      const grown = new Int32Array(this.a.length * 2);
      grown.set(this.a);
      this.a = grown;
    }
    this.a[this.n++] = lo;
    this.a[this.n++] = hi;
    this.a[this.n++] = depth;
  }

  /** Takes the last range into lo, hi, depth; false when there is none. */
  pop(): boolean {
    if (this.n === 0) return false;
    this.depth = this.a[--this.n];
    this.hi = this.a[--this.n];
    this.lo = this.a[--this.n];
    return true;
  }
}
