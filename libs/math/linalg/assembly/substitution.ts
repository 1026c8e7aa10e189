// Forward substitution against a lower-triangular L (row-major, stride ldl) for rows of X solved in place,
// x[j] := (x[j] − Σ_{p<j} x[p]·L[j][p]) / L[j][j] for j < jEnd: the inner loop of the Cholesky leaves
// (cholesky.ts, where X is the row being factored) and of the TRSM leaves (syrk.ts). Two rows of X against
// two rows of L at a time share their loads (four f64x2 accumulators over the common even-length prefix),
// then the 2×2 triangular corrections run in scalar code. jEnd must be even.

@inline export function hsum(v: v128): f64 {
  return f64x2.extract_lane(v, 0) + f64x2.extract_lane(v, 1);
}

/** Rows x0 and x1 (byte addresses), columns 0..jEnd. */
export function solveRowPair(x0: usize, x1: usize, l: usize, ldl: i32, jEnd: i32): void {
  const step = <usize>ldl << 3;
  for (let j0 = 0; j0 < jEnd; j0 += 2) {
    const q0 = l + <usize>j0 * step;
    const q1 = q0 + step;
    let s00 = f64x2.splat(0), s01 = f64x2.splat(0), s10 = f64x2.splat(0), s11 = f64x2.splat(0);
    for (let p = 0; p < j0; p += 2) {
      const o = <usize>p << 3;
      const a0 = v128.load(x0 + o), a1 = v128.load(x1 + o);
      const b0 = v128.load(q0 + o), b1 = v128.load(q1 + o);
      s00 = f64x2.add(s00, f64x2.mul(a0, b0));
      s01 = f64x2.add(s01, f64x2.mul(a0, b1));
      s10 = f64x2.add(s10, f64x2.mul(a1, b0));
      s11 = f64x2.add(s11, f64x2.mul(a1, b1));
    }
    const oj = <usize>j0 << 3;
    const ljj = load<f64>(q0 + oj), lj1j = load<f64>(q1 + oj), lj1j1 = load<f64>(q1 + oj, 8);
    const v0 = (load<f64>(x0 + oj) - hsum(s00)) / ljj;
    const v1 = (load<f64>(x1 + oj) - hsum(s10)) / ljj;
    store<f64>(x0 + oj, v0);
    store<f64>(x1 + oj, v1);
    store<f64>(x0 + oj, (load<f64>(x0 + oj, 8) - hsum(s01) - v0 * lj1j) / lj1j1, 8);
    store<f64>(x1 + oj, (load<f64>(x1 + oj, 8) - hsum(s11) - v1 * lj1j) / lj1j1, 8);
  }
}

/** One row x, columns 0..jEnd (against pairs of rows of L). */
export function solveRow(x: usize, l: usize, ldl: i32, jEnd: i32): void {
  const step = <usize>ldl << 3;
  for (let j0 = 0; j0 < jEnd; j0 += 2) {
    const q0 = l + <usize>j0 * step;
    const q1 = q0 + step;
    let s0 = f64x2.splat(0), s1 = f64x2.splat(0);
    for (let p = 0; p < j0; p += 2) {
      const o = <usize>p << 3;
      const a = v128.load(x + o);
      s0 = f64x2.add(s0, f64x2.mul(a, v128.load(q0 + o)));
      s1 = f64x2.add(s1, f64x2.mul(a, v128.load(q1 + o)));
    }
    const oj = <usize>j0 << 3;
    const v = (load<f64>(x + oj) - hsum(s0)) / load<f64>(q0 + oj);
    store<f64>(x + oj, v);
    store<f64>(x + oj, (load<f64>(x + oj, 8) - hsum(s1) - v * load<f64>(q1 + oj)) / load<f64>(q1 + oj, 8), 8);
  }
}
