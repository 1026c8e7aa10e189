import { InvalidArgumentError } from './errors';
import { gemmRaw } from './gemm';
import { Matrix, zeros } from './matrix';
import { powerOfTwoScale } from './scaling';
import { svd } from './svd';
import { QR_FIRST_RATIO, tallQr, tallQrR } from './svd-tall-qr';
import { checkFiniteMatrix } from './validate';

export interface PcaOptions {
  /** Number of components, 1 ≤ k ≤ min(n, p). Default min(n, p). */
  k?: number;
  /** Subtract column means (default true). */
  center?: boolean;
  /** Divide columns by their standard deviation (ddof = 0, as sklearn's StandardScaler; constant columns by 1). Default false. */
  scale?: boolean;
  /** Transformed scores get unit variance: divided by sqrt(explained variance). Default false. */
  whiten?: boolean;
}

export interface PcaModel {
  /** k×p: principal axes as rows, unit length, each with its largest-magnitude entry positive. */
  components: Matrix;
  /** k variances along the axes, σ²/(n−1), descending. */
  explainedVariance: Float64Array;
  /** explainedVariance / total variance of the (centred, scaled) data. */
  explainedVarianceRatio: Float64Array;
  singularValues: Float64Array;
  /** p column means subtracted (zeros when center = false). */
  mean: Float64Array;
  /** p column scales divided by, or null when scale = false. */
  scale: Float64Array | null;
  whiten: boolean;
}

/**
 * Principal component analysis through the thin SVD of the centred (and optionally scaled) data —
 * never forming the covariance matrix. Returns the model and the scores of x (n×k).
 */
export function pca(x: Matrix, options: PcaOptions = {}): PcaModel & { transformed: Matrix } {
  checkFiniteMatrix(x, 'x');
  const { rows: n, cols: p } = x;
  if (n < 2) throw new InvalidArgumentError('x', `has ${n} rows; PCA needs at least 2 observations`);
  if (p < 1) throw new InvalidArgumentError('x', 'has no columns');
  const kMax = Math.min(n, p);
  const k = options.k ?? kMax;
  if (!Number.isInteger(k) || k < 1 || k > kMax) throw new InvalidArgumentError('k', `must be an integer in [1, ${kMax}] = [1, min(rows, cols) of x], got ${k}`);
  const center = options.center ?? true;
  const whiten = options.whiten ?? false;
  const xd = x.data;
  const mean = new Float64Array(p);
  if (center) {
    for (let i = 0; i < n; i++) {
      const row = i * p;
      for (let j = 0; j < p; j++) mean[j] += xd[row + j];
    }
    for (let j = 0; j < p; j++) mean[j] /= n;
  }
  const z = new Float64Array(n * p);
  for (let i = 0; i < n; i++) {
    const row = i * p;
    for (let j = 0; j < p; j++) z[row + j] = xd[row + j] - mean[j];
  }
  let scale: Float64Array | null = null;
  if (options.scale) {
    scale = new Float64Array(p);
    // ddof 0 around the mean actually used (0 when center = false); sums of (z/max|z|)² so that columns of
    // ~1e200 do not overflow to an infinite scale
    const colMax = new Float64Array(p);
    for (let i = 0; i < n; i++) for (let j = 0; j < p; j++) colMax[j] = Math.max(colMax[j], Math.abs(z[i * p + j]));
    for (let i = 0; i < n; i++) for (let j = 0; j < p; j++) if (colMax[j] > 0) scale[j] += (z[i * p + j] / colMax[j]) ** 2;
    for (let j = 0; j < p; j++) scale[j] = colMax[j] * Math.sqrt(scale[j] / n) || 1;
    for (let i = 0; i < n; i++) for (let j = 0; j < p; j++) z[i * p + j] /= scale[j];
  }
  let total = 0;
  for (let i = 0; i < z.length; i++) total += z[i] * z[i];
  total /= n - 1;
  const { s, vt, us } = principalAxes(z, n, p, k, whiten);
  const explainedVariance = new Float64Array(k);
  const explainedVarianceRatio = new Float64Array(k);
  const components = zeros(k, p);
  const factor = new Float64Array(k);
  for (let c = 0; c < k; c++) {
    explainedVariance[c] = (s[c] * s[c]) / (n - 1);
    explainedVarianceRatio[c] = total > 0 ? explainedVariance[c] / total : 0;
    // Deterministic sign: the largest-magnitude loading of each axis is positive.
    let big = 0;
    for (let j = 0; j < p; j++) if (Math.abs(vt.data[c * p + j]) > Math.abs(vt.data[c * p + big])) big = j;
    const sign = vt.data[c * p + big] < 0 ? -1 : 1;
    for (let j = 0; j < p; j++) components.data[c * p + j] = sign * vt.data[c * p + j];
    // scores = U·Σ (or U·sqrt(n−1) whitened), with the same sign flip
    factor[c] = sign * (whiten ? (s[c] > 0 ? Math.sqrt(n - 1) / s[c] : 0) : 1);
  }
  // row by row (contiguous), in place: us is ours
  if (factor.some((f) => f !== 1)) for (let i = 0; i < n; i++) for (let c = 0; c < k; c++) us[i * k + c] *= factor[c];
  const transformed: Matrix = { rows: n, cols: k, data: us };
  return { components, explainedVariance, explainedVarianceRatio, singularValues: s, mean, scale, whiten, transformed };
}

/**
 * The k leading singular values and right vectors of z (n×p) and the unnormalised scores U·Σ (n×k).
 * Tall data (n > QR_FIRST_RATIO·p) goes through its R factor only: U·Σ = z·V by one GEMM, so neither Q
 * nor U is formed. Whitening divides the scores by σ, which for numerically zero σ would blow up
 * rounding noise: then (rank-deficient data, whiten) the scores come from the full SVD's U instead.
 */
function principalAxes(z: Float64Array, n: number, p: number, k: number, whiten: boolean): { s: Float64Array; vt: Matrix; us: Float64Array } {
  if (n > QR_FIRST_RATIO * p) {
    const scale = powerOfTwoScale(z);
    const f = tallQr(z, n, p, scale, 'auto', { keepBlocks: false });
    const { s, vt } = svd({ rows: p, cols: p, data: tallQrR(f) }, k);
    for (let c = 0; c < k; c++) s[c] *= scale;
    if (!whiten || s[k - 1] > Math.max(n, p) * Number.EPSILON * s[0]) {
      const us = new Float64Array(n * k);
      gemmRaw(false, true, n, k, p, 1, z, p, vt.data, p, 0, us, k);
      return { s, vt, us };
    }
  }
  const { u, s, vt } = svd({ rows: n, cols: p, data: z }, k);
  const us = u.data;
  for (let i = 0; i < n; i++) for (let c = 0; c < k; c++) us[i * k + c] *= s[c];
  return { s, vt, us };
}

/** Scores of new rows x (m×p) under a fitted model: ((x − mean)/scale)·componentsᵀ (whitened if the model is). */
export function pcaTransform(model: PcaModel, x: Matrix): Matrix {
  checkFiniteMatrix(x, 'x');
  const { components: comp, mean, scale, explainedVariance, whiten } = model;
  const p = comp.cols;
  const k = comp.rows;
  if (x.cols !== p) throw new InvalidArgumentError('x', `has ${x.cols} columns, expected ${p}`);
  const z = new Float64Array(x.rows * p);
  for (let i = 0; i < x.rows; i++) {
    for (let j = 0; j < p; j++) z[i * p + j] = (x.data[i * p + j] - mean[j]) / (scale ? scale[j] : 1);
  }
  const out = zeros(x.rows, k);
  gemmRaw(false, true, x.rows, k, p, 1, z, p, comp.data, p, 0, out.data, k);
  if (whiten) {
    for (let c = 0; c < k; c++) {
      const f = explainedVariance[c] > 0 ? 1 / Math.sqrt(explainedVariance[c]) : 0;
      for (let i = 0; i < x.rows; i++) out.data[i * k + c] *= f;
    }
  }
  return out;
}

/** Back from scores (m×k) to the data space: scores·components·scale + mean (the rank-k reconstruction). */
export function pcaInverseTransform(model: PcaModel, scores: Matrix): Matrix {
  checkFiniteMatrix(scores, 'scores');
  const { components: comp, mean, scale, explainedVariance, whiten } = model;
  const p = comp.cols;
  const k = comp.rows;
  if (scores.cols !== k) throw new InvalidArgumentError('scores', `has ${scores.cols} columns, expected ${k}`);
  const t = Float64Array.from(scores.data);
  if (whiten) for (let i = 0; i < scores.rows; i++) for (let c = 0; c < k; c++) t[i * k + c] *= Math.sqrt(explainedVariance[c]);
  const out = zeros(scores.rows, p);
  gemmRaw(false, false, scores.rows, p, k, 1, t, k, comp.data, p, 0, out.data, p);
  for (let i = 0; i < scores.rows; i++) {
    for (let j = 0; j < p; j++) out.data[i * p + j] = out.data[i * p + j] * (scale ? scale[j] : 1) + mean[j];
  }
  return out;
}
