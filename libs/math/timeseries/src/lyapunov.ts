import { FailedPreconditionError, InvalidArgumentError } from '@modelbus/math-linalg';
import { solveDenseInPlace } from './dense-solve';

/** Above this dimension the Kronecker solve (O(m⁶)) gives way to the doubling iteration. */
const KRONECKER_MAX = 8;

/**
 * Solves the discrete Lyapunov equation P = T P T' + V (T m×m with spectral radius < 1, V
 * symmetric), returning P (m×m row-major, symmetric). Small m: the linear system
 * (I − T⊗T) vec P = vec V on the m(m+1)/2 unknowns of the symmetric P, by Gaussian elimination
 * with partial pivoting. Larger m: the doubling algorithm P ← P + A P A', A ← A², which
 * converges quadratically for a stable T. Throws FailedPreconditionError for a unit-root T.
 */
export function solveDiscreteLyapunov(T: Float64Array, V: Float64Array, m: number): Float64Array {
  if (!(Number.isInteger(m) && m >= 1) || T.length !== m * m || V.length !== m * m) throw new InvalidArgumentError('T', `T and V must be ${m}×${m}`);
  return m <= KRONECKER_MAX ? kronecker(T, V, m) : doubling(T, V, m);
}

function kronecker(T: Float64Array, V: Float64Array, m: number): Float64Array {
  // unknown index of P_ij (i ≥ j)
  const idx = (i: number, j: number) => (i >= j ? (i * (i + 1)) / 2 + j : (j * (j + 1)) / 2 + i);
  const N = (m * (m + 1)) / 2;
  const A = new Float64Array(N * N);
  const b = new Float64Array(N);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j <= i; j++) {
      const row = idx(i, j);
      b[row] = V[i * m + j];
      A[row * N + row] += 1;
      // − Σ_kl T_ik T_jl P_kl
      for (let k = 0; k < m; k++) {
        const tik = T[i * m + k];
        if (tik === 0) continue;
        for (let l = 0; l < m; l++) A[row * N + idx(k, l)] -= tik * T[j * m + l];
      }
    }
  }
  solveDenseInPlace(A, b, N, 'Lyapunov equation is singular: T has a unit root (eigenvalues λ_i λ_j = 1)');
  const P = new Float64Array(m * m);
  for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) P[i * m + j] = b[idx(i, j)];
  return P;
}

function doubling(T: Float64Array, V: Float64Array, m: number): Float64Array {
  let A = Float64Array.from(T);
  let A2 = new Float64Array(m * m); // A² goes here, then the two buffers swap (no allocation per iteration)
  const P = Float64Array.from(V);
  const tmp = new Float64Array(m * m);
  const add = new Float64Array(m * m);
  for (let it = 0; it < 100; it++) {
    // add = A P A'
    mul(A, P, tmp, m, false);
    mul(tmp, A, add, m, true);
    let change = 0;
    let scale = 0;
    for (let i = 0; i < m * m; i++) {
      P[i] += add[i];
      change = Math.max(change, Math.abs(add[i]));
      scale = Math.max(scale, Math.abs(P[i]));
    }
    if (!Number.isFinite(scale)) break;
    if (change <= 1e-15 * scale) {
      for (let i = 0; i < m; i++) for (let j = 0; j < i; j++) P[i * m + j] = P[j * m + i] = 0.5 * (P[i * m + j] + P[j * m + i]);
      return P;
    }
    mul(A, A, A2, m, false);
    const prev = A;
    A = A2;
    A2 = prev;
  }
  throw new FailedPreconditionError('Lyapunov equation: T is not stable (spectral radius ≥ 1), the iteration does not converge');
}

/** C = A·B (or A·B' when transB). */
function mul(A: Float64Array, B: Float64Array, C: Float64Array, m: number, transB: boolean): void {
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < m; j++) {
      let s = 0;
      for (let k = 0; k < m; k++) s += A[i * m + k] * (transB ? B[j * m + k] : B[k * m + j]);
      C[i * m + j] = s;
    }
  }
}

