import { FailedPreconditionError } from './errors';
import { gemmRaw } from './gemm';
import { hessenbergInPlace } from './hessenberg';
import { Matrix, transpose, zeros } from './matrix';
import { powerOfTwoScale } from './scaling';
import { warmUpOnce } from './eigen-warmup';
import { hessenbergSchurWasm } from './schur-wasm';
import { wasmWorkspace } from './wasm/kernels';
import { checkSquare } from './validate';

/** Eigen-decomposition of a general real matrix: λ_j = valuesRe[j] + i·valuesIm[j], A·x_j = λ_j·x_j. */
export interface Eig {
  valuesRe: Float64Array;
  valuesIm: Float64Array;
  /** Column j of vectorsRe + i·vectorsIm is the eigenvector of λ_j, unit 2-norm, largest component real. */
  vectorsRe: Matrix;
  vectorsIm: Matrix;
}

const MAX_ITERATIONS_PER_VALUE = 40;
/** Inputs from this size get the kernels tiered up first (eigen-warmup.ts). */
const WARM_UP_FROM = 128;

/**
 * Eigenvalues and eigenvectors of a general real square matrix: Householder reduction to Hessenberg
 * form, then Francis double-shift QR to real Schur form with exceptional shifts, then back-substitution
 * for the eigenvectors of the quasi-triangular factor (EISPACK hqr2 as in JAMA). With the WASM kernels
 * (schur-wasm.ts) the reduction and the QR sweeps run in SIMD with H and Vᵀ resident, the reduction's
 * Q goes through GEMM, and on active blocks ≥ 48 each sweep is preceded by aggressive early deflation
 * whose window also supplies the shifts (assembly/francis.ts). Complex eigenvalues come in conjugate
 * pairs, the one with positive imaginary part first. Order is the deflation order (not sorted), as
 * LAPACK's dgeev. Throws FailedPreconditionError if QR fails to converge.
 */
export function eig(a: Matrix): Eig {
  checkSquare(a, 'a');
  const n = a.rows;
  if (n >= WARM_UP_FROM) warmUpOnce('eig', 40, false, eig);
  // Exact power-of-two prescaling keeps the products in hqr2 away from over/underflow.
  const scale = powerOfTwoScale(a.data);
  const H = new Float64Array(n * n);
  for (let i = 0; i < H.length; i++) H[i] = a.data[i] / scale;
  const d = new Float64Array(n);
  const e = new Float64Array(n);
  // The QR sweeps update 2–3 columns of V at a time across all rows: keep Vᵀ so those are contiguous rows.
  let V: Float64Array = new Float64Array(n * n);
  let norm = hessenbergSchurWasm(H, n, V, d, e, MAX_ITERATIONS_PER_VALUE * n);
  if (norm === null) {
    V = transpose({ rows: n, cols: n, data: hessenbergInPlace(H, n) }).data;
    norm = schur(H, V, n, d, e);
  }
  const xt = eigenvectorsOfSchur(H, n, d, e, norm);
  // Eigenvectors of A: X = V·Y with Y = (eigenvectors of T) upper triangular but for 2×2 blocks (row j of
  // xt is zero beyond entry j+1), both stored transposed; column blocks skip Y's zero rows (~5/8 of the flops).
  const X = new Float64Array(n * n);
  const bw = Math.max(64, Math.ceil(n / 4));
  for (let j0 = 0; j0 < n; j0 += bw) {
    const j1 = Math.min(n, j0 + bw);
    const k = Math.min(n, j1 + 1);
    gemmRaw(true, true, n, j1 - j0, k, 1, V, n, xt.subarray(j0 * n), n, 0, X.subarray(j0), n);
  }
  const vectorsRe = zeros(n, n);
  const vectorsIm = zeros(n, n);
  const re = vectorsRe.data, im = vectorsIm.data;
  for (let i = 0; i < n; i++) {
    const ri = i * n;
    for (let j = 0; j < n; j++) {
      if (e[j] === 0) re[ri + j] = X[ri + j];
      else if (e[j] > 0) {
        // pair (j, j+1): x = X[:, j] ± i·X[:, j+1]
        re[ri + j] = X[ri + j];
        im[ri + j] = X[ri + j + 1];
        re[ri + j + 1] = X[ri + j];
        im[ri + j + 1] = -X[ri + j + 1];
      }
    }
  }
  normalizeColumns(vectorsRe.data, vectorsIm.data, n);
  for (let j = 0; j < n; j++) {
    d[j] *= scale;
    e[j] *= scale;
  }
  return { valuesRe: d, valuesIm: e, vectorsRe, vectorsIm };
}

/**
 * Each column to unit 2-norm, rotated by a phase so its largest-magnitude component is real and positive.
 * Squared magnitudes are safe here: back-substitution keeps entries below ~2^26·n and every column has
 * norm ≥ 1 (a unit entry before the orthogonal V). Row-wise passes with per-column accumulators.
 */
function normalizeColumns(re: Float64Array, im: Float64Array, n: number): void {
  const big = new Float64Array(n);
  const at = new Int32Array(n);
  const ss = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const ri = i * n;
    for (let j = 0; j < n; j++) {
      const m2 = re[ri + j] * re[ri + j] + im[ri + j] * im[ri + j];
      ss[j] += m2;
      if (m2 > big[j]) {
        big[j] = m2;
        at[j] = i;
      }
    }
  }
  // multiply column j by conj(x_bi)/|x_bi| / ‖x‖
  const cr = new Float64Array(n);
  const ci = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    if (big[j] === 0) {
      cr[j] = 1;
      continue;
    }
    const k = at[j] * n + j;
    const mag = Math.hypot(re[k], im[k]) * Math.sqrt(ss[j]);
    cr[j] = re[k] / mag;
    ci[j] = -im[k] / mag;
  }
  for (let i = 0; i < n; i++) {
    const ri = i * n;
    for (let j = 0; j < n; j++) {
      const xr = re[ri + j];
      const xi = im[ri + j];
      re[ri + j] = xr * cr[j] - xi * ci[j];
      im[ri + j] = xr * ci[j] + xi * cr[j];
    }
  }
  for (let j = 0; j < n; j++) if (big[j] !== 0) im[at[j] * n + j] = 0;
}

/** Francis double-shift QR of the Hessenberg H to real Schur form, accumulating into V (stored as Vᵀ). Returns ‖H‖₁-ish norm. */
function schur(H: Float64Array, V: Float64Array, nn: number, d: Float64Array, e: Float64Array): number {
  const eps = 2 ** -52;
  let exshift = 0;
  let p = 0, q = 0, r = 0, s: number, z: number, w: number, x: number, y: number;
  let norm = 0;
  for (let i = 0; i < nn; i++) for (let j = Math.max(i - 1, 0); j < nn; j++) norm += Math.abs(H[i * nn + j]);
  let n = nn - 1;
  let iter = 0;
  let total = 0;
  const at = (i: number, j: number) => i * nn + j;
  while (n >= 0) {
    let l = n;
    while (l > 0) {
      s = Math.abs(H[at(l - 1, l - 1)]) + Math.abs(H[at(l, l)]);
      if (s === 0) s = norm;
      if (Math.abs(H[at(l, l - 1)]) <= eps * s) break; // ≤: an exact zero deflates even when s = norm = 0
      l--;
    }
    if (l === n) {
      // one root
      H[at(n, n)] += exshift;
      d[n] = H[at(n, n)];
      e[n] = 0;
      n--;
      iter = 0;
    } else if (l === n - 1) {
      // two roots
      w = H[at(n, n - 1)] * H[at(n - 1, n)];
      p = (H[at(n - 1, n - 1)] - H[at(n, n)]) / 2;
      q = p * p + w;
      z = Math.sqrt(Math.abs(q));
      H[at(n, n)] += exshift;
      H[at(n - 1, n - 1)] += exshift;
      x = H[at(n, n)];
      if (q >= 0) {
        // real pair: rotate it to upper triangular
        z = p >= 0 ? p + z : p - z;
        d[n - 1] = x + z;
        d[n] = d[n - 1];
        if (z !== 0) d[n] = x - w / z;
        e[n - 1] = 0;
        e[n] = 0;
        x = H[at(n, n - 1)];
        s = Math.abs(x) + Math.abs(z);
        p = x / s;
        q = z / s;
        r = Math.sqrt(p * p + q * q);
        p /= r;
        q /= r;
        for (let j = n - 1; j < nn; j++) {
          z = H[at(n - 1, j)];
          H[at(n - 1, j)] = q * z + p * H[at(n, j)];
          H[at(n, j)] = q * H[at(n, j)] - p * z;
        }
        for (let i = 0; i <= n; i++) {
          z = H[at(i, n - 1)];
          H[at(i, n - 1)] = q * z + p * H[at(i, n)];
          H[at(i, n)] = q * H[at(i, n)] - p * z;
        }
        const v1 = (n - 1) * nn, v2 = n * nn; // rows of Vᵀ = columns n−1, n of V
        for (let i = 0; i < nn; i++) {
          z = V[v1 + i];
          V[v1 + i] = q * z + p * V[v2 + i];
          V[v2 + i] = q * V[v2 + i] - p * z;
        }
      } else {
        d[n - 1] = x + p;
        d[n] = x + p;
        e[n - 1] = z;
        e[n] = -z;
      }
      n -= 2;
      iter = 0;
    } else {
      x = H[at(n, n)];
      y = 0;
      w = 0;
      if (l < n) {
        y = H[at(n - 1, n - 1)];
        w = H[at(n, n - 1)] * H[at(n - 1, n)];
      }
      if (iter === 10) {
        // Wilkinson's exceptional shift
        exshift += x;
        for (let i = 0; i <= n; i++) H[at(i, i)] -= x;
        s = Math.abs(H[at(n, n - 1)]) + Math.abs(H[at(n - 1, n - 2)]);
        x = y = 0.75 * s;
        w = -0.4375 * s * s;
      }
      if (iter === 30) {
        // MATLAB's exceptional shift
        s = (y - x) / 2;
        s = s * s + w;
        if (s > 0) {
          s = Math.sqrt(s);
          if (y < x) s = -s;
          s = x - w / ((y - x) / 2 + s);
          for (let i = 0; i <= n; i++) H[at(i, i)] -= s;
          exshift += s;
          x = y = w = 0.964;
        }
      }
      iter++;
      if (++total > MAX_ITERATIONS_PER_VALUE * nn) {
        throw new FailedPreconditionError(`eig did not converge: ${total - 1} Francis QR iterations, eigenvalue ${n} not isolated`);
      }
      // two consecutive small subdiagonal elements
      let m = n - 2;
      while (m >= l) {
        z = H[at(m, m)];
        r = x - z;
        s = y - z;
        p = (r * s - w) / H[at(m + 1, m)] + H[at(m, m + 1)];
        q = H[at(m + 1, m + 1)] - z - r - s;
        r = H[at(m + 2, m + 1)];
        s = Math.abs(p) + Math.abs(q) + Math.abs(r);
        p /= s;
        q /= s;
        r /= s;
        if (m === l) break;
        if (Math.abs(H[at(m, m - 1)]) * (Math.abs(q) + Math.abs(r)) <
          eps * (Math.abs(p) * (Math.abs(H[at(m - 1, m - 1)]) + Math.abs(z) + Math.abs(H[at(m + 1, m + 1)])))) break;
        m--;
      }
      for (let i = m + 2; i <= n; i++) {
        H[at(i, i - 2)] = 0;
        if (i > m + 2) H[at(i, i - 3)] = 0;
      }
      // double QR step on rows l..n, columns m..n
      for (let k = m; k <= n - 1; k++) {
        const notlast = k !== n - 1;
        if (k !== m) {
          p = H[at(k, k - 1)];
          q = H[at(k + 1, k - 1)];
          r = notlast ? H[at(k + 2, k - 1)] : 0;
          x = Math.abs(p) + Math.abs(q) + Math.abs(r);
          if (x === 0) continue;
          p /= x;
          q /= x;
          r /= x;
        }
        s = Math.sqrt(p * p + q * q + r * r);
        if (p < 0) s = -s;
        if (s === 0) continue;
        if (k !== m) H[at(k, k - 1)] = -s * x;
        else if (l !== m) H[at(k, k - 1)] = -H[at(k, k - 1)];
        p += s;
        x = p / s;
        y = q / s;
        z = r / s;
        q /= p;
        r /= p;
        const rk = k * nn, rk1 = rk + nn, rk2 = rk1 + nn;
        for (let j = k; j < nn; j++) {
          p = H[rk + j] + q * H[rk1 + j];
          if (notlast) {
            p += r * H[rk2 + j];
            H[rk2 + j] -= p * z;
          }
          H[rk + j] -= p * x;
          H[rk1 + j] -= p * y;
        }
        const iMax = Math.min(n, k + 3);
        for (let i = 0; i <= iMax; i++) {
          const ri = i * nn;
          p = x * H[ri + k] + y * H[ri + k + 1];
          if (notlast) {
            p += z * H[ri + k + 2];
            H[ri + k + 2] -= p * r;
          }
          H[ri + k] -= p;
          H[ri + k + 1] -= p * q;
        }
        const v0 = k * nn, v1 = v0 + nn, v2 = v1 + nn; // rows k, k+1, k+2 of Vᵀ
        for (let i = 0; i < nn; i++) {
          p = x * V[v0 + i] + y * V[v1 + i];
          if (notlast) {
            p += z * V[v2 + i];
            V[v2 + i] -= p * r;
          }
          V[v0 + i] -= p;
          V[v1 + i] -= p * q;
        }
      }
    }
  }
  return norm;
}

/** Complex division (xr + i·xi)/(yr + i·yi) without needless overflow (Smith). */
function cdiv(xr: number, xi: number, yr: number, yi: number, out: Float64Array): void {
  if (Math.abs(yr) > Math.abs(yi)) {
    const r = yi / yr;
    const den = yr + r * yi;
    out[0] = (xr + r * xi) / den;
    out[1] = (xi - r * xr) / den;
  } else {
    const r = yr / yi;
    const den = yi + r * yr;
    out[0] = (r * xr + xi) / den;
    out[1] = (r * xi - xr) / den;
  }
}

/** Σ_k H[hOff + k]·xt[xOff + k] over k < len. */
type RowDot = (hOff: number, xOff: number, len: number) => number;

/**
 * backSubstitute with H and xt placed in WASM memory when the kernels are loaded, so its inner products
 * (~n³/6 multiply-adds, each over a row of T and a row of xt) run in the SIMD dot kernel; plain loops otherwise.
 */
function eigenvectorsOfSchur(H: Float64Array, n: number, d: Float64Array, e: Float64Array, norm: number): Float64Array {
  const nn = n * n;
  const ws = n >= 16 ? wasmWorkspace(16 * nn) : null;
  const dotRows = ws?.exports.dotRows as ((x: number, y: number, len: number) => number) | undefined;
  if (ws === null || dotRows === undefined) {
    const xt = new Float64Array(nn);
    backSubstitute(H, xt, n, d, e, norm, (hOff, xOff, len) => {
      let s = 0;
      for (let k = 0; k < len; k++) s += H[hOff + k] * xt[xOff + k];
      return s;
    });
    return xt;
  }
  const hv = ws.heap.subarray(ws.base / 8, ws.base / 8 + nn);
  const xv = ws.heap.subarray(ws.base / 8 + nn, ws.base / 8 + 2 * nn);
  hv.set(H.subarray(0, nn));
  xv.fill(0);
  const hb = ws.base, xb = ws.base + 8 * nn;
  backSubstitute(hv, xv, n, d, e, norm, (hOff, xOff, len) => dotRows(hb + 8 * hOff, xb + 8 * xOff, len));
  return xv.slice(); // the GEMM that follows reuses this memory
}

/**
 * Eigenvectors of the quasi-triangular Schur factor T by back-substitution (hqr2), written as the rows of
 * xt (n×n, zero on entry): row j is column j of the upper-triangular eigenvector matrix, so every inner
 * product runs over a row of T and a row of xt (contiguous). T itself is only read.
 */
function backSubstitute(
  H: Float64Array, xt: Float64Array, nn: number, d: Float64Array, e: Float64Array, norm: number, dot: RowDot,
): void {
  if (norm === 0) {
    for (let i = 0; i < nn; i++) xt[i * nn + i] = 1; // zero matrix: any basis is an eigenbasis
    return;
  }
  const eps = 2 ** -52;
  const c = new Float64Array(2);
  const at = (i: number, j: number) => i * nn + j;
  let r = 0, s = 0, z = 0, t: number, w: number, x: number, y: number;
  const X = xt;
  for (let n = nn - 1; n >= 0; n--) {
    const p = d[n];
    let q = e[n];
    const xn = n * nn; // row n of xt: the vector of λ_n (its imaginary part for the second of a complex pair)
    const xm = xn - nn; // row n − 1: the real part when (n − 1, n) is a complex pair
    if (q === 0) {
      let l = n;
      X[xn + n] = 1;
      for (let i = n - 1; i >= 0; i--) {
        w = H[at(i, i)] - p;
        r = dot(at(i, l), xn + l, n - l + 1);
        if (e[i] < 0) {
          z = w;
          s = r;
        } else {
          l = i;
          if (e[i] === 0) {
            X[xn + i] = w !== 0 ? -r / w : -r / (eps * norm);
          } else {
            x = H[at(i, i + 1)];
            y = H[at(i + 1, i)];
            q = (d[i] - p) * (d[i] - p) + e[i] * e[i];
            t = (x * s - z * r) / q;
            X[xn + i] = t;
            X[xn + i + 1] = Math.abs(x) > Math.abs(z) ? (-r - w * t) / x : (-s - y * t) / z;
          }
          t = Math.abs(X[xn + i]);
          if (eps * t * t > 1) for (let j = i; j <= n; j++) X[xn + j] /= t;
        }
      }
    } else if (q < 0) {
      let l = n - 1;
      if (Math.abs(H[at(n, n - 1)]) > Math.abs(H[at(n - 1, n)])) {
        X[xm + n - 1] = q / H[at(n, n - 1)];
        X[xn + n - 1] = -(H[at(n, n)] - p) / H[at(n, n - 1)];
      } else {
        cdiv(0, -H[at(n - 1, n)], H[at(n - 1, n - 1)] - p, q, c);
        X[xm + n - 1] = c[0];
        X[xn + n - 1] = c[1];
      }
      X[xm + n] = 0;
      X[xn + n] = 1;
      for (let i = n - 2; i >= 0; i--) {
        const ra = dot(at(i, l), xm + l, n - l + 1);
        const sa = dot(at(i, l), xn + l, n - l + 1);
        w = H[at(i, i)] - p;
        if (e[i] < 0) {
          z = w;
          r = ra;
          s = sa;
        } else {
          l = i;
          if (e[i] === 0) {
            cdiv(-ra, -sa, w, q, c);
            X[xm + i] = c[0];
            X[xn + i] = c[1];
          } else {
            x = H[at(i, i + 1)];
            y = H[at(i + 1, i)];
            let vr = (d[i] - p) * (d[i] - p) + e[i] * e[i] - q * q;
            const vi = (d[i] - p) * 2 * q;
            if (vr === 0 && vi === 0) vr = eps * norm * (Math.abs(w) + Math.abs(q) + Math.abs(x) + Math.abs(y) + Math.abs(z));
            cdiv(x * r - z * ra + q * sa, x * s - z * sa - q * ra, vr, vi, c);
            X[xm + i] = c[0];
            X[xn + i] = c[1];
            if (Math.abs(x) > Math.abs(z) + Math.abs(q)) {
              X[xm + i + 1] = (-ra - w * X[xm + i] + q * X[xn + i]) / x;
              X[xn + i + 1] = (-sa - w * X[xn + i] - q * X[xm + i]) / x;
            } else {
              cdiv(-r - y * X[xm + i], -s - y * X[xn + i], z, q, c);
              X[xm + i + 1] = c[0];
              X[xn + i + 1] = c[1];
            }
          }
          t = Math.max(Math.abs(X[xm + i]), Math.abs(X[xn + i]));
          if (eps * t * t > 1) {
            for (let j = i; j <= n; j++) {
              X[xm + j] /= t;
              X[xn + j] /= t;
            }
          }
        }
      }
    }
  }
}
