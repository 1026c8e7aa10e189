// AssemblyScript: Householder bidiagonalisation of a row-major m×n matrix (m ≥ n), in place, the same
// algorithm as bidiagonalize() in src/svd-golub-kahan.ts (two passes per step, left then right
// reflector per row while it is in cache) with f64x2 dot/axpy inner loops. The matrix stays resident
// in WASM memory for the whole reduction. Pointers are byte addresses; d, e, tauL, tauR have n entries,
// w has n entries of scratch.
import { axpy, dot, el } from './vector';

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
    let tl: f64 = 0;
    let bl: f64 = x0;
    if (ss != 0) {
      const norm = Math.sqrt(x0 * x0 + ss);
      bl = x0 >= 0 ? -norm : norm;
      tl = (bl - x0) / bl;
    }
    store<f64>(el(tauL, j), tl);
    store<f64>(el(d, j), bl);
    const len = n - j - 1;
    if (tl != 0) {
      const inv = 1 / (x0 - bl);
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
    // right reflector from row j (contiguous)
    const len2 = n - j - 2;
    ss = len2 > 0 ? dot(el(a, rj + j + 2), el(a, rj + j + 2), len2) : 0;
    const y0 = load<f64>(el(a, rj + j + 1));
    let tr: f64 = 0;
    let br: f64 = y0;
    if (ss != 0) {
      const norm = Math.sqrt(y0 * y0 + ss);
      br = y0 >= 0 ? -norm : norm;
      tr = (br - y0) / br;
    }
    store<f64>(el(tauR, j), tr);
    store<f64>(el(e, j), br);
    if (tr != 0) {
      const inv = 1 / (y0 - br);
      for (let c = j + 2; c < n; c++) store<f64>(el(a, rj + c), load<f64>(el(a, rj + c)) * inv);
    }
    for (let i = j + 1; i < m; i++) {
      const ri = i * n;
      const vi = tl != 0 ? load<f64>(el(a, ri + j)) : 0;
      if (vi != 0) axpy(el(a, ri + j + 1), el(w, j + 1), -vi, len);
      if (tr == 0) continue;
      const dt = load<f64>(el(a, ri + j + 1)) + (len2 > 0 ? dot(el(a, ri + j + 2), el(a, rj + j + 2), len2) : 0);
      const s = tr * dt;
      if (s == 0) continue;
      store<f64>(el(a, ri + j + 1), load<f64>(el(a, ri + j + 1)) - s);
      if (len2 > 0) axpy(el(a, ri + j + 2), el(a, rj + j + 2), -s, len2);
    }
  }
}
