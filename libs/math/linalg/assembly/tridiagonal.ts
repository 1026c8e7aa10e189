// AssemblyScript twin of tridiagonalize() in src/tridiagonal.ts (symmetric Householder
// tridiagonalisation on rows, full storage, matrix resident in WASM memory), f64x2 inner loops.
// Pointers are byte addresses; d, e, tau have n entries; p is n entries of scratch.
import { dot, el } from './vector';

/** y[0:len] −= a·x[0:len] + b·z[0:len] */
function update2(y: usize, a: f64, x: usize, b: f64, z: usize, len: i32): void {
  const va = f64x2.splat(a);
  const vb = f64x2.splat(b);
  let k: i32 = 0;
  for (; k + 2 <= len; k += 2) {
    const o = <usize>k << 3;
    v128.store(y + o, f64x2.sub(v128.load(y + o), f64x2.add(f64x2.mul(va, v128.load(x + o)), f64x2.mul(vb, v128.load(z + o)))));
  }
  if (k < len) {
    const o = <usize>k << 3;
    store<f64>(y + o, load<f64>(y + o) - (a * load<f64>(x + o) + b * load<f64>(z + o)));
  }
}

export function tridiagonalize(a: usize, n: i32, d: usize, e: usize, tau: usize, p: usize): void {
  store<f64>(e, 0);
  for (let j: i32 = 0; j < n; j++) {
    const rj = j * n;
    store<f64>(el(d, j), load<f64>(el(a, rj + j)));
    if (j >= n - 1) break;
    const len2 = n - j - 2;
    const ss = len2 > 0 ? dot(el(a, rj + j + 2), el(a, rj + j + 2), len2) : 0;
    const x0 = load<f64>(el(a, rj + j + 1));
    if (ss == 0) {
      store<f64>(el(tau, j), 0);
      store<f64>(el(e, j + 1), x0);
      continue;
    }
    const norm = Math.sqrt(x0 * x0 + ss);
    const beta = x0 >= 0 ? -norm : norm;
    const t = (beta - x0) / beta;
    store<f64>(el(tau, j), t);
    store<f64>(el(e, j + 1), beta);
    const inv = 1 / (x0 - beta);
    for (let c = j + 2; c < n; c++) store<f64>(el(a, rj + c), load<f64>(el(a, rj + c)) * inv);
    const o = j + 1;
    const vrow = el(a, rj + o + 1); // v entries o+1..n−1
    let pv: f64 = 0;
    for (let i = o; i < n; i++) {
      const ri = i * n;
      const s = load<f64>(el(a, ri + o)) + (len2 > 0 ? dot(el(a, ri + o + 1), vrow, len2) : 0);
      const pi = t * s;
      store<f64>(el(p, i), pi);
      pv += pi * (i == o ? 1 : load<f64>(el(a, rj + i)));
    }
    const half = 0.5 * t * pv;
    for (let i = o; i < n; i++) store<f64>(el(p, i), load<f64>(el(p, i)) - half * (i == o ? 1 : load<f64>(el(a, rj + i))));
    const po = load<f64>(el(p, o));
    for (let i = o; i < n; i++) {
      const ri = i * n;
      const vi = i == o ? 1 : load<f64>(el(a, rj + i));
      const wi = load<f64>(el(p, i));
      store<f64>(el(a, ri + o), load<f64>(el(a, ri + o)) - (vi * po + wi));
      if (len2 > 0) update2(el(a, ri + o + 1), vi, el(p, o + 1), wi, vrow, len2);
    }
  }
}

/**
 * The same reduction with one pass over the lower triangle per step (the matrix at n ≈ 1000 does not fit
 * in cache, so memory traffic is the cost): step j first finishes column j with the pending rank-2
 * update of step j−1, builds reflector j from it, then walks rows i > j once, applying the pending
 * update to row i's lower part and, on the fly, accumulating p = A22·v from it (a row dot for p_i and
 * an axpy into p_c, c < i, by symmetry). Reads only the lower triangle; output as tridiagonalize()
 * (d, e, τ, reflector j in a[j, j+2:]). work: 4n f64 of scratch.
 */
export function tridiagonalizeLower(a: usize, n: i32, d: usize, e: usize, tau: usize, work: usize): void {
  let vPrev = work; // pending update of the previous step: A −= v'·w'ᵀ + w'·v'ᵀ
  let wPrev = work + (<usize>n << 3);
  let vCur = work + (<usize>(2 * n) << 3);
  let p = work + (<usize>(3 * n) << 3);
  memory.fill(work, 0, <usize>(4 * n) << 3);
  store<f64>(e, 0);
  for (let j: i32 = 0; j < n; j++) {
    // column j (rows ≥ j) with the pending update, kept in vCur (scratch until v is built)
    for (let i = j; i < n; i++) {
      const x = load<f64>(el(a, i * n + j)) - (load<f64>(el(vPrev, i)) * load<f64>(el(wPrev, j)) + load<f64>(el(wPrev, i)) * load<f64>(el(vPrev, j)));
      store<f64>(el(vCur, i), x);
    }
    store<f64>(el(d, j), load<f64>(el(vCur, j)));
    if (j == n - 1) break;
    const o = j + 1;
    const len2 = n - j - 2;
    const ss = len2 > 0 ? dot(el(vCur, j + 2), el(vCur, j + 2), len2) : 0;
    const x0 = load<f64>(el(vCur, o));
    let t: f64 = 0;
    if (ss == 0) {
      store<f64>(el(tau, j), 0);
      store<f64>(el(e, o), x0);
      memory.fill(el(vCur, o), 0, <usize>(n - o) << 3);
    } else {
      const norm = Math.sqrt(x0 * x0 + ss);
      const beta = x0 >= 0 ? -norm : norm;
      t = (beta - x0) / beta;
      store<f64>(el(tau, j), t);
      store<f64>(el(e, o), beta);
      const inv = 1 / (x0 - beta);
      store<f64>(el(vCur, o), 1);
      for (let c = j + 2; c < n; c++) {
        const v = load<f64>(el(vCur, c)) * inv;
        store<f64>(el(vCur, c), v);
        store<f64>(el(a, j * n + c), v);
      }
    }
    memory.fill(el(p, o), 0, <usize>(n - o) << 3);
    for (let i = o; i < n; i++) {
      const row = el(a, i * n + o);
      const len = i - o; // off-diagonal part of row i's lower triangle within A22
      const vi = load<f64>(el(vCur, i));
      const pv = load<f64>(el(vPrev, i));
      const pw = load<f64>(el(wPrev, i));
      const acc = rowPass(row, len, pv, el(wPrev, o), pw, el(vPrev, o), el(vCur, o), vi, el(p, o));
      const dii = load<f64>(el(a, i * n + i)) - 2 * pv * pw;
      store<f64>(el(a, i * n + i), dii);
      store<f64>(el(p, i), load<f64>(el(p, i)) + acc + dii * vi);
    }
    // w = τ·p − (τ²/2)(pᵀv)·v, in place in p; then (v, w) becomes the pending update
    let pvDot: f64 = 0;
    for (let i = o; i < n; i++) {
      const pi = t * load<f64>(el(p, i));
      store<f64>(el(p, i), pi);
      pvDot += pi * load<f64>(el(vCur, i));
    }
    const half = 0.5 * t * pvDot;
    for (let i = o; i < n; i++) store<f64>(el(p, i), load<f64>(el(p, i)) - half * load<f64>(el(vCur, i)));
    const fv = vPrev, fw = wPrev;
    vPrev = vCur;
    wPrev = p;
    vCur = fv;
    p = fw;
  }
}

/**
 * One row of the fused pass: x_c = row_c − (pv·w'_c + pw·v'_c) stored back, returns Σ x_c·v_c, and
 * p_c += x_c·vi — over c < len, f64x2.
 */
function rowPass(row: usize, len: i32, pv: f64, wp: usize, pw: f64, vp: usize, v: usize, vi: f64, p: usize): f64 {
  const spv = f64x2.splat(pv);
  const spw = f64x2.splat(pw);
  const svi = f64x2.splat(vi);
  let acc = f64x2.splat(0);
  let k: i32 = 0;
  for (; k + 2 <= len; k += 2) {
    const off = <usize>k << 3;
    const x = f64x2.sub(v128.load(row + off), f64x2.add(f64x2.mul(spv, v128.load(wp + off)), f64x2.mul(spw, v128.load(vp + off))));
    v128.store(row + off, x);
    acc = f64x2.add(acc, f64x2.mul(x, v128.load(v + off)));
    v128.store(p + off, f64x2.add(v128.load(p + off), f64x2.mul(x, svi)));
  }
  let s = f64x2.extract_lane(acc, 0) + f64x2.extract_lane(acc, 1);
  if (k < len) {
    const off = <usize>k << 3;
    const x = load<f64>(row + off) - (pv * load<f64>(wp + off) + pw * load<f64>(vp + off));
    store<f64>(row + off, x);
    s += x * load<f64>(v + off);
    store<f64>(p + off, load<f64>(p + off) + x * vi);
  }
  return s;
}
