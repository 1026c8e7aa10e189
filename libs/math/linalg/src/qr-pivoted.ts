import { InvalidArgumentError } from './errors';
import { Matrix, transpose, zeros } from './matrix';
import { explicitQr } from './qr';
import { solveTriangularInPlace } from './triangular';
import { checkFiniteMatrix, checkRhs } from './validate';

export interface PivotedQr {
  /** m×k, orthonormal columns, k = min(m, n). */
  q: Matrix;
  /** k×n upper triangular with |r_00| ≥ |r_11| ≥ … (non-increasing). */
  r: Matrix;
  /** a[:, perm] = q·r: column j of q·r is column perm[j] of a. */
  perm: Int32Array;
  /** Numerical rank: the number of |r_jj| > tolerance·|r_00|. */
  rank: number;
  /** The relative tolerance used for the rank. */
  tolerance: number;
}

export interface PivotedQrOptions {
  /**
   * Relative tolerance for the rank: |r_jj| > tolerance·|r_00| (default 10·max(m, n)·eps). numpy's
   * matrix_rank uses max(m, n)·eps on singular values, which are exact to eps·‖A‖; the trailing diagonal
   * of a rank-deficient R carries the Householder rounding (a few max(m, n)·eps·‖A‖), so it gets a
   * 10× margin — with 1×, a 2×2 rank-1 matrix came out with |r_11| = 2.2·eps·|r_00| and "rank 2".
   */
  tolerance?: number;
}

interface Factor {
  m: number;
  n: number;
  k: number;
  /** n×m: column c of a[:, perm] as row c; reflector j in row j from column j on (v_j[j] = 1), R_{j,c} at w[c·m + j] for c > j. */
  w: Float64Array;
  beta: Float64Array;
  diag: Float64Array;
  perm: Int32Array;
}

/**
 * Householder QR with column pivoting (Businger & Golub 1965; LAPACK dgeqp3's choice and norm
 * downdating): before step j, the remaining column of largest norm is swapped to position j. The
 * partial norms are downdated in O(1) per column per step and recomputed when cancellation has eaten
 * more than half the digits (Drmač & Bujanović's test, as in LAPACK 3.x). Unblocked; the columns are
 * rows of aᵀ so every reflector and dot product runs on contiguous memory.
 */
function factor(a: Matrix): Factor {
  const { rows: m, cols: n } = a;
  const k = Math.min(m, n);
  const w = transpose(a).data; // columns of a as contiguous rows
  const perm = new Int32Array(n);
  const vn1 = new Float64Array(n); // partial column norms (of rows j.. of each column)
  const vn2 = new Float64Array(n); // the norm when last computed exactly
  for (let c = 0; c < n; c++) {
    perm[c] = c;
    vn1[c] = vn2[c] = norm2(w, c * m, 0, m);
  }
  const beta = new Float64Array(k);
  const diag = new Float64Array(k);
  const tol3z = Math.sqrt(Number.EPSILON);
  for (let j = 0; j < k; j++) {
    let p = j;
    for (let c = j + 1; c < n; c++) if (vn1[c] > vn1[p]) p = c;
    if (p !== j) {
      const rj = j * m, rp = p * m;
      for (let i = 0; i < m; i++) {
        const t = w[rj + i];
        w[rj + i] = w[rp + i];
        w[rp + i] = t;
      }
      const tp = perm[j];
      perm[j] = perm[p];
      perm[p] = tp;
      vn1[p] = vn1[j];
      vn2[p] = vn2[j];
    }
    const rj = j * m;
    const norm = norm2(w, rj, j, m);
    if (norm === 0) {
      diag[j] = 0; // this and (by the pivoting) every remaining column is zero below row j
      continue;
    }
    const x0 = w[rj + j];
    const alpha = x0 >= 0 ? -norm : norm; // opposite sign to x0: no cancellation in x0 − α
    const inv = 1 / (x0 - alpha);
    w[rj + j] = 1;
    for (let i = j + 1; i < m; i++) w[rj + i] *= inv;
    const b = (alpha - x0) / alpha;
    beta[j] = b;
    diag[j] = alpha;
    for (let c = j + 1; c < n; c++) {
      const rc = c * m;
      let dot = 0;
      for (let i = j; i < m; i++) dot += w[rj + i] * w[rc + i];
      const s = b * dot;
      if (s !== 0) for (let i = j; i < m; i++) w[rc + i] -= s * w[rj + i];
      if (vn1[c] !== 0) {
        // the column loses its entry in row j: ‖x[j+1:]‖² = ‖x[j:]‖² − x_j²
        let t = Math.abs(w[rc + j]) / vn1[c];
        t = Math.max(0, 1 - t * t);
        const t2 = t * (vn1[c] / vn2[c]) ** 2;
        if (t2 <= tol3z) {
          vn1[c] = vn2[c] = norm2(w, rc, j + 1, m);
        } else {
          vn1[c] *= Math.sqrt(t);
        }
      }
    }
  }
  return { m, n, k, w, beta, diag, perm };
}

/** ‖x[from:to]‖₂ of x = w[off + from .. off + to), scaled against overflow and underflow. */
function norm2(w: Float64Array, off: number, from: number, to: number): number {
  let scale = 0;
  for (let i = from; i < to; i++) scale = Math.max(scale, Math.abs(w[off + i]));
  if (scale === 0) return 0;
  let ss = 0;
  for (let i = from; i < to; i++) ss += (w[off + i] / scale) ** 2;
  return scale * Math.sqrt(ss);
}

function rankOf(f: Factor, tolerance: number): number {
  if (f.k === 0) return 0;
  const cut = tolerance * Math.abs(f.diag[0]);
  let rank = 0;
  while (rank < f.k && Math.abs(f.diag[rank]) > cut) rank++;
  return rank;
}

const DEFAULT_TOLERANCE_FACTOR = 10;

function resolveTolerance(a: Matrix, options: PivotedQrOptions): number {
  const tol = options.tolerance ?? DEFAULT_TOLERANCE_FACTOR * Math.max(a.rows, a.cols) * Number.EPSILON;
  if (!Number.isFinite(tol) || tol < 0 || tol >= 1) throw new InvalidArgumentError('tolerance', `must be in [0, 1), got ${tol}`);
  return tol;
}

/**
 * Rank-revealing QR with column pivoting of an m×n matrix: a[:, perm] = q·r, thin (q m×k, r k×n,
 * k = min(m, n)), |diag r| non-increasing, and the numerical rank at the given relative tolerance.
 */
export function qrPivoted(a: Matrix, options: PivotedQrOptions = {}): PivotedQr {
  checkFiniteMatrix(a, 'a');
  const tolerance = resolveTolerance(a, options);
  const f = factor(a);
  const { q, r } = explicitQr(f);
  return { q, r, perm: f.perm, rank: rankOf(f, tolerance), tolerance };
}

/** Applies H = I − β·v·vᵀ (v = w[vOff + j .. vOff + m)) to each of the `count` rows of y (length m). */
function applyReflector(w: Float64Array, vOff: number, b: number, j: number, m: number, y: Float64Array, count: number): void {
  if (b === 0) return;
  for (let c = 0; c < count; c++) {
    const yc = c * m;
    let dot = 0;
    for (let i = j; i < m; i++) dot += w[vOff + i] * y[yc + i];
    const s = b * dot;
    if (s !== 0) for (let i = j; i < m; i++) y[yc + i] -= s * w[vOff + i];
  }
}

/**
 * Least squares min ‖a·x − b‖ for any shape and rank through pivoted QR: the basic solution, which
 * has at most `rank` nonzero entries (x[perm[0..rank)] = R₁₁⁻¹·(Qᵀb)[0..rank), the others 0) — not the
 * minimum-norm one that lstsq (SVD) gives, but with the same residual. Residuals ‖b_j − a·x_j‖² per
 * column of b, from the trailing part of Qᵀb.
 */
export function lstsqBasic(a: Matrix, b: Matrix, options: PivotedQrOptions = {}): { x: Matrix; rank: number; residuals: Float64Array; perm: Int32Array } {
  checkFiniteMatrix(a, 'a');
  checkRhs(b, a.rows, 'b');
  const tolerance = resolveTolerance(a, options);
  const f = factor(a);
  const { m, n, k, w, beta, diag } = f;
  const rank = rankOf(f, tolerance);
  const r = b.cols;
  const bt = new Float64Array(r * m);
  for (let i = 0; i < m; i++) for (let c = 0; c < r; c++) bt[c * m + i] = b.data[i * r + c];
  for (let j = 0; j < k; j++) applyReflector(w, j * m, beta[j], j, m, bt, r);
  const residuals = new Float64Array(r);
  for (let c = 0; c < r; c++) for (let i = rank; i < m; i++) residuals[c] += bt[c * m + i] ** 2;
  const z = new Float64Array(rank * r);
  for (let i = 0; i < rank; i++) for (let c = 0; c < r; c++) z[i * r + c] = bt[c * m + i];
  const r11 = new Float64Array(rank * rank);
  for (let i = 0; i < rank; i++) {
    r11[i * rank + i] = diag[i];
    for (let c = i + 1; c < rank; c++) r11[i * rank + c] = w[c * m + i];
  }
  solveTriangularInPlace(r11, rank, z, r, false, false, false, 'a');
  const x = zeros(n, r);
  for (let i = 0; i < rank; i++) x.data.set(z.subarray(i * r, i * r + r), f.perm[i] * r);
  return { x, rank, residuals, perm: f.perm };
}
