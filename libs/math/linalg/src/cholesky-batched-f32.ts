import { choleskySolveBatched } from './cholesky-batched';
import { InvalidArgumentError } from './errors';

/**
 * Single-precision choleskySolveBatched: count SPD systems A_s·X_s = B_s given as back-to-back
 * Float32Arrays (a: count·n·n, lower triangles read; b: count·n·nrhs); returns the solutions as a new
 * Float32Array. Runs the f64 batched kernel (one WASM call, or the TypeScript loops) on widened copies and
 * rounds once: the widening costs O(count·n²) against O(count·n³/3) of factorisation, and the result is
 * the f64 solution rounded (an f32 factorisation would lose ~κ(A)·2⁻²⁴). Throws like SpdBatch.factorSolve.
 */
export function choleskySolveBatchedF32(a: Float32Array, b: Float32Array, count: number, n: number, nrhs = 1): Float32Array {
  if (!(a instanceof Float32Array)) throw new InvalidArgumentError('a', 'must be a Float32Array');
  if (!(b instanceof Float32Array)) throw new InvalidArgumentError('b', 'must be a Float32Array');
  return Float32Array.from(choleskySolveBatched(Float64Array.from(a), Float64Array.from(b), count, n, nrhs));
}
