// AssemblyScript twin of the reduction in hessenbergInPlace() (src/hessenberg.ts: Householder reduction
// to upper Hessenberg form, EISPACK orthes), matrix resident in WASM memory, every update a contiguous
// row operation on f64x2. Reflector m (acting on indices m..n−1) is written for the caller's compact-WY
// accumulation (src/schur-wasm.ts): its vector in vrows[m−1, m+1:] (unit at m implied) and τ in tau[m−1];
// both must be zero on entry (skipped steps leave them so).
// Pointers are byte addresses.
import { axpy, dot, el } from './vector';

/** row[0:len] −= a·f[0:len]; returns Σ row_k·u_k of the updated row. */
function leftDot(row: usize, f: usize, a: f64, u: usize, len: i32): f64 {
  const va = f64x2.splat(a);
  let acc = f64x2.splat(0);
  let k: i32 = 0;
  for (; k + 2 <= len; k += 2) {
    const o = <usize>k << 3;
    const x = f64x2.sub(v128.load(row + o), f64x2.mul(va, v128.load(f + o)));
    v128.store(row + o, x);
    acc = f64x2.add(acc, f64x2.mul(x, v128.load(u + o)));
  }
  let s = f64x2.extract_lane(acc, 0) + f64x2.extract_lane(acc, 1);
  if (k < len) {
    const o = <usize>k << 3;
    const x = load<f64>(row + o) - a * load<f64>(f + o);
    store<f64>(row + o, x);
    s += x * load<f64>(u + o);
  }
  return s;
}

/** row[0:len] −= s·u[0:len], then y[0:len−1] += row[0]·row[1:len] (the next step's uᵀ·H, unscaled). */
function rightY(row: usize, u: usize, s: f64, y: usize, len: i32): void {
  const c = load<f64>(row) - s * load<f64>(u);
  store<f64>(row, c);
  const vs = f64x2.splat(s);
  const vc = f64x2.splat(c);
  let k: i32 = 1;
  for (; k + 2 <= len; k += 2) {
    const o = <usize>k << 3;
    const x = f64x2.sub(v128.load(row + o), f64x2.mul(vs, v128.load(u + o)));
    v128.store(row + o, x);
    v128.store(y + o - 8, f64x2.add(v128.load(y + o - 8), f64x2.mul(vc, x)));
  }
  if (k < len) {
    const o = <usize>k << 3;
    const x = load<f64>(row + o) - s * load<f64>(u + o);
    store<f64>(row + o, x);
    store<f64>(y + o - 8, load<f64>(y + o - 8) + c * x);
  }
}

/**
 * Step m applies H ← P·H·P with P = I − u·uᵀ/h to rows m.. from the left (needs f = uᵀ·H first) and to
 * all rows from the right. One pass per step: row i takes its left update, its dot with u and its
 * right update while in L1, and rows below m also add into y = Σ_i H[i][m]·H[i][m+1:], from which the
 * next step's f follows without another pass (f' = y/scale' − g'·H[m+1][m+1:], u' being column m
 * scaled, its first entry shifted by g'). ort, f, y: n entries of scratch each.
 */
export function hessenberg(h: usize, n: i32, ort: usize, f: usize, y: usize, vrows: usize, tau: usize): void {
  const high = n - 1;
  let yValid = false;
  for (let m: i32 = 1; m <= high - 1; m++) {
    let scale: f64 = 0;
    for (let i = m; i <= high; i++) scale += Math.abs(load<f64>(el(h, i * n + m - 1)));
    if (scale == 0) {
      yValid = false;
      continue;
    }
    let hh: f64 = 0;
    for (let i = m; i <= high; i++) {
      const o = load<f64>(el(h, i * n + m - 1)) / scale;
      store<f64>(el(ort, i), o);
      hh += o * o;
    }
    let g = Math.sqrt(hh);
    const om = load<f64>(el(ort, m));
    if (om > 0) g = -g;
    hh -= om * g;
    store<f64>(el(ort, m), om - g);
    const len = n - m;
    const fm = el(f, m);
    if (yValid) {
      for (let j = m; j < n; j++) store<f64>(el(f, j), load<f64>(el(y, j)) / scale - g * load<f64>(el(h, m * n + j)));
    } else {
      memory.fill(fm, 0, <usize>len << 3);
      for (let i = m; i <= high; i++) axpy(fm, el(h, i * n + m), load<f64>(el(ort, i)), len);
    }
    const inv = 1 / hh;
    for (let j = m; j < n; j++) store<f64>(el(f, j), load<f64>(el(f, j)) * inv);
    const um = el(ort, m);
    const nextY = m + 1 <= high - 1;
    if (nextY) memory.fill(el(y, m + 1), 0, <usize>(len - 1) << 3);
    for (let i: i32 = 0; i < m; i++) {
      const row = el(h, i * n + m);
      axpy(row, um, -dot(row, um, len) * inv, len);
    }
    for (let i = m; i <= high; i++) {
      const row = el(h, i * n + m);
      const s = leftDot(row, fm, load<f64>(el(ort, i)), um, len) * inv;
      if (nextY && i > m) rightY(row, um, s, el(y, m + 1), len);
      else axpy(row, um, -s, len);
    }
    yValid = nextY;
    store<f64>(el(ort, m), load<f64>(el(ort, m)) * scale);
    store<f64>(el(h, m * n + m - 1), scale * g);
    // The reflector as accumulateRight takes it: I − τ·v·vᵀ, v = u/u_m (unit at m implied), τ = −u_m/h_m.
    const um2 = load<f64>(el(ort, m));
    store<f64>(el(tau, m - 1), -um2 / (scale * g));
    const vs = scale / um2;
    for (let i = m + 1; i < n; i++) store<f64>(el(vrows, (m - 1) * n + i), load<f64>(el(ort, i)) * vs);
  }
}
