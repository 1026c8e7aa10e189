import { InvalidArgumentError } from './errors';
import { gemmRaw } from './gemm';
import { Matrix, transpose, zeros } from './matrix';
import { qr } from './qr';
import { checkCsr, isCsr, spmm, spmmTransposed, type CsrMatrix } from './sparse';
import { svd, type Svd } from './svd';
import { checkFiniteMatrix } from './validate';

export interface RandomizedSvdOptions {
  /** Extra random directions beyond k (default 10). */
  oversample?: number;
  /** Power (subspace) iterations, each re-orthonormalised; sharpens a slowly decaying spectrum (default 4). */
  powerIterations?: number;
  /** Seed of the Gaussian test matrix (required for reproducibility; default 0). */
  seed?: number;
}

/**
 * Truncated SVD of a dense or CSR matrix by randomized range finding (Halko, Martinsson & Tropp 2011,
 * Alg. 4.4): Y = (A·Aᵀ)^q·A·Ω with Ω Gaussian n×(k+p), orthonormalised after every product; then the
 * exact SVD of the small B = Qᵀ·A. A is only touched through products, so CSR input costs O(nnz·(k+p))
 * per pass. Error ≈ σ_{k+1} for a decaying spectrum; reproducible for a given seed.
 */
export function randomizedSvd(a: Matrix | CsrMatrix, k: number, options: RandomizedSvdOptions = {}): Svd {
  const sparse = isCsr(a);
  if (sparse) checkCsr(a, 'a');
  else checkFiniteMatrix(a as Matrix, 'a');
  const { rows: m, cols: n } = a;
  const full = Math.min(m, n);
  if (!Number.isInteger(k) || k < 1 || k > full) throw new InvalidArgumentError('k', `must be an integer in [1, ${full}], got ${k}`);
  const oversample = options.oversample ?? 10;
  const q = options.powerIterations ?? 4;
  if (!Number.isInteger(oversample) || oversample < 0) throw new InvalidArgumentError('oversample', 'must be a non-negative integer');
  if (!Number.isInteger(q) || q < 0) throw new InvalidArgumentError('powerIterations', 'must be a non-negative integer');
  const l = Math.min(full, k + oversample);
  const times = (x: Float64Array): Float64Array => {
    if (sparse) return spmm(a as CsrMatrix, x, l);
    const out = new Float64Array(m * l);
    gemmRaw(false, false, m, l, n, 1, (a as Matrix).data, n, x, l, 0, out, l);
    return out;
  };
  const timesT = (x: Float64Array): Float64Array => {
    if (sparse) return spmmTransposed(a as CsrMatrix, x, l);
    const out = new Float64Array(n * l);
    gemmRaw(true, false, n, l, m, 1, (a as Matrix).data, n, x, l, 0, out, l);
    return out;
  };
  const omega = gaussian(n * l, options.seed ?? 0);
  let y = orthonormal(times(omega), m, l);
  for (let i = 0; i < q; i++) {
    const z = orthonormal(timesT(y), n, l);
    y = orthonormal(times(z), m, l);
  }
  // B = Qᵀ·A (l×n) = (Aᵀ·Q)ᵀ
  const small = svd(transpose({ rows: n, cols: l, data: timesT(y) }), k);
  const u = zeros(m, k);
  gemmRaw(false, false, m, k, l, 1, y, l, small.u.data, k, 0, u.data, k);
  return { u, s: small.s, vt: small.vt };
}

function orthonormal(y: Float64Array, rows: number, cols: number): Float64Array {
  return qr({ rows, cols, data: y }).q.data;
}

/** Standard normal samples from a seeded mulberry32 stream (Box–Muller); linalg cannot import math-stats. */
function gaussian(count: number, seed: number): Float64Array {
  let s = seed >>> 0;
  const uniform = () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return (((t ^ (t >>> 14)) >>> 0) + 0.5) / 4294967296; // in (0, 1): log is finite
  };
  const out = new Float64Array(count);
  for (let i = 0; i < count; i += 2) {
    const r = Math.sqrt(-2 * Math.log(uniform()));
    const th = 2 * Math.PI * uniform();
    out[i] = r * Math.cos(th);
    if (i + 1 < count) out[i + 1] = r * Math.sin(th);
  }
  return out;
}
