import { InvalidArgumentError } from '../errors';
import { Matrix } from '../matrix';
import { wasmRuntime } from './kernels';

/** What differs between the f64 and f32 resident matrices: element size and view type. */
interface ElementKind<A extends Float64Array | Float32Array> {
  bytes: number;
  label: string;
  view(buffer: ArrayBufferLike, ptr: number, length: number): A;
}

/**
 * A row-major matrix that lives in the shared WASM memory (a WasmArena region) until dispose(): for
 * operands used by several kernel calls (a factorisation, a training run, a GEMM split across worker
 * threads) so they are copied in once instead of per call. view() makes a fresh typed-array view each
 * time (never cache one across calls that may allocate: KERNELS.md pitfall 2).
 */
export abstract class ResidentRegion<A extends Float64Array | Float32Array> {
  private address: number;

  protected constructor(
    readonly rows: number,
    readonly cols: number,
    private readonly kind: ElementKind<A>,
  ) {
    const w = wasmRuntime();
    if (w === null) throw new Error(`${kind.label} needs the WASM kernels (see kernelBackendStatus())`);
    if (!Number.isInteger(rows) || rows < 0 || !Number.isInteger(cols) || cols < 0) {
      throw new InvalidArgumentError('shape', `${rows}x${cols} is not a valid matrix shape`);
    }
    this.address = w.arena.alloc(rows * cols * kind.bytes);
    if (this.address < 0) throw new Error(`WASM memory exhausted allocating a ${rows}x${cols} ${kind.label}`);
  }

  /** Byte address in the WASM memory (throws after dispose()). */
  get ptr(): number {
    if (this.address < 0) throw new Error(`${this.kind.label} used after dispose()`);
    return this.address;
  }

  /** A fresh view of the rows·cols elements. */
  view(): A {
    const w = wasmRuntime();
    if (w === null) throw new Error('WASM kernels not loaded');
    return this.kind.view(w.memory.buffer, this.ptr, this.rows * this.cols);
  }

  /** Returns the region to the arena; idempotent. */
  dispose(): void {
    if (this.address < 0) return;
    wasmRuntime()?.arena.free(this.address);
    this.address = -1;
  }
}

const F64: ElementKind<Float64Array> = { bytes: 8, label: 'ResidentMatrix', view: (b, p, n) => new Float64Array(b, p, n) };

/** A resident f64 matrix (see ResidentRegion). */
export class ResidentMatrix extends ResidentRegion<Float64Array> {
  private constructor(rows: number, cols: number) {
    super(rows, cols, F64);
  }

  /** A zero-filled rows×cols resident matrix. Throws when the WASM kernels are not loaded or memory is exhausted. */
  static alloc(rows: number, cols: number): ResidentMatrix {
    const m = new ResidentMatrix(rows, cols);
    m.view().fill(0);
    return m;
  }

  /** A resident copy of m. */
  static from(m: Matrix): ResidentMatrix {
    const r = new ResidentMatrix(m.rows, m.cols);
    r.view().set(m.data);
    return r;
  }

  /** A copy as an ordinary Matrix. */
  toMatrix(): Matrix {
    return { rows: this.rows, cols: this.cols, data: this.view().slice() };
  }
}

/**
 * C := alpha·op(A)·op(B) + beta·C on operands already in the WASM memory (byte addresses a, b, c and
 * row strides in elements), e.g. sub-blocks of ResidentMatrix regions inside a factorisation: no copies,
 * packing scratch above the arena. Unchecked; false when the kernels are not loaded or memory is short.
 */
export function gemmAt(
  transA: boolean, transB: boolean, m: number, n: number, k: number, alpha: number,
  a: number, lda: number, b: number, ldb: number, beta: number, c: number, ldc: number,
): boolean {
  const w = wasmRuntime();
  if (w === null) return false;
  const work = w.arena.scratchBase();
  if (!w.arena.ensure(work + w.exports.workBytes(m, n, k))) return false;
  w.exports.gemm(transA ? 1 : 0, transB ? 1 : 0, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, work);
  return true;
}

/** [m, n, k] of C := op(A)·op(B) on resident matrices; InvalidArgumentError when the shapes do not conform. */
export function residentGemmShape(transA: boolean, transB: boolean, a: ResidentMatrix, b: ResidentMatrix, c: ResidentMatrix): [number, number, number] {
  const m = transA ? a.cols : a.rows;
  const k = transA ? a.rows : a.cols;
  const n = transB ? b.rows : b.cols;
  if ((transB ? b.cols : b.rows) !== k || c.rows !== m || c.cols !== n) {
    throw new InvalidArgumentError('c', `shapes ${a.rows}x${a.cols}, ${b.rows}x${b.cols}, ${c.rows}x${c.cols} do not conform`);
  }
  return [m, n, k];
}

/** gemmAt on whole resident matrices (shapes checked): C := alpha·op(A)·op(B) + beta·C. */
export function gemmResident(transA: boolean, transB: boolean, alpha: number, a: ResidentMatrix, b: ResidentMatrix, beta: number, c: ResidentMatrix): void {
  const [m, n, k] = residentGemmShape(transA, transB, a, b, c);
  if (!gemmAt(transA, transB, m, n, k, alpha, a.ptr, a.cols, b.ptr, b.cols, beta, c.ptr, c.cols)) throw new Error('WASM memory exhausted');
}
