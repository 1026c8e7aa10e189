import { assertFinite, FailedPreconditionError, InvalidArgumentError, type Matrix } from '@modelbus/math-linalg';
import { Rng } from '@modelbus/math-stats';
import { sigmoid, softmaxRows, type Activation } from './activations';
import { binaryCrossEntropyWithLogits, softmaxCrossEntropyWithLogits } from './losses';
import { initMlpParams, mlpBackward, mlpForward, mlpLayers, mlpParamCount, MlpWorkspace, validateArchitecture, type MlpArchitecture } from './mlp';
import { countClasses } from './one-hot';
import { createOptimizer, type OptimizerSpec } from './optimizers';
import { applyStandardizer, fitStandardizer } from './standardize';

/**
 * A trained classifier, plain JSON. Logistic regression is the network [d, 1] with a sigmoid
 * output and binary cross-entropy; the softmax classifier is [d, k]; the MLP adds hidden layers.
 * `params` is the flat vector of mlp.ts (per layer W row-major in × out, then b), acting on
 * standardised inputs (x − mean)/std.
 */
export interface ClassifierModel {
  kind: 'logistic' | 'softmax' | 'mlp';
  sizes: number[];
  hidden: Activation;
  output: 'sigmoid' | 'softmax';
  classes: number;
  params: number[];
  featureNames: string[];
  mean: number[];
  std: number[];
  epochs: number;
  /** Loss (without the L2 term) and accuracy of the final parameters on the whole training set. */
  trainLoss: number;
  trainAccuracy: number;
}

export interface ClassifierEpoch {
  epoch: number;
  /** Mean mini-batch loss over the epoch (parameters change during it), without the L2 term. */
  loss: number;
  /** Accuracy of the mini-batch predictions made during the epoch. */
  accuracy: number;
}

export interface ClassifierOptions {
  epochs: number;
  seed: number;
  /** Rows per mini-batch (default 32); the last batch of an epoch may be smaller. */
  batchSize?: number;
  /** Default Adam with learning rate 1e-3. */
  optimizer?: OptimizerSpec;
  /** L2 penalty (l2/2)·‖W‖² on weights, not biases (default 0). */
  l2?: number;
  standardize?: boolean;
  featureNames?: string[];
  /** Number of classes (default max label + 1). Ignored by logistic regression (2). */
  numClasses?: number;
  onEpoch?: (e: ClassifierEpoch) => void | boolean;
}

export interface MlpOptions extends ClassifierOptions {
  /** Hidden layer widths, e.g. [128]. */
  hidden: number[];
  /** Hidden activation (default relu). */
  activation?: Activation;
}

/** Binary logistic regression (labels 0/1) by mini-batch gradient descent on the mean log-loss. */
export function trainLogisticRegression(x: Matrix, y: Float64Array, opts: ClassifierOptions): ClassifierModel {
  for (let i = 0; i < y.length; i++) {
    if (y[i] !== 0 && y[i] !== 1) throw new InvalidArgumentError('labels', `must be 0 or 1 (row ${i} is ${y[i]})`);
  }
  return train('logistic', { sizes: [x.cols, 1], hidden: 'identity' }, 2, x, y, opts);
}

/** Multinomial logistic (softmax) regression for labels 0..k−1. */
export function trainSoftmaxClassifier(x: Matrix, y: Float64Array, opts: ClassifierOptions): ClassifierModel {
  const k = classCount(y, opts);
  return train('softmax', { sizes: [x.cols, k], hidden: 'identity' }, k, x, y, opts);
}

/** Multi-layer perceptron with softmax output for labels 0..k−1, trained by backprop. */
export function trainMlp(x: Matrix, y: Float64Array, opts: MlpOptions): ClassifierModel {
  const k = classCount(y, opts);
  if (!Array.isArray(opts.hidden)) throw new InvalidArgumentError('hidden', 'must be an array of layer widths');
  return train('mlp', { sizes: [x.cols, ...opts.hidden, k], hidden: opts.activation ?? 'relu' }, k, x, y, opts);
}

/** Class probabilities, n × classes (logistic: columns P(0), P(1)). */
export function predictProba(model: ClassifierModel, inputs: Matrix): Matrix {
  const d = model.sizes[0];
  if (inputs.cols !== d) throw new InvalidArgumentError('inputs', `has ${inputs.cols} columns, the model expects ${d}`);
  assertFinite(inputs.data, 'inputs.data');
  const z = applyStandardizer(inputs, model);
  const arch = { sizes: model.sizes, hidden: model.hidden };
  const ws = new MlpWorkspace(arch, Math.max(1, inputs.rows));
  const logits = mlpForward(ws, Float64Array.from(model.params), z);
  if (model.output === 'softmax') return softmaxRows(logits);
  const out = new Float64Array(inputs.rows * 2);
  for (let i = 0; i < inputs.rows; i++) {
    const p = sigmoid(logits.data[i]);
    out[2 * i] = 1 - p;
    out[2 * i + 1] = p;
  }
  return { rows: inputs.rows, cols: 2, data: out };
}

/** Most probable class per row. */
export function predictClasses(model: ClassifierModel, inputs: Matrix): Float64Array {
  const p = predictProba(model, inputs);
  const out = new Float64Array(p.rows);
  for (let i = 0; i < p.rows; i++) {
    let best = 0;
    for (let j = 1; j < p.cols; j++) if (p.data[i * p.cols + j] > p.data[i * p.cols + best]) best = j;
    out[i] = best;
  }
  return out;
}

function classCount(y: Float64Array, opts: ClassifierOptions): number {
  const k = Math.max(countClasses(y), opts.numClasses ?? 0);
  if (opts.numClasses !== undefined && (!Number.isInteger(opts.numClasses) || opts.numClasses < countClasses(y))) {
    throw new InvalidArgumentError('numClasses', `must be an integer ≥ max label + 1 = ${countClasses(y)}`);
  }
  if (k < 2) throw new InvalidArgumentError('labels', 'need at least two classes (labels 0..k−1)');
  return k;
}

function train(kind: ClassifierModel['kind'], arch: MlpArchitecture, classes: number, x: Matrix, y: Float64Array, opts: ClassifierOptions): ClassifierModel {
  validateArchitecture(arch);
  const { rows: n, cols: d } = x;
  if (n < 1 || d < 1) throw new InvalidArgumentError('x', 'must have at least one row and one column');
  if (y.length !== n) throw new InvalidArgumentError('labels', `has ${y.length} values, x has ${n} rows`);
  assertFinite(x.data, 'x.data');
  if (!Number.isInteger(opts.epochs) || opts.epochs < 1) throw new InvalidArgumentError('epochs', 'must be a positive integer');
  if (!Number.isInteger(opts.seed)) throw new InvalidArgumentError('seed', 'must be an integer');
  const batch = Math.min(opts.batchSize ?? 32, n);
  if (!Number.isInteger(batch) || batch < 1) throw new InvalidArgumentError('batchSize', 'must be a positive integer');
  const l2 = opts.l2 ?? 0;
  if (!Number.isFinite(l2) || l2 < 0) throw new InvalidArgumentError('l2', 'must be a finite number ≥ 0');
  if (opts.featureNames && opts.featureNames.length !== d) throw new InvalidArgumentError('featureNames', `has ${opts.featureNames.length} names, x has ${d} columns`);
  const optimizer = createOptimizer(opts.optimizer ?? { kind: 'adam', learningRate: 1e-3 });

  const stats = (opts.standardize ?? true) ? fitStandardizer(x) : { mean: new Float64Array(d), std: new Float64Array(d).fill(1) };
  const z = applyStandardizer(x, stats).data;
  const binary = kind === 'logistic';
  const outDim = arch.sizes[arch.sizes.length - 1];
  const layers = mlpLayers(arch);
  // Linear models (logistic, softmax) have a convex loss: start from zero, the max-entropy point,
  // so the seed only drives the shuffling. Hidden layers need random weights to break symmetry.
  const params = kind === 'mlp' ? initMlpParams(arch, opts.seed) : new Float64Array(mlpParamCount(arch.sizes));
  const grads = new Float64Array(params.length);
  const ws = new MlpWorkspace(arch, batch);
  const xb = new Float64Array(batch * d);
  const yb = new Float64Array(batch);
  const dLogits = new Float64Array(batch * outDim);
  const order = new Int32Array(n);
  const rng = new Rng(opts.seed ^ 0x5bd1e995); // decorrelated from the initialisation stream

  let epochs = 0;
  for (let epoch = 1; epoch <= opts.epochs; epoch++) {
    rng.permutation(n, order);
    let lossSum = 0;
    let correct = 0;
    for (let start = 0; start < n; start += batch) {
      const m = Math.min(batch, n - start);
      for (let t = 0; t < m; t++) {
        const i = order[start + t];
        xb.set(z.subarray(i * d, i * d + d), t * d);
        yb[t] = y[i];
      }
      const xm: Matrix = { rows: m, cols: d, data: xb.subarray(0, m * d) };
      const logits = mlpForward(ws, params, xm);
      const ym = yb.subarray(0, m);
      const g = dLogits.subarray(0, m * outDim);
      const loss = binary ? binaryCrossEntropyWithLogits(logits.data, ym, g) : softmaxCrossEntropyWithLogits(logits, ym, g);
      if (!Number.isFinite(loss)) throw new FailedPreconditionError(`training diverged at epoch ${epoch} (loss ${loss}); lower the learning rate`);
      lossSum += loss * m;
      correct += countCorrect(logits, ym, binary);
      mlpBackward(ws, params, xm, g, grads);
      if (l2 > 0) for (const L of layers) for (let i = L.wOffset; i < L.bOffset; i++) grads[i] += l2 * params[i];
      optimizer.step(params, grads);
      for (let i = 0; i < params.length; i++) {
        if (!Number.isFinite(params[i])) throw new FailedPreconditionError(`training diverged at epoch ${epoch} (non-finite weights); lower the learning rate`);
      }
    }
    epochs = epoch;
    if (opts.onEpoch?.({ epoch, loss: lossSum / n, accuracy: correct / n }) === false) break;
  }

  // Final loss and accuracy of the returned parameters on the whole training set.
  let lossSum = 0;
  let correct = 0;
  for (let start = 0; start < n; start += batch) {
    const m = Math.min(batch, n - start);
    const xm: Matrix = { rows: m, cols: d, data: z.subarray(start * d, (start + m) * d) };
    const logits = mlpForward(ws, params, xm);
    const ym = y.subarray(start, start + m);
    lossSum += m * (binary ? binaryCrossEntropyWithLogits(logits.data, ym) : softmaxCrossEntropyWithLogits(logits, ym));
    correct += countCorrect(logits, ym, binary);
  }
  return {
    kind,
    sizes: [...arch.sizes],
    hidden: arch.hidden,
    output: binary ? 'sigmoid' : 'softmax',
    classes,
    params: Array.from(params),
    featureNames: opts.featureNames ? [...opts.featureNames] : Array.from({ length: d }, (_, j) => `f${j}`),
    mean: Array.from(stats.mean),
    std: Array.from(stats.std),
    epochs,
    trainLoss: lossSum / n,
    trainAccuracy: correct / n,
  };
}

function countCorrect(logits: Matrix, y: Float64Array, binary: boolean): number {
  let c = 0;
  const { rows, cols, data } = logits;
  for (let i = 0; i < rows; i++) {
    if (binary) {
      if ((data[i] > 0 ? 1 : 0) === y[i]) c++;
      continue;
    }
    let best = 0;
    for (let j = 1; j < cols; j++) if (data[i * cols + j] > data[i * cols + best]) best = j;
    if (best === y[i]) c++;
  }
  return c;
}
