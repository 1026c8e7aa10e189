import { InvalidArgumentError } from './errors';
import { gemmKernelTs } from './gemm-kernel';
import { assertFinite, Matrix, zeros } from './matrix';
import { checkMatrix } from './validate';
import { gemmKernelWasm, wasmKernelsAvailable } from './wasm/kernels';

/** Below this many multiply-adds the copy into WASM memory outweighs the SIMD gain. */
const WASM_MIN_FLOPS = 32 * 32 * 32;

/**
 * C := alpha·op(A)·op(B) + beta·C in place, where op(X) is X or Xᵀ. Returns C.
 * Shapes: op(A) is m×k, op(B) is k×n, C is m×n. With beta = 0, C's old contents (even NaN) are
 * ignored, as in BLAS. Non-finite input is rejected with InvalidArgumentError.
 */
export function gemm(
  transA: boolean,
  transB: boolean,
  alpha: number,
  a: Matrix,
  b: Matrix,
  beta: number,
  c: Matrix,
): Matrix {
  const [m, n, k] = checkGemmOperands(transA, transB, alpha, a, b, beta, c);
  gemmRaw(transA, transB, m, n, k, alpha, a.data, a.cols, b.data, b.cols, beta, c.data, c.cols);
  return c;
}

type DenseMatrix = { rows: number; cols: number; data: Float64Array | Float32Array };

/** alpha and beta of a BLAS-style call must be finite numbers. */
export function checkAlphaBeta(alpha: number, beta: number): void {
  if (!Number.isFinite(alpha)) throw new InvalidArgumentError('alpha', 'must be a finite number');
  if (!Number.isFinite(beta)) throw new InvalidArgumentError('beta', 'must be a finite number');
}

/**
 * The argument checks of gemm() (shapes, finiteness, no aliasing of c with a or b), naming the field;
 * returns [m, n, k]. Shared with gemmParallel and, with its own element-type check, gemmF32.
 */
export function checkGemmOperands<M extends DenseMatrix>(
  transA: boolean, transB: boolean, alpha: number, a: M, b: M, beta: number, c: M,
  checkOperand: (x: M, field: string) => void = checkMatrix as unknown as (x: M, field: string) => void,
): [number, number, number] {
  checkOperand(a, 'a');
  checkOperand(b, 'b');
  checkOperand(c, 'c');
  checkAlphaBeta(alpha, beta);
  const m = transA ? a.cols : a.rows;
  const k = transA ? a.rows : a.cols;
  const kb = transB ? b.cols : b.rows;
  const n = transB ? b.rows : b.cols;
  if (kb !== k) {
    const what = transB ? 'columns' : 'rows';
    throw new InvalidArgumentError('b', `has ${kb} ${what}, expected ${k} (the inner dimension of op(a))`);
  }
  if (c.rows !== m || c.cols !== n) {
    throw new InvalidArgumentError('c', `is ${c.rows}x${c.cols}, expected ${m}x${n}`);
  }
  if (overlaps(c.data, a.data) || overlaps(c.data, b.data)) {
    // C is scaled by beta before the product is accumulated, so aliasing would corrupt the inputs.
    throw new InvalidArgumentError('c', 'must not share storage with a or b');
  }
  assertFinite(a.data, 'a.data');
  assertFinite(b.data, 'b.data');
  if (beta !== 0) assertFinite(c.data, 'c.data');
  return [m, n, k];
}

/**
 * Unchecked GEMM on raw row-major arrays with leading dimensions, dispatching to the WASM SIMD kernel
 * for products big enough to pay for the copies. For this library's blocked factorisations.
 */
export function gemmRaw(
  transA: boolean, transB: boolean, m: number, n: number, k: number, alpha: number,
  a: Float64Array, lda: number, b: Float64Array, ldb: number, beta: number, c: Float64Array, ldc: number,
): void {
  const kernel = wasmKernelsAvailable() && m * n * k >= WASM_MIN_FLOPS ? gemmKernelWasm : gemmKernelTs;
  kernel(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
}

/** The product a·b as a new matrix. Throws InvalidArgumentError('b', ...) on an inner-dimension mismatch. */
export function matmul(a: Matrix, b: Matrix): Matrix {
  checkMatrix(a, 'a');
  checkMatrix(b, 'b');
  if (b.rows !== a.cols) {
    throw new InvalidArgumentError('b', `has ${b.rows} rows, expected ${a.cols} (the columns of a)`);
  }
  return gemm(false, false, 1, a, b, 0, zeros(a.rows, b.cols));
}

/** True when two typed arrays view overlapping bytes of the same buffer. */
function overlaps(x: ArrayBufferView, y: ArrayBufferView): boolean {
  if (x.buffer !== y.buffer || x.byteLength === 0 || y.byteLength === 0) return false;
  return x.byteOffset < y.byteOffset + y.byteLength && y.byteOffset < x.byteOffset + x.byteLength;
}
