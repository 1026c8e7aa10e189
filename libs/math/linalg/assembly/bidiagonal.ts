// AssemblyScript: Householder bidiagonalisation of a row-major m×n matrix (m ≥ n), in place, the same
// algorithm as bidiagonalize() in src/svd-golub-kahan.ts (two passes per step, left then right
// reflector per row while it is in cache) with f64x2 dot/axpy inner loops. The matrix stays resident
// in WASM memory for the whole reduction. Pointers are byte addresses; d, e, tauL, tauR have n entries,
// w has n entries of scratch.
import { axpy, dot, el } from './vector';

/** Householder pair for x = [x0, rest] with ‖rest‖² = ss (dlarfg): τ → tau, β → beta; returns τ (0: H = I). */
@inline function reflector(x0: f64, ss: f64, tau: usize, beta: usize): f64 {
  let t: f64 = 0;
  let b: f64 = x0;
  if (ss != 0) {
    const norm = Math.sqrt(x0 * x0 + ss);
    b = x0 >= 0 ? -norm : norm;
    t = (b - x0) / b;
  }
  store<f64>(tau, t);
  store<f64>(beta, b);
  return t;
}

/** Right reflector from row j (contiguous, unit at j+1, vector scaled into a[j, j+2:]): τ_R → tauR[j], β → e[j]. */
function rightReflector(a: usize, n: i32, j: i32, tauR: usize, e: usize): f64 {
  const rj = j * n;
  const len2 = n - j - 2;
  const y0 = load<f64>(el(a, rj + j + 1));
  const tr = reflector(y0, len2 > 0 ? dot(el(a, rj + j + 2), el(a, rj + j + 2), len2) : 0, el(tauR, j), el(e, j));
  if (tr != 0) {
    const inv = 1 / (y0 - load<f64>(el(e, j)));
    for (let c = j + 2; c < n; c++) store<f64>(el(a, rj + c), load<f64>(el(a, rj + c)) * inv);
  }
  return tr;
}

/** Row i (offset ri) ← row i·H_R with step j's right reflector (τ = tr, vector in row j from j+1). */
@inline function applyRight(a: usize, n: i32, j: i32, ri: i32, tr: f64): void {
  const rj = j * n;
  const len2 = n - j - 2;
  const s = tr * (load<f64>(el(a, ri + j + 1)) + (len2 > 0 ? dot(el(a, ri + j + 2), el(a, rj + j + 2), len2) : 0));
  if (s == 0) return;
  store<f64>(el(a, ri + j + 1), load<f64>(el(a, ri + j + 1)) - s);
  if (len2 > 0) axpy(el(a, ri + j + 2), el(a, rj + j + 2), -s, len2);
}

export function bidiagonalize(a: usize, m: i32, n: i32, d: usize, e: usize, tauL: usize, tauR: usize, w: usize): void {
  for (let j: i32 = 0; j < n; j++) {
    const rj = j * n;
    // left reflector from column j (strided)
    let ss: f64 = 0;
    for (let i = j + 1; i < m; i++) {
      const v = load<f64>(el(a, i * n + j));
      ss += v * v;
    }
    const x0 = load<f64>(el(a, rj + j));
    const tl = reflector(x0, ss, el(tauL, j), el(d, j));
    const len = n - j - 1;
    if (tl != 0) {
      const inv = 1 / (x0 - load<f64>(el(d, j)));
      for (let i = j + 1; i < m; i++) store<f64>(el(a, i * n + j), load<f64>(el(a, i * n + j)) * inv);
      memory.copy(el(w, j + 1), el(a, rj + j + 1), <usize>len << 3);
      for (let i = j + 1; i < m; i++) {
        const vi = load<f64>(el(a, i * n + j));
        if (vi != 0) axpy(el(w, j + 1), el(a, i * n + j + 1), vi, len);
      }
      for (let c = j + 1; c < n; c++) {
        const wc = load<f64>(el(w, c)) * tl;
        store<f64>(el(w, c), wc);
        store<f64>(el(a, rj + c), load<f64>(el(a, rj + c)) - wc);
      }
    }
    if (j >= n - 1) break;
    const tr = rightReflector(a, n, j, tauR, e);
    for (let i = j + 1; i < m; i++) {
      const ri = i * n;
      const vi = tl != 0 ? load<f64>(el(a, ri + j)) : 0;
      if (vi != 0) axpy(el(a, ri + j + 1), el(w, j + 1), -vi, len);
      if (tr != 0) applyRight(a, n, j, ri, tr);
    }
  }
}

// Householder QR leaf for the tall-QR path (src/svd-tall-qr-wasm.ts): unblocked dgeqr2 + dlarfg on
// columns j0..j1−1 of a matrix stored transposed (w: n×m, column j of a is the contiguous row j), the
// update restricted to columns j0..j1−1 (the caller updates the rest by compact WY through GEMM).
// v_j = [1, w[j][j+1:m]], τ_j → tau[j], R_jj → diag[j]; w[j][j] is left as it was.
export function qrLeaf(w: usize, m: i32, j0: i32, j1: i32, tau: usize, diag: usize): void {
  for (let j = j0; j < j1; j++) {
    const row = el(w, j * m);
    const len = m - j - 1;
    const x0 = load<f64>(el(row, j));
    let ss: f64 = len > 0 ? dot(el(row, j + 1), el(row, j + 1), len) : 0;
    let norm = Math.sqrt(x0 * x0 + ss);
    if (ss < 1e-280 || !isFinite(norm)) {
      // squares may have under/overflowed: redo with scaling (or find nothing to annihilate)
      let below: f64 = 0;
      for (let i = j + 1; i < m; i++) below = Math.max(below, Math.abs(load<f64>(el(row, i))));
      if (below == 0) {
        store<f64>(el(tau, j), 0);
        store<f64>(el(diag, j), x0);
        continue;
      }
      const big = Math.max(below, Math.abs(x0));
      let sc: f64 = 0;
      for (let i = j; i < m; i++) {
        const v = load<f64>(el(row, i)) / big;
        sc += v * v;
      }
      norm = big * Math.sqrt(sc);
    }
    const alpha = x0 >= 0 ? -norm : norm;
    const inv = 1 / (x0 - alpha);
    for (let i = j + 1; i < m; i++) store<f64>(el(row, i), load<f64>(el(row, i)) * inv);
    const t = (alpha - x0) / alpha;
    store<f64>(el(tau, j), t);
    store<f64>(el(diag, j), alpha);
    for (let c = j + 1; c < j1; c++) {
      const rc = el(w, c * m);
      const s = t * (load<f64>(el(rc, j)) + (len > 0 ? dot(el(row, j + 1), el(rc, j + 1), len) : 0));
      if (s == 0) continue;
      store<f64>(el(rc, j), load<f64>(el(rc, j)) - s);
      if (len > 0) axpy(el(rc, j + 1), el(row, j + 1), -s, len);
    }
  }
}

// Row y = a[i, j+1:] of the one-pass reduction (len entries; u = a[j, j+1:] with its implied unit at u[0],
// w the left update, z the next step's sums, all from the same offset): y ← y − vi·w, then the right
// reflector y ← y − s·u with s = τ_R·(y·u), then (when `accumulate`) z[1:] += y[0]·y[1:]. Two SIMD loops
// over the row instead of four; the same operations in the same order as axpy/dot/axpy/axpy. Returns y[0].
function updateRow(y: usize, w: usize, u: usize, z: usize, len: i32, vi: f64, tr: f64, accumulate: bool): f64 {
  const y0 = load<f64>(y) - vi * load<f64>(w);
  let dotAcc = f64x2.splat(0);
  const vv = f64x2.splat(-vi);
  let k: i32 = 1;
  // loop 1: left update and the right reflector's dot product (entries 1..len−1)
  for (; k + 2 <= len; k += 2) {
    const o = <usize>k << 3;
    const t = f64x2.add(v128.load(y + o), f64x2.mul(vv, v128.load(w + o)));
    v128.store(y + o, t);
    dotAcc = f64x2.add(dotAcc, f64x2.mul(t, v128.load(u + o)));
  }
  let dt = f64x2.extract_lane(dotAcc, 0) + f64x2.extract_lane(dotAcc, 1);
  if (k < len) {
    const o = <usize>k << 3;
    const t = load<f64>(y + o) - vi * load<f64>(w + o);
    store<f64>(y + o, t);
    dt += t * load<f64>(u + o);
  }
  const s = tr * (y0 + dt);
  const x = y0 - s;
  store<f64>(y, x);
  if (s == 0 && !(accumulate && x != 0)) return x;
  // loop 2: right update and the next column's sums
  const vs = f64x2.splat(-s);
  const vx = f64x2.splat(accumulate ? x : 0);
  for (k = 1; k + 2 <= len; k += 2) {
    const o = <usize>k << 3;
    const t = f64x2.add(v128.load(y + o), f64x2.mul(vs, v128.load(u + o)));
    v128.store(y + o, t);
    v128.store(z + o, f64x2.add(v128.load(z + o), f64x2.mul(vx, t)));
  }
  if (k < len) {
    const o = <usize>k << 3;
    const t = load<f64>(y + o) - s * load<f64>(u + o);
    store<f64>(y + o, t);
    store<f64>(z + o, load<f64>(z + o) + (accumulate ? x : 0) * t);
  }
  return x;
}

// One-pass variant of bidiagonalize() (same reflectors and storage, results equal to rounding): while
// row i is in cache for step j's left and right updates, it also feeds step j+1's left reflector —
// z[c] += a'[i][j+1]·a'[i][c] and the squared norm of column j+1 below the diagonal — so the separate
// read pass that formed w = vᵀA disappears (w = τ·(a[j+1][c] + z[c]/(x0 − β))), and the scaling of the
// left vector is folded into the same pass. One read and one write of the trailing matrix per column
// instead of two reads and a write. w and z are n-entry scratch vectors.
export function bidiagonalizeFused(a: usize, m: i32, n: i32, d: usize, e: usize, tauL: usize, tauR: usize, w: usize, z: usize): void {
  // step 0's column sums
  memory.fill(z, 0, <usize>n << 3);
  let ss: f64 = 0;
  for (let i = 1; i < m; i++) {
    const vi = load<f64>(el(a, i * n));
    ss += vi * vi;
    if (vi != 0 && n > 1) axpy(el(z, 1), el(a, i * n + 1), vi, n - 1);
  }
  for (let j: i32 = 0; j < n; j++) {
    const rj = j * n;
    const x0 = load<f64>(el(a, rj + j));
    const tl = reflector(x0, ss, el(tauL, j), el(d, j));
    const inv: f64 = tl != 0 ? 1 / (x0 - load<f64>(el(d, j))) : 0;
    const len = n - j - 1;
    if (tl != 0) {
      for (let c = j + 1; c < n; c++) {
        const wc = tl * (load<f64>(el(a, rj + c)) + inv * load<f64>(el(z, c)));
        store<f64>(el(w, c), wc);
        store<f64>(el(a, rj + c), load<f64>(el(a, rj + c)) - wc);
      }
    }
    if (j >= n - 1) {
      if (tl != 0) for (let i = j + 1; i < m; i++) store<f64>(el(a, i * n + j), load<f64>(el(a, i * n + j)) * inv);
      break;
    }
    const tr = rightReflector(a, n, j, tauR, e);
    const len2 = n - j - 2;
    if (len2 > 0) memory.fill(el(z, j + 2), 0, <usize>len2 << 3);
    let ssNext: f64 = 0;
    for (let i = j + 1; i < m; i++) {
      const ri = i * n;
      let vi: f64 = 0;
      if (tl != 0) {
        vi = load<f64>(el(a, ri + j)) * inv;
        store<f64>(el(a, ri + j), vi);
      }
      const x = updateRow(el(a, ri + j + 1), el(w, j + 1), el(a, rj + j + 1), el(z, j + 1), len, vi, tr, i > j + 1);
      if (i > j + 1) ssNext += x * x;
    }
    ss = ssNext;
  }
}
