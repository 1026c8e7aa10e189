import { InvalidArgumentError } from './errors';
import { copyInF32, f32Runtime } from './kernels-f32';

/**
 * Level-1 kernels on Float32Array vectors. Arrays of at least WASM_MIN_LENGTH entries are copied into
 * WASM memory and run on f32x4; shorter ones (where the copy and the call cost more than the loop) run
 * the TypeScript twins. No finiteness check: NaN/Infinity propagate as in BLAS.
 */
const WASM_MIN_LENGTH = 1024; // break-even ~512–1000 (CPU time, copies included); 2× faster than TS from ~4096

/** x·y. WASM accumulates in f32 like BLAS sdot (error ≲ (n/8 + 3)·2⁻²⁴·Σ|x_i y_i|); the TS twin in f64. */
export function dotF32(x: Float32Array, y: Float32Array): number {
  checkPair(x, y);
  if (x.length >= WASM_MIN_LENGTH) {
    const w = f32Runtime();
    const p = w && copyInF32(w, [x, y]);
    if (w && p) return w.exports.dotF32(p[0], p[1], x.length);
  }
  return dotF32Ts(x, y);
}

/** y := alpha·x + y in place; returns y. */
export function axpyF32(alpha: number, x: Float32Array, y: Float32Array): Float32Array {
  checkPair(x, y);
  if (!Number.isFinite(alpha)) throw new InvalidArgumentError('alpha', 'must be a finite number');
  if (alpha === 0) return y;
  if (x.length >= WASM_MIN_LENGTH) {
    const w = f32Runtime();
    const p = w && copyInF32(w, [y, x]);
    if (w && p) {
      w.exports.axpyF32(p[0], p[1], alpha, x.length);
      y.set(new Float32Array(w.memory.buffer, p[0], y.length));
      return y;
    }
  }
  axpyF32Ts(alpha, x, y);
  return y;
}

/**
 * ‖x‖₂, with the sum of squares accumulated in f64 (squares of f32 values are exact in f64 and cannot
 * overflow or underflow there), so no scaling pass is needed. Returned as a double, unrounded: for long
 * vectors of huge entries the norm may exceed the f32 range.
 */
export function nrm2F32(x: Float32Array): number {
  if (!(x instanceof Float32Array)) throw new InvalidArgumentError('x', 'must be a Float32Array');
  if (x.length >= WASM_MIN_LENGTH) {
    const w = f32Runtime();
    const p = w && copyInF32(w, [x]);
    if (w && p) return Math.sqrt(w.exports.sumSquaresF32(p[0], x.length));
  }
  return nrm2F32Ts(x);
}

export function dotF32Ts(x: Float32Array, y: Float32Array): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i] * y[i];
  return Math.fround(s);
}

export function axpyF32Ts(alpha: number, x: Float32Array, y: Float32Array): void {
  const a = Math.fround(alpha);
  for (let i = 0; i < x.length; i++) y[i] += a * x[i];
}

export function nrm2F32Ts(x: Float32Array): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i] * x[i];
  return Math.sqrt(s);
}

function checkPair(x: Float32Array, y: Float32Array): void {
  if (!(x instanceof Float32Array)) throw new InvalidArgumentError('x', 'must be a Float32Array');
  if (!(y instanceof Float32Array) || y.length !== x.length) throw new InvalidArgumentError('y', `must be a Float32Array of length ${x.length}`);
}
