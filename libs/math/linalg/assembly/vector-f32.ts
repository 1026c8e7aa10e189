// AssemblyScript level-1 kernels on f32 (dot, axpy, sum of squares): f32x4 inner loops, scalar tail.
// dotF32 accumulates in f32 like BLAS sdot (two f32x4 accumulators: 8 partial sums); sumSquaresF32
// widens to f64 before squaring, so it neither overflows nor underflows for any finite f32 (the square
// of an f32 is exact in f64) — nrm2 needs no scaling pass. Pointers are byte addresses.

/** Σ x[k]·y[k] over k < len, accumulated in f32. */
export function dotF32(x: usize, y: usize, len: i32): f32 {
  let acc0 = f32x4.splat(0), acc1 = f32x4.splat(0);
  let k: i32 = 0;
  for (; k + 8 <= len; k += 8) {
    const o = <usize>k << 2;
    acc0 = f32x4.add(acc0, f32x4.mul(v128.load(x + o), v128.load(y + o)));
    acc1 = f32x4.add(acc1, f32x4.mul(v128.load(x + o, 16), v128.load(y + o, 16)));
  }
  for (; k + 4 <= len; k += 4) {
    const o = <usize>k << 2;
    acc0 = f32x4.add(acc0, f32x4.mul(v128.load(x + o), v128.load(y + o)));
  }
  const acc = f32x4.add(acc0, acc1);
  let s = (f32x4.extract_lane(acc, 0) + f32x4.extract_lane(acc, 1)) + (f32x4.extract_lane(acc, 2) + f32x4.extract_lane(acc, 3));
  for (; k < len; k++) {
    const o = <usize>k << 2;
    s += load<f32>(x + o) * load<f32>(y + o);
  }
  return s;
}

/** y[0:len] += alpha·x[0:len] (each element rounded once to f32 after the multiply and once after the add). */
export function axpyF32(y: usize, x: usize, alpha: f32, len: i32): void {
  const va = f32x4.splat(alpha);
  let k: i32 = 0;
  for (; k + 4 <= len; k += 4) {
    const o = <usize>k << 2;
    v128.store(y + o, f32x4.add(v128.load(y + o), f32x4.mul(va, v128.load(x + o))));
  }
  for (; k < len; k++) {
    const o = <usize>k << 2;
    store<f32>(y + o, load<f32>(y + o) + alpha * load<f32>(x + o));
  }
}

/** Σ x[k]² over k < len in f64 (two f64x2 accumulators over widened pairs). */
export function sumSquaresF32(x: usize, len: i32): f64 {
  let acc0 = f64x2.splat(0), acc1 = f64x2.splat(0);
  let k: i32 = 0;
  for (; k + 4 <= len; k += 4) {
    const p = x + (<usize>k << 2);
    const lo = f64x2.promote_low_f32x4(v128.load64_zero(p));
    const hi = f64x2.promote_low_f32x4(v128.load64_zero(p, 8));
    acc0 = f64x2.add(acc0, f64x2.mul(lo, lo));
    acc1 = f64x2.add(acc1, f64x2.mul(hi, hi));
  }
  const acc = f64x2.add(acc0, acc1);
  let s = f64x2.extract_lane(acc, 0) + f64x2.extract_lane(acc, 1);
  for (; k < len; k++) {
    const v = <f64>load<f32>(x + (<usize>k << 2));
    s += v * v;
  }
  return s;
}
