// AssemblyScript twin of secularSvd() in src/bidiagonal-secular.ts (the arrowhead SVD of a bidiagonal
// divide-and-conquer merge: roots of 1 + Σ z_i²/(d_i² − σ²), Gu–Eisenstat ẑ, left and right vectors), the
// loops over the poles on f64x2. Same origin choice, root iteration (secular.ts's rootFrom) and formulas,
// so results agree with the TS solver to rounding. Pointers are byte addresses; pos holds k i32; sigma k
// f64; cu, cv k×k f64 (row j: coefficients of u_j, v_j at columns pos[i]); work is 6k f64.
import { rootFrom } from './secular';
import { el } from './vector';

export function secularSvd(d: usize, z: usize, k: i32, pos: usize, sigma: usize, cu: usize, cv: usize, work: usize): void {
  const wsq = work;
  const delta = wsq + (<usize>k << 3);
  const dorg = delta + (<usize>k << 3);
  const eta = dorg + (<usize>k << 3);
  const zh = eta + (<usize>k << 3);
  const tmp = zh + (<usize>k << 3);
  let wss: f64 = 0;
  for (let i: i32 = 0; i < k; i++) {
    const zi = load<f64>(el(z, i));
    store<f64>(el(wsq, i), zi * zi);
    wss += zi * zi;
  }
  for (let j: i32 = 0; j < k; j++) {
    const dj = load<f64>(el(d, j));
    let o = j;
    if (j < k - 1) {
      const dj1 = load<f64>(el(d, j + 1));
      const mid = 0.5 * (dj1 - dj) * (dj1 + dj);
      if (1 + poleSum(d, wsq, k, dj, mid) < 0) o = j + 1;
    }
    const dO = load<f64>(el(d, o));
    const vo = f64x2.splat(dO);
    let i: i32 = 0;
    for (; i + 2 <= k; i += 2) {
      const di = v128.load(el(d, i));
      v128.store(el(delta, i), f64x2.mul(f64x2.sub(di, vo), f64x2.add(di, vo)));
    }
    for (; i < k; i++) {
      const di = load<f64>(el(d, i));
      store<f64>(el(delta, i), (di - dO) * (di + dO));
    }
    const lo = o == j ? 0 : 0.5 * load<f64>(el(delta, j));
    const hi = o == j ? (j == k - 1 ? wss : 0.5 * load<f64>(el(delta, j + 1))) : 0;
    const tau = k == 1 ? wss : rootFrom(delta, wsq, k, j, lo, hi);
    const e = tau / (dO + Math.sqrt(max<f64>(0, dO * dO + tau)));
    store<f64>(el(dorg, j), dO);
    store<f64>(el(eta, j), e);
    store<f64>(el(sigma, j), dO + e);
  }
  // ẑ_i² = −(d_i² − σ_i²)·Π_{j≠i} (d_i² − σ_j²)/(d_i² − d_j²), two products per lane
  for (let i: i32 = 0; i < k; i++) {
    const di = load<f64>(el(d, i));
    const vd = f64x2.splat(di);
    let p = -diff(di, load<f64>(el(dorg, i)), load<f64>(el(eta, i)), load<f64>(el(sigma, i)));
    let vp = f64x2.splat(1);
    let j: i32 = 0;
    for (; j + 2 <= k; j += 2) {
      if (j == i || j + 1 == i) {
        for (let q = j; q < j + 2; q++) if (q != i) p *= ratio(di, d, dorg, eta, sigma, q);
        continue;
      }
      const dj = v128.load(el(d, j));
      const num = f64x2.mul(f64x2.sub(f64x2.sub(vd, v128.load(el(dorg, j))), v128.load(el(eta, j))), f64x2.add(vd, v128.load(el(sigma, j))));
      vp = f64x2.mul(vp, f64x2.div(num, f64x2.mul(f64x2.sub(vd, dj), f64x2.add(vd, dj))));
    }
    for (; j < k; j++) if (j != i) p *= ratio(di, d, dorg, eta, sigma, j);
    p *= f64x2.extract_lane(vp, 0) * f64x2.extract_lane(vp, 1);
    const s = Math.sqrt(max<f64>(p, 0));
    store<f64>(el(zh, i), load<f64>(el(z, i)) >= 0 ? s : -s);
  }
  // v_j ∝ ẑ_i/(d_i² − σ_j²), u_j ∝ (−1, d_i·ẑ_i/(d_i² − σ_j²))
  for (let j: i32 = 0; j < k; j++) {
    const vo = f64x2.splat(load<f64>(el(dorg, j)));
    const ve = f64x2.splat(load<f64>(el(eta, j)));
    const vs = f64x2.splat(load<f64>(el(sigma, j)));
    let sv = f64x2.splat(0);
    let su = f64x2.splat(0);
    let i: i32 = 0;
    for (; i + 2 <= k; i += 2) {
      const di = v128.load(el(d, i));
      const v = f64x2.div(v128.load(el(zh, i)), f64x2.mul(f64x2.sub(f64x2.sub(di, vo), ve), f64x2.add(di, vs)));
      v128.store(el(tmp, i), v);
      sv = f64x2.add(sv, f64x2.mul(v, v));
      const dv = f64x2.mul(di, v);
      su = f64x2.add(su, f64x2.mul(dv, dv));
    }
    let ssv = f64x2.extract_lane(sv, 0) + f64x2.extract_lane(sv, 1);
    let ssu = f64x2.extract_lane(su, 0) + f64x2.extract_lane(su, 1);
    for (; i < k; i++) {
      const di = load<f64>(el(d, i));
      const v = load<f64>(el(zh, i)) / diff(di, load<f64>(el(dorg, j)), load<f64>(el(eta, j)), load<f64>(el(sigma, j)));
      store<f64>(el(tmp, i), v);
      ssv += v * v;
      ssu += di * v * (di * v);
    }
    // d_0 = 0, so i = 0 added nothing to ssu; its u entry is −1
    ssu += 1;
    const iv = 1 / Math.sqrt(ssv);
    const iu = 1 / Math.sqrt(ssu);
    const ru = cu + (<usize>(j * k) << 3);
    const rv = cv + (<usize>(j * k) << 3);
    for (let q: i32 = 0; q < k; q++) {
      const c = load<i32>(pos + (<usize>q << 2));
      const v = load<f64>(el(tmp, q));
      store<f64>(el(rv, c), v * iv);
      store<f64>(el(ru, c), q == 0 ? -iu : load<f64>(el(d, q)) * v * iu);
    }
  }
}

/** d_i² − σ_j² = ((d_i − d_o) − η_j)·(d_i + σ_j) */
@inline function diff(di: f64, dO: f64, e: f64, s: f64): f64 {
  return (di - dO - e) * (di + s);
}

@inline function ratio(di: f64, d: usize, dorg: usize, eta: usize, sigma: usize, j: i32): f64 {
  const dj = load<f64>(el(d, j));
  return diff(di, load<f64>(el(dorg, j)), load<f64>(el(eta, j)), load<f64>(el(sigma, j))) / ((di - dj) * (di + dj));
}

/** Σ wsq_i/((d_i − d_j)(d_i + d_j) − t) */
function poleSum(d: usize, wsq: usize, k: i32, dj: f64, t: f64): f64 {
  const vj = f64x2.splat(dj);
  const vt = f64x2.splat(t);
  let s = f64x2.splat(0);
  let i: i32 = 0;
  for (; i + 2 <= k; i += 2) {
    const di = v128.load(el(d, i));
    s = f64x2.add(s, f64x2.div(v128.load(el(wsq, i)), f64x2.sub(f64x2.mul(f64x2.sub(di, vj), f64x2.add(di, vj)), vt)));
  }
  let r = f64x2.extract_lane(s, 0) + f64x2.extract_lane(s, 1);
  for (; i < k; i++) {
    const di = load<f64>(el(d, i));
    r += load<f64>(el(wsq, i)) / ((di - dj) * (di + dj) - t);
  }
  return r;
}
