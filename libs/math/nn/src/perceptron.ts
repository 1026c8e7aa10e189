import { assertFinite, InvalidArgumentError, type Matrix } from '@modelbus/math-linalg';
import { Rng } from '@modelbus/math-stats';
import { applyStandardizer, fitStandardizer } from './standardize';

/** A trained perceptron, plain JSON so it can be stored as an object. */
export interface PerceptronModel {
  kind: 'perceptron';
  /** Weights on the standardised features (z = (x - mean) / std). */
  weights: number[];
  bias: number;
  featureNames: string[];
  mean: number[];
  std: number[];
  /** Epochs actually run (early stop on a mistake-free epoch or when onEpoch returns false). */
  epochs: number;
  /** True when an epoch made no mistakes: the training set is separated. */
  converged: boolean;
  /** Accuracy of the final weights on the whole training set. */
  trainAccuracy: number;
}

export interface PerceptronEpoch {
  epoch: number;
  /** Mistakes (updates) made during this epoch. */
  errors: number;
  /** Training accuracy of the weights at the end of this epoch. */
  accuracy: number;
}

export interface PerceptronOptions {
  epochs: number;
  learningRate: number;
  seed: number;
  /** Called after every epoch; return false to stop training. */
  onEpoch?: (e: PerceptronEpoch) => void | boolean;
  /** Standardise features with the training statistics first (default true). */
  standardize?: boolean;
  /** Names stored in the model; default f0..f{d-1}. */
  featureNames?: string[];
}

/**
 * Rosenblatt's perceptron for labels {0, 1} (mapped to ∓1): start from zero weights, visit the
 * rows in a fresh seeded random order each epoch and, on a mistake y·(w·x + b) ≤ 0, move
 * w += η·y·x, b += η·y. Stops early after an epoch without mistakes. With zero start the
 * learning rate only scales (w, b), so predictions do not depend on it; it is kept for the API.
 */
export function trainPerceptron(x: Matrix, y: Float64Array, opts: PerceptronOptions): PerceptronModel {
  validate(x, y, opts);
  const { rows: n, cols: d } = x;
  const standardize = opts.standardize ?? true;
  const stats = standardize
    ? fitStandardizer(x)
    : { mean: new Float64Array(d), std: new Float64Array(d).fill(1) };
  const z = standardize ? applyStandardizer(x, stats).data : x.data;
  const sign = new Float64Array(n);
  for (let i = 0; i < n; i++) sign[i] = y[i] === 1 ? 1 : -1;

  const w = new Float64Array(d);
  let b = 0;
  const eta = opts.learningRate;
  const rng = new Rng(opts.seed);
  const order = new Int32Array(n);
  let epochs = 0;
  let converged = false;
  let accuracy = trainingAccuracy(z, sign, n, d, w, b);
  for (let epoch = 1; epoch <= opts.epochs; epoch++) {
    rng.permutation(n, order);
    let errors = 0;
    for (let t = 0; t < n; t++) {
      const i = order[t];
      const r = i * d;
      let s = b;
      for (let j = 0; j < d; j++) s += w[j] * z[r + j];
      const yi = sign[i];
      if (yi * s <= 0) {
        const step = eta * yi;
        for (let j = 0; j < d; j++) w[j] += step * z[r + j];
        b += step;
        errors++;
      }
    }
    epochs = epoch;
    accuracy = errors === 0 ? 1 : trainingAccuracy(z, sign, n, d, w, b);
    const keepGoing = opts.onEpoch?.({ epoch, errors, accuracy });
    if (errors === 0) {
      converged = true;
      break;
    }
    if (keepGoing === false) break;
  }
  return {
    kind: 'perceptron',
    weights: Array.from(w),
    bias: b,
    featureNames: opts.featureNames ? [...opts.featureNames] : Array.from({ length: d }, (_, j) => `f${j}`),
    mean: Array.from(stats.mean),
    std: Array.from(stats.std),
    epochs,
    converged,
    trainAccuracy: accuracy,
  };
}

/** Predicted labels (0/1) for the rows of `inputs`, in raw (unstandardised) feature units. */
export function predictPerceptron(model: PerceptronModel, inputs: Matrix): Float64Array {
  const d = model.weights.length;
  if (inputs.cols !== d) throw new InvalidArgumentError('inputs', `has ${inputs.cols} columns, the model expects ${d}`);
  assertFinite(inputs.data, 'inputs.data');
  const { weights: w, mean, std, bias } = model;
  const out = new Float64Array(inputs.rows);
  for (let i = 0; i < inputs.rows; i++) {
    const r = i * d;
    let s = bias;
    for (let j = 0; j < d; j++) s += w[j] * ((inputs.data[r + j] - mean[j]) / std[j]); // same rounding as training
    out[i] = s > 0 ? 1 : 0;
  }
  return out;
}

/** Fraction of rows with y·(w·z + b) > 0 — the same strict rule training counts as correct. */
function trainingAccuracy(z: Float64Array, sign: Float64Array, n: number, d: number, w: Float64Array, b: number): number {
  let correct = 0;
  for (let i = 0; i < n; i++) {
    const r = i * d;
    let s = b;
    for (let j = 0; j < d; j++) s += w[j] * z[r + j];
    if (sign[i] * s > 0) correct++;
  }
  return correct / n;
}

function validate(x: Matrix, y: Float64Array, opts: PerceptronOptions): void {
  if (x.rows < 1 || x.cols < 1) throw new InvalidArgumentError('x', 'must have at least one row and one column');
  if (x.data.length !== x.rows * x.cols) throw new InvalidArgumentError('x.data', `has ${x.data.length} values, expected ${x.rows * x.cols}`);
  if (y.length !== x.rows) throw new InvalidArgumentError('labels', `has ${y.length} values, x has ${x.rows} rows`);
  assertFinite(x.data, 'x.data');
  for (let i = 0; i < y.length; i++) {
    if (y[i] !== 0 && y[i] !== 1) throw new InvalidArgumentError('labels', `must be 0 or 1 (row ${i} is ${y[i]})`);
  }
  if (!Number.isInteger(opts.epochs) || opts.epochs < 1) throw new InvalidArgumentError('epochs', 'must be a positive integer');
  if (!Number.isFinite(opts.learningRate) || opts.learningRate <= 0) throw new InvalidArgumentError('learningRate', 'must be a finite number > 0');
  if (!Number.isInteger(opts.seed)) throw new InvalidArgumentError('seed', 'must be an integer');
  if (opts.featureNames && opts.featureNames.length !== x.cols) {
    throw new InvalidArgumentError('featureNames', `has ${opts.featureNames.length} names, x has ${x.cols} columns`);
  }
}
