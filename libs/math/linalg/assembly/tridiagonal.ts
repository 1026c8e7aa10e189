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
