// Vector helpers shared by the WASM reductions (bidiagonal.ts, tridiagonal.ts): f64x2 inner loops,
// scalar tail. Pointers are byte addresses into the shared memory.

@inline export function el(p: usize, i: i32): usize {
  return p + (<usize>i << 3);
}

/** y[0:len] += alpha·x[0:len] */
export function axpy(y: usize, x: usize, alpha: f64, len: i32): void {
  const va = f64x2.splat(alpha);
  let k: i32 = 0;
  for (; k + 2 <= len; k += 2) {
    const o = <usize>k << 3;
    v128.store(y + o, f64x2.add(v128.load(y + o), f64x2.mul(va, v128.load(x + o))));
  }
  if (k < len) {
    const o = <usize>k << 3;
    store<f64>(y + o, load<f64>(y + o) + alpha * load<f64>(x + o));
  }
}

/** Σ x[k]·y[k] over k < len. */
export function dot(x: usize, y: usize, len: i32): f64 {
  let acc = f64x2.splat(0);
  let k: i32 = 0;
  for (; k + 2 <= len; k += 2) {
    const o = <usize>k << 3;
    acc = f64x2.add(acc, f64x2.mul(v128.load(x + o), v128.load(y + o)));
  }
  let s = f64x2.extract_lane(acc, 0) + f64x2.extract_lane(acc, 1);
  if (k < len) {
    const o = <usize>k << 3;
    s += load<f64>(x + o) * load<f64>(y + o);
  }
  return s;
}
