import { wasmRuntime } from './wasm/kernels';

/** Relative symmetry tolerance, the same as checkSymmetric's (validate.ts). */
const SYMMETRY_TOL = 1e-10;

/** A matrix that is not positive definite: the failing pivot's index and value. */
export interface PotrfFailure {
  info: number;
  pivot: number;
}

/**
 * Cholesky factor L (n×n row-major, strict upper zero) of the n×n row-major `a` with the matrix resident
 * in WASM memory for the whole recursive factorisation: one copy in, one copy out, every trailing
 * update a GEMM inside WASM (assembly/cholesky.ts). The finiteness and symmetry check also runs there
 * (SIMD, tiled) and only reports 'check' when it fails, so the caller's TypeScript check can name the
 * element. Null when the kernels are unavailable or memory is short (run the TypeScript path).
 */
export function choleskyWasm(a: Float64Array, n: number): Float64Array | PotrfFailure | 'check' | null {
  const w = wasmRuntime();
  if (w === null) return null;
  const x = w.exports;
  const aPtr = w.arena.scratchBase();
  const work = aPtr + ((n * n * 8 + 63) & ~63);
  if (!w.arena.ensure(work + x.workBytes(n, n, n))) return null;
  new Float64Array(w.memory.buffer, aPtr, n * n).set(a.subarray(0, n * n));
  if (x.symmetryDefect(aPtr, n, n, SYMMETRY_TOL) !== 0) return 'check';
  const info = x.potrf(aPtr, n, n, work);
  if (info >= 0) return { info, pivot: x.lastFailedPivot() };
  x.clearUpper(aPtr, n, n);
  const l = new Float64Array(n * n); // (slice() of a shared-memory view is ~10× slower than set())
  l.set(new Float64Array(w.memory.buffer, aPtr, n * n));
  return l;
}
