import { checkF32, type MatrixF32 } from './gemm-f32';
import { ResidentRegion } from './wasm/resident';

/**
 * ResidentMatrix (wasm/resident.ts) for f32: a row-major single-precision matrix in a WasmArena region of
 * the shared WASM memory until dispose(), so repeated memory-bound kernels (gemvF32Resident) read it in
 * place instead of copying it in per call. view() makes a fresh view each time (never cache one).
 */
export class ResidentMatrixF32 extends ResidentRegion<Float32Array> {
  private constructor(rows: number, cols: number) {
    super(rows, cols, { bytes: 4, label: 'ResidentMatrixF32', view: (b, p, n) => new Float32Array(b, p, n) });
  }

  /** A zero-filled rows×cols resident matrix. Throws when the WASM kernels are not loaded or memory is exhausted. */
  static alloc(rows: number, cols: number): ResidentMatrixF32 {
    const m = new ResidentMatrixF32(rows, cols);
    m.view().fill(0);
    return m;
  }

  /** A resident copy of m. */
  static from(m: MatrixF32): ResidentMatrixF32 {
    checkF32(m, 'm');
    const r = new ResidentMatrixF32(m.rows, m.cols);
    r.view().set(m.data);
    return r;
  }

  /** A copy as an ordinary MatrixF32. */
  toMatrix(): MatrixF32 {
    return { rows: this.rows, cols: this.cols, data: this.view().slice() };
  }
}
