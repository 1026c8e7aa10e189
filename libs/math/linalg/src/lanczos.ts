import { eigh } from './eigh';
import { InvalidArgumentError } from './errors';
import { Matrix, zeros } from './matrix';
import { checkCsr, isCsr, spmm, type CsrMatrix } from './sparse';
import { checkSymmetric } from './validate';

export type LanczosWhich = 'largest' | 'smallest' | 'magnitude';

export interface LanczosOptions {
  /** Which end of the spectrum: algebraically largest (default), smallest, or largest |λ|. */
  which?: LanczosWhich;
  /** Converged when ‖A·v − λ·v‖ ≤ tolerance·‖T‖ for each wanted pair (default 1e-10). */
  tolerance?: number;
  /** Krylov dimension limit (default min(n, max(20·k, 200))). */
  maxIterations?: number;
  /** Seed of the start vector (default 0; reproducible). */
  seed?: number;
}

export interface LanczosResult {
  /** k eigenvalues: descending for largest/magnitude (by |λ| for magnitude), ascending for smallest. */
  values: Float64Array;
  /** n×k, eigenvectors as unit columns. */
  vectors: Matrix;
  /** Residual norms ‖A·v_i − λ_i·v_i‖ (from the Lanczos recurrence). */
  residuals: Float64Array;
  /** Lanczos steps taken (= Krylov dimension). */
  iterations: number;
  converged: boolean;
}

/**
 * A few extreme eigenpairs of a large symmetric matrix, dense or CSR, by the Lanczos process with full
 * reorthogonalisation (each new vector is orthogonalised twice against all earlier ones — "twice is
 * enough", Parlett): costs O(n·j) per step on top of one product with A, but the Ritz pairs cannot
 * turn into spurious copies. Every 10 steps (later every j/8) the tridiagonal T_j is diagonalised and the
 * wanted Ritz pairs' residuals |β_j·s_ji| tested. On an invariant subspace (β = 0) the process continues from a
 * fresh random vector orthogonal to the basis, so multiple eigenvalues are found too. A is read only
 * through products; the dense path checks symmetry, the CSR path trusts the caller.
 */
export function lanczosEigs(a: Matrix | CsrMatrix, k: number, options: LanczosOptions = {}): LanczosResult {
  const sparse = isCsr(a);
  if (sparse) {
    checkCsr(a, 'a');
    if (a.rows !== a.cols) throw new InvalidArgumentError('a', `is ${a.rows}x${a.cols}, expected a square matrix`);
  } else checkSymmetric(a as Matrix, 'a');
  const n = a.rows;
  if (!Number.isInteger(k) || k < 1 || k > n) throw new InvalidArgumentError('k', `must be an integer in [1, ${n}] = [1, rows of a], got ${k}`);
  const which = options.which ?? 'largest';
  if (!['largest', 'smallest', 'magnitude'].includes(which)) throw new InvalidArgumentError('which', `must be largest, smallest or magnitude, got ${String(which)}`);
  const tolerance = options.tolerance ?? 1e-10;
  if (!(tolerance > 0 && tolerance < 1)) throw new InvalidArgumentError('tolerance', `must be in (0, 1), got ${tolerance}`);
  const maxIter = Math.min(n, options.maxIterations ?? Math.max(20 * k, 200));
  if (!Number.isInteger(maxIter) || maxIter < k) throw new InvalidArgumentError('maxIterations', `must be an integer ≥ k = ${k}, got ${options.maxIterations}`);

  const times = (x: Float64Array, out: Float64Array) => {
    if (sparse) spmm(a as CsrMatrix, x, 1, out);
    else {
      const d = (a as Matrix).data;
      for (let i = 0; i < n; i++) {
        let s = 0;
        const ri = i * n;
        for (let j = 0; j < n; j++) s += d[ri + j] * x[j];
        out[i] = s;
      }
    }
  };
  const rand = seeded(options.seed ?? 0);
  const basis = new Float64Array(maxIter * n); // row j = Lanczos vector q_j
  const alpha = new Float64Array(maxIter);
  const beta = new Float64Array(maxIter); // beta[j] couples q_j and q_{j+1}
  const w = new Float64Array(n);
  let tNorm = 0;
  startVector(basis, 0, n, rand);
  let j = 0;
  // T is diagonalised (O(steps³)) every 10 steps, then every steps/8: the checks cost a constant factor of the last one
  let nextCheck = 10;
  let best: { values: Float64Array; s: Matrix; idx: number[]; res: Float64Array } | undefined;
  for (;;) {
    const q = basis.subarray(j * n, (j + 1) * n);
    times(q, w);
    let aj = 0;
    for (let i = 0; i < n; i++) aj += w[i] * q[i];
    alpha[j] = aj;
    for (let i = 0; i < n; i++) w[i] -= aj * q[i] + (j > 0 ? beta[j - 1] * basis[(j - 1) * n + i] : 0);
    orthogonalise(basis, j + 1, n, w);
    orthogonalise(basis, j + 1, n, w);
    let bj = Math.sqrt(dot(w, w, n));
    tNorm = Math.max(tNorm, Math.abs(aj) + bj + (j > 0 ? beta[j - 1] : 0));
    const steps = j + 1;
    const last = steps === maxIter;
    if (bj <= 1e-14 * tNorm) bj = 0; // invariant subspace: T decouples here
    beta[j] = bj;
    // at a breakdown every Ritz pair has a zero residual, yet an eigenspace the start vector missed
    // (a multiple eigenvalue) is not in the basis: restart and test later instead
    if (steps >= k && (last || (steps >= nextCheck && bj !== 0))) {
      nextCheck = steps + Math.max(10, Math.ceil(steps / 8));
      best = ritz(alpha, beta, steps, k, which);
      let ok = true;
      for (let t = 0; t < k; t++) if (!(best.res[t] <= tolerance * tNorm)) ok = false;
      if (ok || last) {
        const vectors = zeros(n, k);
        for (let t = 0; t < k; t++) {
          const col = best.idx[t];
          for (let r = 0; r < steps; r++) {
            const srt = best.s.data[r * steps + col];
            if (srt === 0) continue;
            const row = basis.subarray(r * n, (r + 1) * n);
            for (let i = 0; i < n; i++) vectors.data[i * k + t] += srt * row[i];
          }
        }
        return { values: best.values, vectors, residuals: best.res, iterations: steps, converged: ok };
      }
    }
    j = steps;
    const next = basis.subarray(j * n, (j + 1) * n);
    if (bj === 0) {
      startVector(basis, j, n, rand);
    } else {
      for (let i = 0; i < n; i++) next[i] = w[i] / bj;
    }
  }
}

/** The k wanted Ritz values of T (steps×steps), their eigenvector indices and residual bounds |β·s_last|. */
function ritz(alpha: Float64Array, beta: Float64Array, steps: number, k: number, which: LanczosWhich) {
  const t = zeros(steps, steps);
  for (let i = 0; i < steps; i++) {
    t.data[i * steps + i] = alpha[i];
    if (i + 1 < steps) t.data[i * steps + i + 1] = t.data[(i + 1) * steps + i] = beta[i];
  }
  const { values: theta, vectors: s } = eigh(t); // ascending
  const order = Array.from({ length: steps }, (_, i) => i);
  if (which === 'largest') order.reverse();
  else if (which === 'magnitude') order.sort((x, y) => Math.abs(theta[y]) - Math.abs(theta[x]));
  const idx = order.slice(0, k);
  const values = Float64Array.from(idx, (i) => theta[i]);
  const res = Float64Array.from(idx, (i) => Math.abs(beta[steps - 1] * s.data[(steps - 1) * steps + i]));
  return { values, s, idx, res };
}

/** A random unit vector in row j of the basis, orthogonal to rows 0..j−1. */
function startVector(basis: Float64Array, j: number, n: number, rand: () => number): void {
  const v = basis.subarray(j * n, (j + 1) * n);
  for (let attempt = 0; attempt < 5; attempt++) {
    for (let i = 0; i < n; i++) v[i] = rand() - 0.5;
    orthogonalise(basis, j, n, v);
    orthogonalise(basis, j, n, v);
    const norm = Math.sqrt(dot(v, v, n));
    if (norm > 1e-8) {
      for (let i = 0; i < n; i++) v[i] /= norm;
      return;
    }
  }
  throw new Error(`lanczos: could not extend a basis of ${j} vectors in dimension ${n}`);
}

/** w −= Σ_{r<count} (q_rᵀw)·q_r (classical Gram–Schmidt against the basis rows). */
function orthogonalise(basis: Float64Array, count: number, n: number, w: Float64Array): void {
  for (let r = 0; r < count; r++) {
    const q = basis.subarray(r * n, (r + 1) * n);
    const c = dot(q, w, n);
    if (c !== 0) for (let i = 0; i < n; i++) w[i] -= c * q[i];
  }
}

function dot(x: Float64Array, y: Float64Array, n: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += x[i] * y[i];
  return s;
}

/**
 * Reproducible "random" start values without an RNG: the additive (Weyl) sequence frac(φ·(i + 1) + √2·(seed + 1)),
 * centred. Equidistributed, so a start vector has no exact zero component along any fixed eigenvector
 * in practice; each call continues the sequence, so restarts get new directions.
 */
function seeded(seed: number): () => number {
  const phi = (Math.sqrt(5) - 1) / 2;
  let x = (Math.SQRT2 * (seed + 1)) % 1;
  return () => {
    x = (x + phi) % 1;
    return x;
  };
}

/**
 * Dominant eigenpair (largest |λ|) of a symmetric matrix by power iteration with the Rayleigh quotient:
 * converges at rate |λ₂/λ₁| per step, so Lanczos is the better tool unless the gap is large. Stops
 * when ‖A·v − λ·v‖ ≤ tolerance·|λ| (default 1e-10) or after maxIterations (default 10000).
 */
export function powerIteration(a: Matrix | CsrMatrix, options: { tolerance?: number; maxIterations?: number; seed?: number } = {}): { value: number; vector: Float64Array; iterations: number; converged: boolean } {
  const sparse = isCsr(a);
  if (sparse) checkCsr(a, 'a');
  else checkSymmetric(a as Matrix, 'a');
  const n = a.rows;
  if (a.cols !== n) throw new InvalidArgumentError('a', `is ${a.rows}x${a.cols}, expected a square matrix`);
  if (n === 0) throw new InvalidArgumentError('a', 'is empty: a 0x0 matrix has no eigenpairs');
  const tolerance = options.tolerance ?? 1e-10;
  const maxIterations = options.maxIterations ?? 10_000;
  const rand = seeded(options.seed ?? 0);
  let v = Float64Array.from({ length: n }, () => rand() - 0.5);
  let norm = Math.sqrt(dot(v, v, n));
  for (let i = 0; i < n; i++) v[i] /= norm;
  let w = new Float64Array(n);
  const times = (x: Float64Array, out: Float64Array) => {
    if (sparse) spmm(a as CsrMatrix, x, 1, out);
    else for (let i = 0; i < n; i++) out[i] = dot((a as Matrix).data.subarray(i * n, (i + 1) * n), x, n);
  };
  let value = 0;
  for (let it = 1; it <= maxIterations; it++) {
    times(v, w);
    value = dot(v, w, n);
    let r2 = 0;
    for (let i = 0; i < n; i++) r2 += (w[i] - value * v[i]) ** 2;
    if (Math.sqrt(r2) <= tolerance * Math.abs(value)) return { value, vector: v, iterations: it, converged: true };
    norm = Math.sqrt(dot(w, w, n));
    if (norm === 0) return { value: 0, vector: v, iterations: it, converged: true }; // A·v = 0
    for (let i = 0; i < n; i++) w[i] /= norm;
    [v, w] = [w, v];
  }
  return { value, vector: v, iterations: maxIterations, converged: false };
}
