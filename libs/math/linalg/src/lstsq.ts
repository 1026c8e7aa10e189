import { InvalidArgumentError } from './errors';
import { gemmRaw } from './gemm';
import { Matrix, zeros } from './matrix';
import { powerOfTwoScale } from './scaling';
import { svd } from './svd';
import { QR_FIRST_RATIO, tallQr, tallQrR, transposeInto } from './svd-tall-qr';
import { checkFiniteMatrix, checkRhs } from './validate';

export interface LstsqOptions {
  /** Ridge (Tikhonov) penalty λ ≥ 0: minimise ‖a·x − b‖² + λ‖x‖². Default 0. */
  ridge?: number;
  /** Singular values ≤ rcond·σ_max count as zero (when ridge = 0). Default max(m, n)·eps, as numpy. */
  rcond?: number;
}

export interface LstsqResult {
  /** n×r minimiser (minimum-norm when a is rank-deficient). */
  x: Matrix;
  /** Per column of b: ‖b_j − a·x_j‖² (always computed, unlike numpy which omits it when rank < n). */
  residuals: Float64Array;
  /** Numerical rank of a: singular values above rcond·σ_max. */
  rank: number;
  /** Singular values of a, descending. */
  singularValues: Float64Array;
}

/**
 * Linear least squares (and ridge regression) for any shape and rank through the thin SVD
 * a = U·Σ·Vᵀ: x = V·diag(f(σ))·Uᵀb with f(σ) = 1/σ above the rank cut-off (0 below, which gives the
 * minimum-norm solution, like LAPACK gelsd) or f(σ) = σ/(σ² + λ) for ridge λ > 0. Never forms aᵀa.
 */
export function lstsq(a: Matrix, b: Matrix, options: LstsqOptions = {}): LstsqResult {
  checkFiniteMatrix(a, 'a');
  checkRhs(b, a.rows, 'b');
  const ridge = options.ridge ?? 0;
  if (!Number.isFinite(ridge) || ridge < 0) throw new InvalidArgumentError('ridge', 'must be a finite number ≥ 0');
  const { rows: m, cols: n } = a;
  const q = b.cols;
  const rcond = options.rcond ?? Math.max(m, n) * Number.EPSILON;
  if (!Number.isFinite(rcond) || rcond < 0) throw new InvalidArgumentError('rcond', 'must be a finite number ≥ 0');
  // c = Uᵀb (r×q); for clearly tall a via a = Q·R, R = U_R·Σ·Vᵀ: Uᵀb = U_Rᵀ·(Qᵀb)[0:n], so U is never formed
  const tall = m > QR_FIRST_RATIO * n;
  const { s, c, vt } = tall ? projectViaQr(a, b) : projectViaSvd(a, b);
  const r = s.length;
  const tol = r > 0 ? rcond * s[0] : 0;
  let rank = 0;
  for (let i = 0; i < r; i++) if (s[i] > tol) rank++;
  // c ← diag(f)·c
  for (let i = 0; i < r; i++) {
    const f = ridge > 0 ? s[i] / (s[i] * s[i] + ridge) : s[i] > tol ? 1 / s[i] : 0;
    for (let j = 0; j < q; j++) c[i * q + j] *= f;
  }
  const x = zeros(n, q);
  gemmRaw(true, false, n, q, r, 1, vt.data, n, c, q, 0, x.data, q);
  const res = new Float64Array(m * q);
  res.set(b.data);
  gemmRaw(false, false, m, q, n, -1, a.data, n, x.data, q, 1, res, q);
  const residuals = new Float64Array(q);
  for (let i = 0; i < m; i++) for (let j = 0; j < q; j++) residuals[j] += res[i * q + j] ** 2;
  return { x, residuals, rank, singularValues: s };
}

interface Projected {
  /** singular values of a, descending */
  s: Float64Array;
  /** Uᵀb (r×q) */
  c: Float64Array;
  /** Vᵀ (r×n) */
  vt: Matrix;
}

function projectViaSvd(a: Matrix, b: Matrix): Projected {
  const { u, s, vt } = svd(a);
  const r = s.length;
  const q = b.cols;
  const c = new Float64Array(r * q);
  gemmRaw(true, false, r, q, a.rows, 1, u.data, r, b.data, q, 0, c, q);
  return { s, c, vt };
}

/** m ≫ n: QR of a (scaled by a power of two so the squares in the reflectors stay in range), then the n×n SVD of R. */
function projectViaQr(a: Matrix, b: Matrix): Projected {
  const { rows: m, cols: n } = a;
  const q = b.cols;
  const scale = powerOfTwoScale(a.data);
  const bt = transposeInto(new Float64Array(q * m), b.data, m, q);
  const f = tallQr(a.data, m, n, scale, 'auto', { qt: { x: bt, rows: q }, keepBlocks: false });
  const { u: ur, s, vt } = svd({ rows: n, cols: n, data: tallQrR(f) });
  for (let i = 0; i < n; i++) s[i] *= scale; // σ(a) = scale·σ(a/scale); Q, U_R, V are unchanged
  // d = (Qᵀb)[0:n] as n×q, then c = U_Rᵀ·d
  const d = new Float64Array(n * q);
  for (let j = 0; j < q; j++) for (let i = 0; i < n; i++) d[i * q + j] = bt[j * m + i];
  const c = new Float64Array(n * q);
  gemmRaw(true, false, n, q, n, 1, ur.data, n, d, q, 0, c, q);
  return { s, c, vt };
}

/**
 * Moore–Penrose pseudo-inverse (n×m) as the minimum-norm least-squares solution of a·X = I, singular
 * values below rcond·σ_max treated as zero (numpy.linalg.pinv with its default rcond scaled like lstsq).
 */
export function pinv(a: Matrix, rcond?: number): Matrix {
  checkFiniteMatrix(a, 'a');
  const eye = zeros(a.rows, a.rows);
  for (let i = 0; i < a.rows; i++) eye.data[i * a.rows + i] = 1;
  return lstsq(a, eye, { rcond }).x;
}
