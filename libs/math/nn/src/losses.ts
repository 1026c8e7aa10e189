import { InvalidArgumentError, type Matrix } from '@modelbus/math-linalg';
import { sigmoid } from './activations';

/*
 * Losses are means over the batch (MSE: over all elements). Each takes an optional `grad`
 * array that receives d(loss)/d(input) with the same layout as the input, so training loops
 * reuse one buffer instead of allocating per batch.
 */

/** mean((pred − target)²); grad = 2(pred − target)/N. */
export function meanSquaredError(pred: Float64Array, target: Float64Array, grad?: Float64Array): number {
  sameLength(pred.length, target.length, 'target');
  const n = pred.length;
  let s = 0;
  for (let i = 0; i < n; i++) {
    const d = pred[i] - target[i];
    s += d * d;
    if (grad) grad[i] = (2 * d) / n;
  }
  return s / n;
}

/**
 * Binary cross-entropy of labels y ∈ [0, 1] against logits z, mean over rows, in the stable form
 * max(z, 0) − z·y + log(1 + e^{−|z|}) (never exponentiates a positive number).
 * grad = (σ(z) − y)/n.
 */
export function binaryCrossEntropyWithLogits(logits: Float64Array, y: Float64Array, grad?: Float64Array): number {
  sameLength(logits.length, y.length, 'labels');
  const n = logits.length;
  let s = 0;
  for (let i = 0; i < n; i++) {
    const z = logits[i];
    s += (z > 0 ? z : 0) - z * y[i] + Math.log1p(Math.exp(-Math.abs(z)));
    if (grad) grad[i] = (sigmoid(z) - y[i]) / n;
  }
  return s / n;
}

/**
 * Categorical cross-entropy of target distributions (rows of `targets`, e.g. one-hot) against
 * logits, mean over rows: Σ_j t_j (logsumexp(z) − z_j). grad = (softmax(z) − t)/n.
 */
export function categoricalCrossEntropyWithLogits(logits: Matrix, targets: Matrix, grad?: Float64Array): number {
  if (targets.rows !== logits.rows || targets.cols !== logits.cols) {
    throw new InvalidArgumentError('targets', `is ${targets.rows}x${targets.cols}, logits are ${logits.rows}x${logits.cols}`);
  }
  const { rows: n, cols: k, data: z } = logits;
  const t = targets.data;
  let s = 0;
  for (let i = 0; i < n; i++) {
    const r = i * k;
    const lse = rowLogSumExp(z, r, k);
    let tsum = 0;
    for (let j = 0; j < k; j++) {
      s += t[r + j] * (lse - z[r + j]);
      tsum += t[r + j];
    }
    // Gradient of Σ_j t_j(lse − z_j) is tsum·softmax − t (tsum = 1 for distributions).
    if (grad) for (let j = 0; j < k; j++) grad[r + j] = (tsum * Math.exp(z[r + j] - lse) - t[r + j]) / n;
  }
  return s / n;
}

/**
 * The same loss with integer class labels (0..k−1) instead of one-hot rows:
 * mean over rows of logsumexp(z) − z_label. grad = (softmax(z) − onehot)/n.
 */
export function softmaxCrossEntropyWithLogits(logits: Matrix, labels: ArrayLike<number>, grad?: Float64Array): number {
  sameLength(logits.rows, labels.length, 'labels');
  const { rows: n, cols: k, data: z } = logits;
  let s = 0;
  for (let i = 0; i < n; i++) {
    const r = i * k;
    const c = labels[i];
    if (!Number.isInteger(c) || c < 0 || c >= k) throw new InvalidArgumentError('labels', `must be integers in [0, ${k}) (row ${i} is ${c})`);
    const lse = rowLogSumExp(z, r, k);
    s += lse - z[r + c];
    if (grad) {
      for (let j = 0; j < k; j++) grad[r + j] = Math.exp(z[r + j] - lse) / n;
      grad[r + c] -= 1 / n;
    }
  }
  return s / n;
}

function rowLogSumExp(z: Float64Array, off: number, k: number): number {
  let m = -Infinity;
  for (let j = 0; j < k; j++) if (z[off + j] > m) m = z[off + j];
  let s = 0;
  for (let j = 0; j < k; j++) s += Math.exp(z[off + j] - m);
  return m + Math.log(s);
}

function sameLength(a: number, b: number, field: string): void {
  if (a !== b) throw new InvalidArgumentError(field, `has ${b} values, expected ${a}`);
}
