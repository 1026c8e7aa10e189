import { InvalidArgumentError } from './errors';
import { checkF32, type MatrixF32 } from './gemm-f32';
import { wasmRuntime } from './wasm/kernels';

/**
 * ResidentMatrix (wasm/resident.ts) for f32: a row-major single-precision matrix in a WasmArena region of
 * the shared WASM memory until dispose(), so repeated memory-bound kernels (gemvF32Resident) read it in
 * place instead of copying it in per call. view() makes a fresh view each time (never cache one).
 */
export class ResidentMatrixF32 {
  private address: number;

  private constructor(
    readonly rows: number,
    readonly cols: number,
    address: number,
  ) {
    this.address = address;
  }

  /** A zero-filled rows×cols resident matrix. Throws when the WASM kernels are not loaded or memory is exhausted. */
  static alloc(rows: number, cols: number): ResidentMatrixF32 {
    const m = ResidentMatrixF32.reserve(rows, cols);
    m.view().fill(0);
    return m;
  }

  /** A resident copy of m. */
  static from(m: MatrixF32): ResidentMatrixF32 {
    checkF32(m, 'm');
    const r = ResidentMatrixF32.reserve(m.rows, m.cols);
    r.view().set(m.data);
    return r;
  }

  private static reserve(rows: number, cols: number): ResidentMatrixF32 {
    const w = wasmRuntime();
    if (w === null) throw new Error('ResidentMatrixF32 needs the WASM kernels (see kernelBackendStatus())');
    if (!Number.isInteger(rows) || rows < 0 || !Number.isInteger(cols) || cols < 0) {
      throw new InvalidArgumentError('shape', `${rows}x${cols} is not a valid matrix shape`);
    }
    const ptr = w.arena.alloc(rows * cols * 4);
    if (ptr < 0) throw new Error(`WASM memory exhausted allocating a ${rows}x${cols} f32 matrix`);
    return new ResidentMatrixF32(rows, cols, ptr);
  }

  /** Byte address in the WASM memory (throws after dispose()). */
  get ptr(): number {
    if (this.address < 0) throw new Error('ResidentMatrixF32 used after dispose()');
    return this.address;
  }

  /** A fresh Float32Array view of the rows·cols elements. */
  view(): Float32Array {
    const w = wasmRuntime();
    if (w === null) throw new Error('WASM kernels not loaded');
    return new Float32Array(w.memory.buffer, this.ptr, this.rows * this.cols);
  }

  /** A copy as an ordinary MatrixF32. */
  toMatrix(): MatrixF32 {
    return { rows: this.rows, cols: this.cols, data: this.view().slice() };
  }

  /** Returns the region to the arena; idempotent. */
  dispose(): void {
    if (this.address < 0) return;
    wasmRuntime()?.arena.free(this.address);
    this.address = -1;
  }
}
