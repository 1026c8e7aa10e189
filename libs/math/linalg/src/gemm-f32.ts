import { InvalidArgumentError } from './errors';
import { checkGemmOperands } from './gemm';
import { gemmKernelTs } from './gemm-kernel';
import { wasmRuntime } from './wasm/kernels';

/** Dense row-major single-precision matrix: element (i, j) is data[i * cols + j]. */
export interface MatrixF32 {
  rows: number;
  cols: number;
  data: Float32Array;
}

export function zerosF32(rows: number, cols: number): MatrixF32 {
  return { rows, cols, data: new Float32Array(rows * cols) };
}

/**
 * C := alpha·op(A)·op(B) + beta·C in single precision (Float32Array matrices), in place; returns C.
 * Same contract and errors as gemm() (f64). WASM SIMD: 4×8 f32x4 micro-kernel accumulating in f32 like
 * BLAS sgemm, so each entry carries a relative error of order k·2⁻²⁴ (typically √k·2⁻²⁴). The fallback
 * runs the f64 TypeScript kernel on widened copies (more accurate, same API).
 */
export function gemmF32(
  transA: boolean, transB: boolean, alpha: number, a: MatrixF32, b: MatrixF32, beta: number, c: MatrixF32,
): MatrixF32 {
  const [m, n, k] = checkGemmOperands(transA, transB, alpha, a, b, beta, c, checkF32);
  if (!gemmF32Wasm(transA, transB, m, n, k, alpha, a.data, b.data, beta, c.data)) {
    gemmF32Ts(transA, transB, m, n, k, alpha, a.data, b.data, beta, c.data);
  }
  return c;
}

/** a·b as a new single-precision matrix. */
export function matmulF32(a: MatrixF32, b: MatrixF32): MatrixF32 {
  checkF32(a, 'a');
  checkF32(b, 'b');
  if (b.rows !== a.cols) throw new InvalidArgumentError('b', `has ${b.rows} rows, expected ${a.cols} (the columns of a)`);
  return gemmF32(false, false, 1, a, b, 0, zerosF32(a.rows, b.cols));
}

/** Contiguous operands copied into WASM memory above the arena (one call); false when unavailable. */
export function gemmF32Wasm(
  transA: boolean, transB: boolean, m: number, n: number, k: number, alpha: number,
  a: Float32Array, b: Float32Array, beta: number, c: Float32Array,
): boolean {
  const w = wasmRuntime();
  if (w === null) return false;
  if (m === 0 || n === 0) return true;
  const aPtr = w.arena.scratchBase();
  const bPtr = align64(aPtr + m * k * 4);
  const cPtr = align64(bPtr + k * n * 4);
  const work = align64(cPtr + m * n * 4);
  if (!w.arena.ensure(work + w.exports.workBytesF32(m, n, k))) return false;
  const buf = w.memory.buffer;
  new Float32Array(buf, aPtr, m * k).set(a);
  new Float32Array(buf, bPtr, k * n).set(b);
  if (beta !== 0) new Float32Array(buf, cPtr, m * n).set(c);
  w.exports.gemmF32(transA ? 1 : 0, transB ? 1 : 0, m, n, k, alpha, aPtr, transA ? m : k, bPtr, transB ? k : n, beta, cPtr, n, work);
  c.set(new Float32Array(w.memory.buffer, cPtr, m * n));
  return true;
}

/** The TypeScript path: the f64 kernel on widened copies, rounded once into c. */
export function gemmF32Ts(
  transA: boolean, transB: boolean, m: number, n: number, k: number, alpha: number,
  a: Float32Array, b: Float32Array, beta: number, c: Float32Array,
): void {
  const c64 = Float64Array.from(c);
  gemmKernelTs(transA, transB, m, n, k, alpha, Float64Array.from(a), transA ? m : k, Float64Array.from(b), transB ? k : n, beta, c64, n);
  c.set(c64);
}

/** Shape and element-type checks of a MatrixF32 argument named `field` (no finiteness check). */
export function checkF32(x: MatrixF32, field: string): void {
  if (x == null || !(x.data instanceof Float32Array)) throw new InvalidArgumentError(field, 'must be a MatrixF32 with Float32Array data');
  if (!Number.isInteger(x.rows) || x.rows < 0 || !Number.isInteger(x.cols) || x.cols < 0) {
    throw new InvalidArgumentError(field, `has invalid shape ${x.rows}x${x.cols}`);
  }
  if (x.data.length !== x.rows * x.cols) {
    throw new InvalidArgumentError(`${field}.data`, `has ${x.data.length} values, expected rows*cols = ${x.rows * x.cols}`);
  }
}

function align64(x: number): number {
  return (x + 63) & ~63;
}
