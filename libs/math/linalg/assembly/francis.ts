// AssemblyScript twin of schur() in src/eig.ts: Francis double-shift QR of an upper Hessenberg H to real
// Schur form (EISPACK hqr2 as in JAMA), H and Vᵀ resident in WASM memory. The row updates of H and of
// Vᵀ are contiguous and run on f64x2; the column update of H (3 entries per row) stays scalar.
// Returns ‖H‖ (the hqr2 norm) or −1 − n when eigenvalue n did not converge within maxTotal sweeps.
import { axpy, dot, el } from './vector';

let gH: usize = 0;
let gN: i32 = 0;

@inline function hp(i: i32, j: i32): usize {
  return gH + (<usize>(i * gN + j) << 3);
}
@inline function hg(i: i32, j: i32): f64 {
  return load<f64>(hp(i, j));
}
@inline function hs(i: i32, j: i32, v: f64): void {
  store<f64>(hp(i, j), v);
}

/** With p = a0·r0 + a1·r1 + a2·r2 per column: r0 −= p·b0, r1 −= p·b1, r2 −= p·b2 over len columns. */
function reflect3(r0: usize, r1: usize, r2: usize, len: i32, a0: f64, a1: f64, a2: f64, b0: f64, b1: f64, b2: f64): void {
  const va0 = f64x2.splat(a0), va1 = f64x2.splat(a1), va2 = f64x2.splat(a2);
  const vb0 = f64x2.splat(b0), vb1 = f64x2.splat(b1), vb2 = f64x2.splat(b2);
  let k: i32 = 0;
  for (; k + 2 <= len; k += 2) {
    const o = <usize>k << 3;
    const x0 = v128.load(r0 + o), x1 = v128.load(r1 + o), x2 = v128.load(r2 + o);
    const p = f64x2.add(f64x2.add(f64x2.mul(va0, x0), f64x2.mul(va1, x1)), f64x2.mul(va2, x2));
    v128.store(r0 + o, f64x2.sub(x0, f64x2.mul(p, vb0)));
    v128.store(r1 + o, f64x2.sub(x1, f64x2.mul(p, vb1)));
    v128.store(r2 + o, f64x2.sub(x2, f64x2.mul(p, vb2)));
  }
  if (k < len) {
    const o = <usize>k << 3;
    const x0 = load<f64>(r0 + o), x1 = load<f64>(r1 + o), x2 = load<f64>(r2 + o);
    const p = a0 * x0 + a1 * x1 + a2 * x2;
    store<f64>(r0 + o, x0 - p * b0);
    store<f64>(r1 + o, x1 - p * b1);
    store<f64>(r2 + o, x2 - p * b2);
  }
}

/** Two-row version of reflect3. */
function reflect2(r0: usize, r1: usize, len: i32, a0: f64, a1: f64, b0: f64, b1: f64): void {
  const va0 = f64x2.splat(a0), va1 = f64x2.splat(a1);
  const vb0 = f64x2.splat(b0), vb1 = f64x2.splat(b1);
  let k: i32 = 0;
  for (; k + 2 <= len; k += 2) {
    const o = <usize>k << 3;
    const x0 = v128.load(r0 + o), x1 = v128.load(r1 + o);
    const p = f64x2.add(f64x2.mul(va0, x0), f64x2.mul(va1, x1));
    v128.store(r0 + o, f64x2.sub(x0, f64x2.mul(p, vb0)));
    v128.store(r1 + o, f64x2.sub(x1, f64x2.mul(p, vb1)));
  }
  if (k < len) {
    const o = <usize>k << 3;
    const x0 = load<f64>(r0 + o), x1 = load<f64>(r1 + o);
    const p = a0 * x0 + a1 * x1;
    store<f64>(r0 + o, x0 - p * b0);
    store<f64>(r1 + o, x1 - p * b1);
  }
}

/** Plane rotation of two contiguous rows: r0 ← q·r0 + p·r1, r1 ← q·r1 − p·r0. */
function rotate2(r0: usize, r1: usize, len: i32, q: f64, p: f64): void {
  for (let k: i32 = 0; k < len; k++) {
    const o = <usize>k << 3;
    const z = load<f64>(r0 + o);
    const w = load<f64>(r1 + o);
    store<f64>(r0 + o, q * z + p * w);
    store<f64>(r1 + o, q * w - p * z);
  }
}

export function francis(h: usize, vt: usize, nn: i32, d: usize, e: usize, maxTotal: i32, aedWork: usize): f64 {
  gH = h;
  gN = nn;
  const eps: f64 = 2.220446049250313e-16;
  let exshift: f64 = 0;
  let p: f64 = 0, q: f64 = 0, r: f64 = 0, s: f64 = 0, z: f64 = 0, w: f64 = 0, x: f64 = 0, y: f64 = 0;
  let norm: f64 = 0;
  for (let i: i32 = 0; i < nn; i++) for (let j = max(i - 1, 0); j < nn; j++) norm += Math.abs(hg(i, j));
  let n = nn - 1;
  let iter: i32 = 0;
  let total: i32 = 0;
  while (n >= 0) {
    let l = n;
    while (l > 0) {
      s = Math.abs(hg(l - 1, l - 1)) + Math.abs(hg(l, l));
      if (s == 0) s = norm;
      if (Math.abs(hg(l, l - 1)) <= eps * s) break; // ≤: an exact zero deflates even when s = norm = 0
      l--;
    }
    if (l == n) {
      hs(n, n, hg(n, n) + exshift);
      store<f64>(el(d, n), hg(n, n));
      store<f64>(el(e, n), 0);
      n--;
      iter = 0;
    } else if (l == n - 1) {
      w = hg(n, n - 1) * hg(n - 1, n);
      p = (hg(n - 1, n - 1) - hg(n, n)) / 2;
      q = p * p + w;
      z = Math.sqrt(Math.abs(q));
      hs(n, n, hg(n, n) + exshift);
      hs(n - 1, n - 1, hg(n - 1, n - 1) + exshift);
      x = hg(n, n);
      if (q >= 0) {
        z = p >= 0 ? p + z : p - z;
        const dn1 = x + z;
        store<f64>(el(d, n - 1), dn1);
        store<f64>(el(d, n), z != 0 ? x - w / z : dn1);
        store<f64>(el(e, n - 1), 0);
        store<f64>(el(e, n), 0);
        x = hg(n, n - 1);
        s = Math.abs(x) + Math.abs(z);
        p = x / s;
        q = z / s;
        r = Math.sqrt(p * p + q * q);
        p /= r;
        q /= r;
        rotate2(hp(n - 1, n - 1), hp(n, n - 1), nn - n + 1, q, p);
        for (let i: i32 = 0; i <= n; i++) {
          z = hg(i, n - 1);
          hs(i, n - 1, q * z + p * hg(i, n));
          hs(i, n, q * hg(i, n) - p * z);
        }
        rotate2(el(vt, (n - 1) * nn), el(vt, n * nn), nn, q, p);
      } else {
        store<f64>(el(d, n - 1), x + p);
        store<f64>(el(d, n), x + p);
        store<f64>(el(e, n - 1), z);
        store<f64>(el(e, n), -z);
      }
      n -= 2;
      iter = 0;
    } else {
      x = hg(n, n);
      y = 0;
      w = 0;
      if (l < n) {
        y = hg(n - 1, n - 1);
        w = hg(n, n - 1) * hg(n - 1, n);
      }
      if (iter == 10) {
        exshift += x;
        for (let i: i32 = 0; i <= n; i++) hs(i, i, hg(i, i) - x);
        s = Math.abs(hg(n, n - 1)) + Math.abs(hg(n - 1, n - 2));
        x = y = 0.75 * s;
        w = -0.4375 * s * s;
      }
      if (iter == 30) {
        s = (y - x) / 2;
        s = s * s + w;
        if (s > 0) {
          s = Math.sqrt(s);
          if (y < x) s = -s;
          s = x - w / ((y - x) / 2 + s);
          for (let i: i32 = 0; i <= n; i++) hs(i, i, hg(i, i) - s);
          exshift += s;
          x = y = w = 0.964;
        }
      }
      if (aedWork != 0 && n - l + 1 >= AED_MIN) {
        aedShifts = false;
        if (earlyDeflation(h, vt, nn, l, n, aedWork) > 0) continue;
        if (aedShifts && iter != 10 && iter != 30) {
          // the window's bottom eigenvalue(s) as the double shift: x + y = σ1 + σ2, x·y − w = σ1·σ2
          x = aedX;
          y = aedY;
          w = aedW;
        }
      }
      iter++;
      if (++total > maxTotal) return -1 - <f64>n;
      let m = n - 2;
      while (m >= l) {
        z = hg(m, m);
        r = x - z;
        s = y - z;
        p = (r * s - w) / hg(m + 1, m) + hg(m, m + 1);
        q = hg(m + 1, m + 1) - z - r - s;
        r = hg(m + 2, m + 1);
        s = Math.abs(p) + Math.abs(q) + Math.abs(r);
        p /= s;
        q /= s;
        r /= s;
        if (m == l) break;
        if (Math.abs(hg(m, m - 1)) * (Math.abs(q) + Math.abs(r)) <
          eps * (Math.abs(p) * (Math.abs(hg(m - 1, m - 1)) + Math.abs(z) + Math.abs(hg(m + 1, m + 1))))) break;
        m--;
      }
      for (let i = m + 2; i <= n; i++) {
        hs(i, i - 2, 0);
        if (i > m + 2) hs(i, i - 3, 0);
      }
      for (let k = m; k <= n - 1; k++) {
        const notlast = k != n - 1;
        if (k != m) {
          p = hg(k, k - 1);
          q = hg(k + 1, k - 1);
          r = notlast ? hg(k + 2, k - 1) : 0;
          x = Math.abs(p) + Math.abs(q) + Math.abs(r);
          if (x == 0) continue;
          p /= x;
          q /= x;
          r /= x;
        }
        s = Math.sqrt(p * p + q * q + r * r);
        if (p < 0) s = -s;
        if (s == 0) continue;
        if (k != m) hs(k, k - 1, -s * x);
        else if (l != m) hs(k, k - 1, -hg(k, k - 1));
        p += s;
        x = p / s;
        y = q / s;
        z = r / s;
        q /= p;
        r /= p;
        const iMax = min(n, k + 3);
        if (notlast) {
          reflect3(hp(k, k), hp(k + 1, k), hp(k + 2, k), nn - k, 1, q, r, x, y, z);
          for (let i: i32 = 0; i <= iMax; i++) {
            const a = hp(i, k);
            const h0 = load<f64>(a), h1 = load<f64>(a, 8), h2 = load<f64>(a, 16);
            const pp = x * h0 + y * h1 + z * h2;
            store<f64>(a, h0 - pp);
            store<f64>(a, h1 - pp * q, 8);
            store<f64>(a, h2 - pp * r, 16);
          }
          reflect3(el(vt, k * nn), el(vt, (k + 1) * nn), el(vt, (k + 2) * nn), nn, x, y, z, 1, q, r);
        } else {
          reflect2(hp(k, k), hp(k + 1, k), nn - k, 1, q, x, y);
          for (let i: i32 = 0; i <= iMax; i++) {
            const a = hp(i, k);
            const h0 = load<f64>(a), h1 = load<f64>(a, 8);
            const pp = x * h0 + y * h1;
            store<f64>(a, h0 - pp);
            store<f64>(a, h1 - pp * q, 8);
          }
          reflect2(el(vt, k * nn), el(vt, (k + 1) * nn), nn, x, y, 1, q);
        }
      }
    }
  }
  return norm;
}

/** Σ x[k]·y[k], k < len: the inner products of eig's back-substitution, run on matrices placed in this memory. */
export function dotRows(x: usize, y: usize, len: i32): f64 {
  return dot(x, y, len);
}

// Shifts from the last early-deflation window that deflated nothing (set by earlyDeflation).
let aedShifts = false;
let aedX: f64 = 0;
let aedY: f64 = 0;
let aedW: f64 = 0;

/** Active blocks from this size try aggressive early deflation before each sweep, on a window of AED_W rows. */
const AED_MIN: i32 = 48;
const AED_W: i32 = 16;

/** Bytes of scratch francis needs for early deflation at matrix size nn (0 disables it). */
export function aedWorkBytes(nn: i32): usize {
  return <usize>(3 * AED_W * AED_W + 2 * AED_W + AED_W * nn + nn) << 3;
}

/**
 * Aggressive early deflation (Braman, Byers & Mathias 2002; LAPACK dlaqr3 without reordering): the
 * trailing w×w window of the active block l..n is brought to real Schur form T = Uᵀ·H_w·U by a nested
 * francis; the coupling H[kw][kw−1] then becomes the spike s·U[0, :], and eigenvalues at the bottom of T
 * whose spike entries are negligible are deflated (their spike set to zero). When any are, U is applied
 * to the rest of H and to Vᵀ, and the undeflated top of the window (now with a full spike column) is
 * reduced back to Hessenberg form by Householder reflectors, also applied to H and Vᵀ. Returns the
 * number deflated (then H is left with exact zeros at their subdiagonals), 0 leaving H untouched.
 */
function earlyDeflation(h: usize, vt: usize, nn: i32, l: i32, n: i32, work: usize): i32 {
  const eps: f64 = 2.220446049250313e-16;
  const w = min(AED_W, n - l);
  const kw = n - w + 1;
  const t = work;
  const ut = t + (<usize>(w * w) << 3);
  const dw = ut + (<usize>(w * w) << 3);
  const ew = dw + (<usize>w << 3);
  const tmp = ew + (<usize>w << 3); // w·nn + nn
  for (let i: i32 = 0; i < w; i++) memory.copy(el(t, i * w), el(h, (kw + i) * nn + kw), <usize>w << 3);
  memory.fill(ut, 0, <usize>(w * w) << 3);
  for (let i: i32 = 0; i < w; i++) store<f64>(el(ut, i * w + i), 1);
  const ok = francis(t, ut, w, dw, ew, 40 * w, 0) >= 0;
  gH = h;
  gN = nn;
  if (!ok) return 0;
  // clean T: nothing below the subdiagonal, subdiagonal only inside complex pairs' blocks
  for (let i: i32 = 1; i < w; i++) {
    memory.fill(el(t, i * w), 0, <usize>(i - 1) << 3);
    if (!(load<f64>(el(ew, i - 1)) > 0)) store<f64>(el(t, i * w + i - 1), 0);
  }
  const s0 = hg(kw, kw - 1);
  let nd: i32 = 0;
  let j = w - 1;
  while (j >= 0) {
    const tjj = Math.abs(load<f64>(el(t, j * w + j)));
    if (load<f64>(el(ew, j)) == 0) {
      if (Math.abs(s0 * load<f64>(el(ut, j * w))) > eps * tjj) break;
      nd += 1;
      j -= 1;
    } else {
      if (j == 0) break;
      const foo = tjj + Math.sqrt(Math.abs(load<f64>(el(t, j * w + j - 1)))) * Math.sqrt(Math.abs(load<f64>(el(t, (j - 1) * w + j))));
      if (max(Math.abs(s0 * load<f64>(el(ut, j * w))), Math.abs(s0 * load<f64>(el(ut, (j - 1) * w)))) > eps * foo) break;
      nd += 2;
      j -= 2;
    }
  }
  if (nd == 0) {
    // no deflation: offer T's bottom eigenvalues (a window's Ritz values, better than the trailing 2×2's) as shifts
    const tb = load<f64>(el(t, w * w - 1));
    if (load<f64>(el(ew, w - 1)) == 0) {
      aedX = tb;
      aedY = load<f64>(el(ew, w - 2)) == 0 ? load<f64>(el(t, (w - 2) * w + w - 2)) : tb;
      aedW = 0;
    } else {
      const re = load<f64>(el(dw, w - 1));
      const im = load<f64>(el(ew, w - 1));
      aedX = re;
      aedY = re;
      aedW = -im * im;
    }
    aedShifts = true;
    return 0;
  }
  const nu = w - nd;
  // window ← T, its coupling column ← spike (zero where deflated)
  for (let i: i32 = 0; i < w; i++) {
    memory.copy(hp(kw + i, kw), el(t, i * w), <usize>w << 3);
    hs(kw + i, kw - 1, i < nu ? s0 * load<f64>(el(ut, i * w)) : 0);
  }
  // rows above: H[r, kw:n+1] ← H[r, kw:n+1]·U, entry j = row·(column j of U) = row·(row j of Uᵀ)
  for (let r: i32 = 0; r < kw; r++) {
    memory.copy(tmp, hp(r, kw), <usize>w << 3);
    for (let jj: i32 = 0; jj < w; jj++) hs(r, kw + jj, dot(tmp, el(ut, jj * w), w));
  }
  // rows kw..n of H right of the block and of Vᵀ: ← Uᵀ·rows
  leftMultiply(hp(kw, n + 1), nn, nn - n - 1, ut, w, tmp);
  leftMultiply(el(vt, kw * nn), nn, nn, ut, w, tmp);
  // back to Hessenberg form on rows/columns kw..kw+nu−1 (column kw−1 holds the spike)
  const end = kw + nu - 1; // last undeflated row
  for (let c = kw - 1; c <= end - 2; c++) {
    const len = end - c; // entries c+1..end of column c
    let ss: f64 = 0;
    for (let i = c + 2; i <= end; i++) ss += hg(i, c) * hg(i, c);
    if (ss == 0) continue;
    const x0 = hg(c + 1, c);
    const nrm = Math.sqrt(x0 * x0 + ss);
    const beta = x0 >= 0 ? -nrm : nrm;
    const tau = (beta - x0) / beta;
    const inv = 1 / (x0 - beta);
    const v = tmp; // v[0] = 1 at row c+1
    store<f64>(v, 1);
    for (let i = c + 2; i <= end; i++) {
      store<f64>(el(v, i - c - 1), hg(i, c) * inv);
      hs(i, c, 0);
    }
    hs(c + 1, c, beta);
    const f = el(tmp, nn); // scratch beyond v
    // left: rows c+1..end, columns c+1..nn−1
    reflectRows(hp(c + 1, c + 1), nn, nn - c - 1, v, len, tau, f);
    // right: rows 0..end, columns c+1..end: row −= τ·(row·v)·vᵀ
    for (let r: i32 = 0; r <= end; r++) {
      const row = hp(r, c + 1);
      axpy(row, v, -tau * dot(row, v, len), len);
    }
    reflectRows(el(vt, (c + 1) * nn), nn, nn, v, len, tau, f);
  }
  return nd;
}

/** rows (count × len, stride ld) ← Uᵀ·rows with U = (ut)ᵀ, ut count×count: row j ← Σ_i ut[j][i]·row_i. tmp: count·len f64. */
function leftMultiply(rows: usize, ld: i32, len: i32, ut: usize, count: i32, tmp: usize): void {
  if (len <= 0) return;
  for (let i: i32 = 0; i < count; i++) memory.copy(el(tmp, i * len), rows + (<usize>(i * ld) << 3), <usize>len << 3);
  for (let jj: i32 = 0; jj < count; jj++) {
    const row = rows + (<usize>(jj * ld) << 3);
    memory.fill(row, 0, <usize>len << 3);
    for (let i: i32 = 0; i < count; i++) axpy(row, el(tmp, i * len), load<f64>(el(ut, jj * count + i)), len);
  }
}

/** (I − τ·v·vᵀ)·rows for `count` rows of length len (stride ld): f = vᵀ·rows, then row_i −= τ·v_i·f. f: len f64. */
function reflectRows(rows: usize, ld: i32, len: i32, v: usize, count: i32, tau: f64, f: usize): void {
  memory.fill(f, 0, <usize>len << 3);
  for (let i: i32 = 0; i < count; i++) axpy(f, rows + (<usize>(i * ld) << 3), load<f64>(el(v, i)), len);
  for (let i: i32 = 0; i < count; i++) axpy(rows + (<usize>(i * ld) << 3), f, -tau * load<f64>(el(v, i)), len);
}
