// AssemblyScript twin of solveSecular() in src/secular.ts (the rank-one eigenproblem of a divide-and-
// conquer merge: secular-equation roots, Gu–Eisenstat ẑ, eigenvectors), the sums over the poles on
// f64x2 (two divisions per instruction). Same iteration and stopping rules, so the roots agree with the
// TS solver to rounding. Pointers are byte addresses; pos holds k i32; work is 5k f64.
import { el } from './vector';

const MAX_SECULAR_ITERATIONS: i32 = 80;
const EPS: f64 = 2.220446049250313e-16;

// sums of one evaluation of the secular function around root j (set by evaluate)
let psi1: f64 = 0;
let dpsi1: f64 = 0;
let psi2: f64 = 0;
let dpsi2: f64 = 0;
let absSum: f64 = 0;

/** Σ wsq_i/(delta_i − t) and Σ wsq_i/(delta_i − t)² over i in [i0, i1), into sv/dv (pairs summed per lane). */
@inline function poleSums(delta: usize, wsq: usize, i0: i32, i1: i32, t: f64): void {
  const vt = f64x2.splat(t);
  let s = f64x2.splat(0);
  let ds = f64x2.splat(0);
  let i = i0;
  for (; i + 2 <= i1; i += 2) {
    const r = f64x2.div(f64x2.splat(1), f64x2.sub(v128.load(el(delta, i)), vt));
    const term = f64x2.mul(v128.load(el(wsq, i)), r);
    s = f64x2.add(s, term);
    ds = f64x2.add(ds, f64x2.mul(term, r));
  }
  let sv = f64x2.extract_lane(s, 0) + f64x2.extract_lane(s, 1);
  let dv = f64x2.extract_lane(ds, 0) + f64x2.extract_lane(ds, 1);
  if (i < i1) {
    const r = 1 / (load<f64>(el(delta, i)) - t);
    const term = load<f64>(el(wsq, i)) * r;
    sv += term;
    dv += term * r;
  }
  sumV = sv;
  sumD = dv;
}
let sumV: f64 = 0;
let sumD: f64 = 0;

function evaluate(delta: usize, wsq: usize, k: i32, j: i32, t: f64): void {
  poleSums(delta, wsq, 0, j + 1, t);
  psi1 = sumV;
  dpsi1 = sumD;
  poleSums(delta, wsq, j + 1, k, t);
  psi2 = sumV;
  dpsi2 = sumD;
  absSum = psi2 - psi1; // terms left of the root are negative, right of it positive
}

export function rootFrom(delta: usize, wsq: usize, k: i32, j: i32, lo: f64, hi: f64): f64 {
  const last = j == k - 1;
  let t = 0.5 * (lo + hi);
  const logk = max<f64>(1, Math.log2(<f64>k));
  for (let it: i32 = 0; it < MAX_SECULAR_ITERATIONS; it++) {
    evaluate(delta, wsq, k, j, t);
    const f = 1 + psi1 + psi2;
    if (Math.abs(f) <= 8 * EPS * (1 + absSum) * logk) break;
    if (f > 0) hi = t;
    else lo = t;
    if (hi - lo <= 2 * EPS * max(Math.abs(lo), Math.abs(hi))) break;
    const dj = load<f64>(el(delta, j)) - t;
    const b1 = dpsi1 * dj * dj;
    const c0 = 1 + psi1 - b1 / dj;
    let y: f64;
    if (last) {
      y = c0 + psi2 > 0 ? dj + b1 / (c0 + psi2) : NaN;
    } else {
      const dj1 = load<f64>(el(delta, j + 1)) - t;
      const b2 = dpsi2 * dj1 * dj1;
      const c = c0 + psi2 - b2 / dj1;
      const B = -(c * (dj + dj1) + b1 + b2);
      const C = dj * dj1 * f;
      const disc = Math.sqrt(max<f64>(0, B * B - 4 * c * C));
      const q = -0.5 * (B + (B >= 0 ? disc : -disc));
      const y1 = q != 0 ? C / q : NaN;
      const y2 = c != 0 ? q / c : NaN;
      y = y1 > dj && y1 < dj1 ? y1 : y2;
    }
    const next = t + y;
    if (!(next > lo && next < hi)) t = 0.5 * (lo + hi);
    else if (next == t) break;
    else t = next;
  }
  return t;
}

export function secular(dl: usize, w: usize, k: i32, rho: f64, pos: usize, values: usize, u: usize, work: usize): void {
  const wsq = work;
  const delta = wsq + (<usize>k << 3);
  const dorg = delta + (<usize>k << 3);
  const tau = dorg + (<usize>k << 3);
  const zh = tau + (<usize>k << 3);
  let wss: f64 = 0;
  for (let i: i32 = 0; i < k; i++) {
    const wi = load<f64>(el(w, i));
    const q = rho * wi * wi;
    store<f64>(el(wsq, i), q);
    wss += q;
  }
  for (let j: i32 = 0; j < k; j++) {
    const dj = load<f64>(el(dl, j));
    let o = j;
    if (j < k - 1) {
      const mid = 0.5 * (load<f64>(el(dl, j + 1)) - dj);
      let f: f64 = 1;
      for (let i: i32 = 0; i < k; i++) f += load<f64>(el(wsq, i)) / (load<f64>(el(dl, i)) - dj - mid);
      if (f < 0) o = j + 1;
    }
    const dorgj = load<f64>(el(dl, o));
    for (let i: i32 = 0; i < k; i++) store<f64>(el(delta, i), load<f64>(el(dl, i)) - dorgj);
    const lo = o == j ? 0 : 0.5 * load<f64>(el(delta, j));
    const hi = o == j ? (j == k - 1 ? wss : 0.5 * load<f64>(el(delta, j + 1))) : 0;
    const t = k == 1 ? wss : rootFrom(delta, wsq, k, j, lo, hi);
    store<f64>(el(dorg, j), dorgj);
    store<f64>(el(tau, j), t);
    store<f64>(el(values, j), dorgj + t);
  }
  for (let i: i32 = 0; i < k; i++) {
    const di = load<f64>(el(dl, i));
    let p = -(di - load<f64>(el(dorg, i)) - load<f64>(el(tau, i)));
    for (let j: i32 = 0; j < k; j++) {
      if (j == i) continue;
      p *= (di - load<f64>(el(dorg, j)) - load<f64>(el(tau, j))) / (di - load<f64>(el(dl, j)));
    }
    const wi = load<f64>(el(w, i));
    const z = Math.sqrt(max<f64>(p, 0));
    store<f64>(el(zh, i), wi > 0 ? z : wi < 0 ? -z : 0);
  }
  for (let j: i32 = 0; j < k; j++) {
    const row = u + (<usize>(j * k) << 3);
    const o = load<f64>(el(dorg, j));
    const t = load<f64>(el(tau, j));
    let ss: f64 = 0;
    for (let i: i32 = 0; i < k; i++) {
      const v = load<f64>(el(zh, i)) / (load<f64>(el(dl, i)) - o - t);
      store<f64>(el(row, load<i32>(pos + (<usize>i << 2))), v);
      ss += v * v;
    }
    const inv = 1 / Math.sqrt(ss);
    for (let i: i32 = 0; i < k; i++) store<f64>(el(row, i), load<f64>(el(row, i)) * inv);
  }
}
