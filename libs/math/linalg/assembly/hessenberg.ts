// AssemblyScript twin of hessenbergInPlace() in src/hessenberg.ts (Householder reduction to upper
// Hessenberg form, EISPACK orthes), matrix resident in WASM memory, every update a contiguous row
// operation on f64x2. Writes Vᵀ (rows = the basis vectors) so the Francis sweeps that follow rotate
// contiguous rows. Pointers are byte addresses; ort and f are n entries of scratch each.
import { axpy, dot, el } from './vector';

export function hessenberg(h: usize, n: i32, vt: usize, ort: usize, f: usize): void {
  const high = n - 1;
  for (let m: i32 = 1; m <= high - 1; m++) {
    let scale: f64 = 0;
    for (let i = m; i <= high; i++) scale += Math.abs(load<f64>(el(h, i * n + m - 1)));
    if (scale == 0) continue;
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
    // H ← (I − u·uᵀ/h)·H on rows m..high: f = uᵀ·H (row axpys), then the rank-1 update row by row.
    memory.fill(el(f, m), 0, <usize>len << 3);
    for (let i = m; i <= high; i++) axpy(el(f, m), el(h, i * n + m), load<f64>(el(ort, i)), len);
    const inv = 1 / hh;
    for (let j = m; j < n; j++) store<f64>(el(f, j), load<f64>(el(f, j)) * inv);
    for (let i = m; i <= high; i++) axpy(el(h, i * n + m), el(f, m), -load<f64>(el(ort, i)), len);
    // H ← H·(I − u·uᵀ/h): each row's dot with u, then an axpy.
    const um = el(ort, m);
    for (let i: i32 = 0; i <= high; i++) {
      const row = el(h, i * n + m);
      axpy(row, um, -dot(row, um, len) * inv, len);
    }
    store<f64>(el(ort, m), load<f64>(el(ort, m)) * scale);
    store<f64>(el(h, m * n + m - 1), scale * g);
  }
  // Accumulate Vᵀ backwards: V ← (I + u·uᵀ/(u_m·h_m))·V is, on Vᵀ, per row j: row += (row·u)/(u_m·h_m)·u.
  memory.fill(vt, 0, <usize>(n * n) << 3);
  for (let i: i32 = 0; i < n; i++) store<f64>(el(vt, i * n + i), 1);
  for (let m = high - 1; m >= 1; m--) {
    const hm = load<f64>(el(h, m * n + m - 1));
    if (hm == 0) continue;
    for (let i = m + 1; i <= high; i++) store<f64>(el(ort, i), load<f64>(el(h, i * n + m - 1)));
    const len = high - m + 1;
    const den = load<f64>(el(ort, m)) * hm;
    const um = el(ort, m);
    for (let j = m; j <= high; j++) {
      const row = el(vt, j * n + m);
      axpy(row, um, dot(row, um, len) / den, len);
    }
  }
  for (let i: i32 = 2; i < n; i++) memory.fill(el(h, i * n), 0, <usize>(i - 1) << 3);
}
