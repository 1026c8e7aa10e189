import { FailedPreconditionError, InvalidArgumentError } from './errors';
import { Matrix, transpose, zeros } from './matrix';
import { golubKahanSvd } from './svd-golub-kahan';
import { leftVectorsFromR, QR_FIRST_RATIO, tallQr, tallQrR, transposeInto } from './svd-tall-qr';
import { powerOfTwoScale } from './scaling';
import { checkFiniteMatrix } from './validate';

export interface Svd {
  /** m×r, orthonormal columns (left singular vectors). */
  u: Matrix;
  /** r singular values, descending, ≥ 0. */
  s: Float64Array;
  /** r×n, orthonormal rows (right singular vectors, transposed). */
  vt: Matrix;
}

const MAX_SWEEPS = 60; // one-sided Jacobi converges quadratically; 6–12 sweeps is typical
/**
 * Columns (of the input scaled to max|a_ij| ≈ 1) with squared norm below this are numerically zero:
 * Jacobi leaves them alone (their subnormal-range norms are too inexact to steer rotations) and their
 * singular vectors are completed orthonormally instead of normalised.
 */
const NEGLIGIBLE_SQ = 1e-280;

/**
 * Thin SVD a ≈ u·diag(s)·vt of an m×n matrix, keeping the r = min(k, m, n) largest triplets
 * (k defaults to min(m, n); a larger k is clamped). Method: QR first (a = Q·R, so Jacobi works on the
 * small n×n R and converges faster), then one-sided (Hestenes) Jacobi on R's columns, which gives
 * singular values to high relative accuracy. Wide matrices are handled through aᵀ.
 * Columns of u for exactly-zero singular values are completed to an orthonormal set.
 */
export interface SvdOptions {
  /**
   * 'jacobi': QR + one-sided Jacobi (high relative accuracy, slow for large n); 'golub-kahan':
   * bidiagonalisation + implicit QR, or from min(m, n) = SVD_DC_MIN_N divide and conquer on the
   * bidiagonal (fast, backward stable). 'auto' (default): Jacobi up to min(m, n) = 96, Golub–Kahan above.
   */
  method?: 'auto' | 'jacobi' | 'golub-kahan';
}

/** Largest min(m, n) for which 'auto' picks one-sided Jacobi. */
export const SVD_JACOBI_MAX_N = 96;

export function svd(a: Matrix, k?: number, options: SvdOptions = {}): Svd {
  checkFiniteMatrix(a, 'a');
  const full = Math.min(a.rows, a.cols);
  if (k !== undefined && (!Number.isInteger(k) || k < 0)) throw new InvalidArgumentError('k', 'must be a non-negative integer');
  const r = Math.min(k ?? full, full);
  // Jacobi works with squared column norms, which overflow beyond ~1e154 and underflow below ~1e-154:
  // run on a / max|a_ij| and scale σ back (exact for a power of two).
  const scale = powerOfTwoScale(a.data);
  const method = options.method ?? 'auto';
  if (method !== 'auto' && method !== 'jacobi' && method !== 'golub-kahan') {
    throw new InvalidArgumentError('method', "must be 'auto', 'jacobi' or 'golub-kahan'");
  }
  const jacobi = method === 'jacobi' || (method === 'auto' && full <= SVD_JACOBI_MAX_N);
  // x is tall and still to be divided by `by` (never overwritten: the factorisations copy it, scaling as they go)
  const tall = (x: Matrix, by: number) => (jacobi ? tallSvd(x, by, r) : tallSvdGolubKahan(x, by, r));
  const res = a.rows >= a.cols
    ? tall(a, scale)
    : swapSides(tall({ rows: a.cols, cols: a.rows, data: transposeInto(new Float64Array(a.data.length), a.data, a.rows, a.cols, 1 / scale) }, 1)); // aᵀ = U'ΣV'ᵀ ⇒ a = V'ΣU'ᵀ
  for (let i = 0; i < res.s.length; i++) res.s[i] *= scale;
  return res;
}

function swapSides(t: Svd): Svd {
  const tr = (x: Matrix): Matrix => ({ rows: x.cols, cols: x.rows, data: transposeInto(new Float64Array(x.data.length), x.data, x.rows, x.cols) });
  return { u: tr(t.vt), s: t.s, vt: tr(t.u) };
}

/** SVD of a/scale with m ≥ n, keeping r triplets. */
function tallSvd(a: Matrix, scale: number, r: number): Svd {
  const { rows: m, cols: n } = a;
  if (r === 0 || n === 0) return { u: zeros(m, r), s: new Float64Array(r), vt: zeros(r, n) };
  const f = tallQr(a.data, m, n, scale);
  // w: columns of R as contiguous rows; vt: rows are the columns of V (starts as I).
  const w = transpose({ rows: n, cols: n, data: tallQrR(f) }).data;
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i++) v[i * n + i] = 1;
  jacobiSweeps(w, v, n);
  const s = new Float64Array(n);
  for (let i = 0; i < n; i++) s[i] = norm2(w, i * n, n);
  const order = Array.from({ length: n }, (_, i) => i).sort((x, y) => s[y] - s[x]);
  // Left singular vectors of R (as rows), then u = Q·U_R for the r leading ones.
  const urt = new Float64Array(r * n);
  const vt = zeros(r, n);
  const sOut = new Float64Array(r);
  const missing: number[] = [];
  for (let t = 0; t < r; t++) {
    const i = order[t];
    sOut[t] = s[i];
    vt.data.set(v.subarray(i * n, i * n + n), t * n);
    if (s[i] * s[i] > NEGLIGIBLE_SQ) {
      const inv = 1 / s[i];
      for (let c = 0; c < n; c++) urt[t * n + c] = w[i * n + c] * inv;
    } else {
      missing.push(t);
    }
  }
  if (missing.length > 0) completeOrthonormal(urt, r, n, missing);
  return { u: { rows: m, cols: r, data: leftVectorsFromR(f, urt, r) }, s: sOut, vt };
}

/**
 * Golub–Kahan SVD of a/scale with m ≥ n, keeping r triplets. Clearly tall input (m > QR_FIRST_RATIO·n) is first
 * reduced by QR so the bidiagonalisation runs on the n×n R, and u = Q·U_R by one GEMM.
 */
function tallSvdGolubKahan(a: Matrix, scale: number, r: number): Svd {
  const { rows: m, cols: n } = a;
  if (r === 0 || n === 0) return { u: zeros(m, r), s: new Float64Array(r), vt: zeros(r, n) };
  const viaQr = m > QR_FIRST_RATIO * n;
  const f = viaQr ? tallQr(a.data, m, n, scale) : null;
  const work = f ? tallQrR(f) : scaledCopy(a.data, 1 / scale);
  const rows = f ? n : m;
  const { s, ut, vt: v } = golubKahanSvd(work, rows, n);
  const order = Array.from({ length: n }, (_, i) => i).sort((x, y) => s[y] - s[x]);
  const sOut = new Float64Array(r);
  const vt = zeros(r, n);
  const urt = new Float64Array(r * rows);
  for (let t = 0; t < r; t++) {
    const i = order[t];
    sOut[t] = s[i];
    vt.data.set(v.subarray(i * n, i * n + n), t * n);
    urt.set(ut.subarray(i * rows, i * rows + rows), t * rows);
  }
  if (f) return { u: { rows: m, cols: r, data: leftVectorsFromR(f, urt, r) }, s: sOut, vt };
  return { u: { rows: m, cols: r, data: transposeInto(new Float64Array(m * r), urt, r, m) }, s: sOut, vt };
}

function scaledCopy(x: Float64Array, f: number): Float64Array {
  const y = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) y[i] = f * x[i];
  return y;
}

/** Euclidean norm with scaling, so tiny columns do not underflow to 0 (their σ stays meaningful). */
function norm2(x: Float64Array, xo: number, len: number): number {
  let big = 0;
  for (let c = 0; c < len; c++) big = Math.max(big, Math.abs(x[xo + c]));
  if (big === 0) return 0;
  let ss = 0;
  for (let c = 0; c < len; c++) ss += (x[xo + c] / big) ** 2;
  return big * Math.sqrt(ss);
}

function dot(x: Float64Array, xo: number, y: Float64Array, yo: number, len: number): number {
  let s = 0;
  for (let c = 0; c < len; c++) s += x[xo + c] * y[yo + c];
  return s;
}

/**
 * Hestenes one-sided Jacobi on the n rows of w (the columns of the matrix): rotate each pair until
 * |w_i·w_j| ≤ eps·‖w_i‖‖w_j‖ for all pairs, applying the same rotations to the rows of v.
 */
function jacobiSweeps(w: Float64Array, v: Float64Array, n: number): void {
  const norms = new Float64Array(n);
  for (let sweep = 0; sweep < MAX_SWEEPS; sweep++) {
    for (let i = 0; i < n; i++) norms[i] = dot(w, i * n, w, i * n, n); // fresh each sweep: no drift
    let rotated = false;
    for (let i = 0; i < n - 1; i++) {
      for (let j = i + 1; j < n; j++) {
        const alpha = norms[i];
        const beta = norms[j];
        if (alpha <= NEGLIGIBLE_SQ || beta <= NEGLIGIBLE_SQ) continue;
        const gamma = dot(w, i * n, w, j * n, n);
        if (Math.abs(gamma) <= Number.EPSILON * Math.sqrt(alpha) * Math.sqrt(beta)) continue;
        rotated = true;
        // Rotation that zeroes the off-diagonal of the 2×2 Gram matrix [[α, γ], [γ, β]].
        const zeta = (beta - alpha) / (2 * gamma);
        const t = (zeta >= 0 ? 1 : -1) / (Math.abs(zeta) + Math.hypot(1, zeta)); // hypot: ζ² may overflow
        const c = 1 / Math.sqrt(1 + t * t);
        const s = c * t;
        rotateRows(w, i * n, j * n, n, c, s);
        rotateRows(v, i * n, j * n, n, c, s);
        norms[i] = alpha - t * gamma;
        norms[j] = beta + t * gamma;
      }
    }
    if (!rotated) return;
  }
  throw new FailedPreconditionError(`svd did not converge in ${MAX_SWEEPS} Jacobi sweeps`);
}

function rotateRows(x: Float64Array, io: number, jo: number, len: number, c: number, s: number): void {
  for (let k = 0; k < len; k++) {
    const xi = x[io + k];
    const xj = x[jo + k];
    x[io + k] = c * xi - s * xj;
    x[jo + k] = s * xi + c * xj;
  }
}

/**
 * Fills rows `missing` of urt (r×n) so that all r rows are orthonormal: for each, the standard basis
 * vector with the largest component outside the span of the other rows, Gram–Schmidt'ed twice.
 */
function completeOrthonormal(urt: Float64Array, r: number, n: number, missing: number[]): void {
  const isMissing = new Uint8Array(r);
  for (const t of missing) isMissing[t] = 1;
  const cand = new Float64Array(n);
  for (const t of missing) {
    let best = -1;
    let bestNorm = 0;
    for (let e = 0; e < n; e++) {
      cand.fill(0);
      cand[e] = 1;
      const norm = orthogonalize(cand, urt, r, n, isMissing);
      if (norm > bestNorm) {
        bestNorm = norm;
        best = e;
      }
    }
    cand.fill(0);
    cand[best] = 1;
    const norm = orthogonalize(cand, urt, r, n, isMissing);
    for (let c = 0; c < n; c++) urt[t * n + c] = cand[c] / norm;
    isMissing[t] = 0;
  }
}

/** Removes from x its components along the rows of urt not flagged missing (twice); returns ‖x‖. */
function orthogonalize(x: Float64Array, urt: Float64Array, r: number, n: number, isMissing: Uint8Array): number {
  for (let pass = 0; pass < 2; pass++) {
    for (let t = 0; t < r; t++) {
      if (isMissing[t]) continue;
      const p = dot(x, 0, urt, t * n, n);
      for (let c = 0; c < n; c++) x[c] -= p * urt[t * n + c];
    }
  }
  return Math.sqrt(dot(x, 0, x, 0, n));
}
