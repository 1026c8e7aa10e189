// AssemblyScript: applies a queue of plane rotations to rows of a row-major matrix, column strip by
// column strip (see src/rotation-queue.ts), on f64x2. idx holds pairs of i32 element offsets (row·len),
// cs pairs of f64 (c, s): row_i ← c·row_i + s·row_j, row_j ← c·row_j − s·row_i.

export function rotateRows(x: usize, len: i32, idx: usize, cs: usize, count: i32, strip: i32): void {
  for (let c0: i32 = 0; c0 < len; c0 += strip) {
    const c1 = min(len, c0 + strip);
    const w = c1 - c0;
    const w2 = w & ~1;
    for (let q: i32 = 0; q < count; q++) {
      const xo = x + ((<usize>load<i32>(idx + (<usize>q << 3)) + <usize>c0) << 3);
      const yo = x + ((<usize>load<i32>(idx + (<usize>q << 3), 4) + <usize>c0) << 3);
      const c = load<f64>(cs + (<usize>q << 4));
      const s = load<f64>(cs + (<usize>q << 4), 8);
      const vc = f64x2.splat(c);
      const vs = f64x2.splat(s);
      for (let k: i32 = 0; k < w2; k += 2) {
        const off = <usize>k << 3;
        const a = v128.load(xo + off);
        const b = v128.load(yo + off);
        v128.store(xo + off, f64x2.add(f64x2.mul(vc, a), f64x2.mul(vs, b)));
        v128.store(yo + off, f64x2.sub(f64x2.mul(vc, b), f64x2.mul(vs, a)));
      }
      if (w2 < w) {
        const off = <usize>w2 << 3;
        const a = load<f64>(xo + off);
        const b = load<f64>(yo + off);
        store<f64>(xo + off, c * a + s * b);
        store<f64>(yo + off, c * b - s * a);
      }
    }
  }
}
