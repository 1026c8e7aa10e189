import { applyBlockReflector } from './block-reflector';
import { FailedPreconditionError, InvalidArgumentError } from './errors';
import { Matrix, transpose, zeros } from './matrix';
import { solveTriangularInPlace } from './triangular';
import { checkFiniteMatrix, checkRhs } from './validate';

/**
 * Householder QR. The reflectors are built on aᵀ (so each column of a is a contiguous row) and kept
 * in compact form: reflector j is H_j = I − β_j·v_j·v_jᵀ with v_j = w[j][j:m], a = H_0…H_{k−1}·R.
 */
export interface Householder {
  m: number;
  n: number;
  k: number;
  w: Float64Array; // n×m: aᵀ, with v_j in row j from column j on, and R_{j,c} at w[c][j] for c > j
  beta: Float64Array; // k
  diag: Float64Array; // R_jj
}

/** Panel width of the blocked (compact WY) factorisation and Q accumulation. */
const NB = 32;
/** Below this many elements the unblocked column sweep is as fast (GEMM setup and copies dominate). */
const BLOCKED_MIN_ELEMENTS = 128 * 128;

function householder(a: Matrix): Householder {
  const { rows: m, cols: n } = a;
  const k = Math.min(m, n);
  const w = transpose(a).data; // columns of a as contiguous rows
  const beta = new Float64Array(k);
  const diag = new Float64Array(k);
  const blocked = n > NB && m * n >= BLOCKED_MIN_ELEMENTS;
  for (let j0 = 0; j0 < k; j0 += NB) {
    const nb = Math.min(NB, k - j0);
    // Panel: reflectors j0..j0+nb−1 applied column by column inside the panel only (all columns when unblocked).
    const panelEnd = blocked ? j0 + nb : n;
    for (let j = j0; j < j0 + nb; j++) {
      const rj = j * m;
      // Scaled 2-norm of x = column j below the diagonal, safe from overflow/underflow.
      let scale = 0;
      for (let i = j; i < m; i++) scale = Math.max(scale, Math.abs(w[rj + i]));
      if (scale === 0) {
        diag[j] = 0; // nothing to annihilate; H_j = I (β = 0)
        continue;
      }
      let ss = 0;
      for (let i = j; i < m; i++) ss += (w[rj + i] / scale) ** 2;
      const norm = scale * Math.sqrt(ss);
      const x0 = w[rj + j];
      const alpha = x0 >= 0 ? -norm : norm; // sign opposite to x0: x0 − α has no cancellation
      // LAPACK dlarfg normalisation: v = (x − α·e1)/(x0 − α), so v0 = 1 and |v_i| ≤ 1, and
      // β = 2/vᵀv = (α − x0)/α ∈ [1, 2]. Nothing here can overflow or underflow whatever a's scale.
      const inv = 1 / (x0 - alpha);
      w[rj + j] = 1;
      for (let i = j + 1; i < m; i++) w[rj + i] *= inv;
      const b = (alpha - x0) / alpha;
      beta[j] = b;
      diag[j] = alpha;
      for (let c = j + 1; c < panelEnd; c++) applyReflector(w, rj, c * m, j, m, b);
    }
    // Trailing columns: all nb reflectors at once through GEMM (compact WY).
    if (blocked && j0 + nb < n) {
      applyBlockReflector(w, m, j0 + nb, n, j0, nb, beta.subarray(j0, j0 + nb), w, j0 * m + j0, m, true, false);
    }
  }
  return { m, n, k, w, beta, diag };
}

/** y[yOff + j : yOff + m] −= β·(vᵀy)·v, with v = w[vOff + j : vOff + m]. */
function applyReflector(w: Float64Array, vOff: number, yOff: number, j: number, m: number, b: number): void {
  let dot = 0;
  for (let i = j; i < m; i++) dot += w[vOff + i] * w[yOff + i];
  const s = b * dot;
  if (s === 0) return;
  for (let i = j; i < m; i++) w[yOff + i] -= s * w[vOff + i];
}

/** Same, but y lives in a different array. */
function applyReflectorTo(w: Float64Array, vOff: number, y: Float64Array, yOff: number, j: number, m: number, b: number): void {
  let dot = 0;
  for (let i = j; i < m; i++) dot += w[vOff + i] * y[yOff + i];
  const s = b * dot;
  if (s === 0) return;
  for (let i = j; i < m; i++) y[yOff + i] -= s * w[vOff + i];
}

/**
 * Thin QR of an m×n matrix: q is m×k with orthonormal columns, r is k×n upper triangular,
 * k = min(m, n), a = q·r. Works for any rank (rank deficiency shows as small |r_jj|).
 */
export function qr(a: Matrix): { q: Matrix; r: Matrix } {
  checkFiniteMatrix(a, 'a');
  return explicitQr(householder(a));
}

/**
 * Forms the thin factors of a compact Householder QR (the layout of `Householder`: column c as row c of
 * w): r k×n from the diagonal and the strict upper part, q m×k by backward accumulation of
 * Q = H_0…H_{k−1}·I[:, :k] on qt = Qᵀ (each column of Q a row), blocked through GEMM when large.
 */
export function explicitQr(h: Householder): { q: Matrix; r: Matrix } {
  const { m, n, k, w, beta, diag } = h;
  const r = zeros(k, n);
  for (let j = 0; j < k; j++) {
    r.data[j * n + j] = diag[j];
    for (let c = j + 1; c < n; c++) r.data[j * n + c] = w[c * m + j];
  }
  const qt = new Float64Array(k * m);
  for (let c = 0; c < k; c++) qt[c * m + c] = 1;
  if (k > NB && m * k >= BLOCKED_MIN_ELEMENTS) {
    for (let j0 = Math.floor((k - 1) / NB) * NB; j0 >= 0; j0 -= NB) {
      const nb = Math.min(NB, k - j0);
      applyBlockReflector(qt, m, j0, k, j0, nb, beta.subarray(j0, j0 + nb), w, j0 * m + j0, m, true, true);
    }
  } else {
    for (let j = k - 1; j >= 0; j--) {
      if (beta[j] === 0) continue;
      for (let c = j; c < k; c++) applyReflectorTo(w, j * m, qt, c * m, j, m, beta[j]);
    }
  }
  const q = zeros(m, k);
  for (let c = 0; c < k; c++) for (let i = 0; i < m; i++) q.data[i * k + c] = qt[c * m + i];
  return { q, r };
}

/**
 * Least-squares solution x (n×r) minimising ‖a·x − b‖_F for a m×n with m ≥ n and full column rank,
 * via x = R⁻¹·(Qᵀb)[0:n] (never forming Q or the normal equations). A column that is dependent on the
 * previous ones to working precision (|r_jj| ≤ max(m,n)·eps·max|r_ii|) throws FailedPreconditionError.
 */
export function leastSquares(a: Matrix, b: Matrix): Matrix {
  checkFiniteMatrix(a, 'a');
  checkRhs(b, a.rows, 'b');
  const { rows: m, cols: n } = a;
  if (m < n) throw new InvalidArgumentError('a', `is ${m}x${n}: least squares needs at least as many rows as columns`);
  const h = householder(a);
  const { w, beta, diag } = h;
  let maxDiag = 0;
  for (let j = 0; j < n; j++) maxDiag = Math.max(maxDiag, Math.abs(diag[j]));
  const tol = Math.max(m, n) * Number.EPSILON * maxDiag;
  for (let j = 0; j < n; j++) {
    if (!(Math.abs(diag[j]) > tol)) {
      throw new FailedPreconditionError(`a is rank-deficient: column ${j} is linearly dependent on columns 0..${j - 1} (|r_jj| = ${Math.abs(diag[j]).toPrecision(3)})`);
    }
  }
  const r = b.cols;
  // Qᵀ·b, one right-hand side at a time as a contiguous row of bt.
  const bt = new Float64Array(r * m);
  for (let i = 0; i < m; i++) for (let c = 0; c < r; c++) bt[c * m + i] = b.data[i * r + c];
  for (let j = 0; j < n; j++) for (let c = 0; c < r; c++) applyReflectorTo(w, j * m, bt, c * m, j, m, beta[j]);
  const x = zeros(n, r);
  for (let i = 0; i < n; i++) for (let c = 0; c < r; c++) x.data[i * r + c] = bt[c * m + i];
  const rr = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    rr[j * n + j] = diag[j];
    for (let c = j + 1; c < n; c++) rr[j * n + c] = w[c * m + j];
  }
  solveTriangularInPlace(rr, n, x.data, r, false, false, false, 'a');
  return x;
}
