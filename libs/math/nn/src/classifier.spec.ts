import { describe, expect, it } from 'vitest';
import { FailedPreconditionError, InvalidArgumentError, matrixFrom } from '@modelbus/math-linalg';
import { Rng } from '@modelbus/math-stats';
import { sigmoid } from './activations';
import { predictClasses, predictProba, trainLogisticRegression, trainMlp, trainSoftmaxClassifier } from './classifier';
import { hasDlData, loadDl } from './testing/dl-data';

function accuracy(pred: Float64Array, y: Float64Array): number {
  let c = 0;
  for (let i = 0; i < y.length; i++) if (pred[i] === y[i]) c++;
  return c / y.length;
}

describe.skipIf(!hasDlData())('classifiers on the dl/ sets', () => {
  it('logistic regression on breast_cancer reaches test accuracy ≥ 0.95', () => {
    const train = loadDl('breast_cancer', 'train'), test = loadDl('breast_cancer', 'test');
    // Settings of the PyTorch reference in the data README (≈ 0.972): Adam 1e-3, batch 32, 50 epochs.
    // Measured 0.965 for every seed (zero start; the seed only shuffles). 0.95 = 2 of 114 more errors.
    for (const seed of [1, 2, 3, 4, 5]) {
      const m = trainLogisticRegression(train.x, train.y, { epochs: 50, seed, optimizer: { kind: 'adam', learningRate: 1e-3 } });
      expect(m.kind).toBe('logistic');
      expect(accuracy(predictClasses(m, test.x), test.y), `seed ${seed}`).toBeGreaterThanOrEqual(0.95);
    }
  });

  it('MLP 64-128-10 ReLU on digits reaches test accuracy ≥ 0.95', { timeout: 60_000 }, () => {
    const train = loadDl('digits', 'train'), test = loadDl('digits', 'test');
    // PyTorch reference ≈ 0.972 (README); measured 0.972–0.981 over seeds 1–5. Two seeds keep the run short.
    for (const seed of [1, 2]) {
      const m = trainMlp(train.x, train.y, { hidden: [128], epochs: 50, seed, optimizer: { kind: 'adam', learningRate: 1e-3 } });
      expect(m.sizes).toEqual([64, 128, 10]);
      expect(m.trainAccuracy).toBeGreaterThan(0.99);
      expect(accuracy(predictClasses(m, test.x), test.y), `seed ${seed}`).toBeGreaterThanOrEqual(0.95);
    }
  });

  it('softmax classifier on iris reaches test accuracy ≥ 0.9', () => {
    const train = loadDl('iris', 'train'), test = loadDl('iris', 'test');
    const m = trainSoftmaxClassifier(train.x, train.y, { epochs: 200, seed: 3, optimizer: { kind: 'adam', learningRate: 0.01 } });
    expect(m.classes).toBe(3);
    expect(accuracy(predictClasses(m, test.x), test.y)).toBeGreaterThanOrEqual(0.9);
    const p = predictProba(m, test.x);
    for (let i = 0; i < p.rows; i++) expect(p.data[3 * i] + p.data[3 * i + 1] + p.data[3 * i + 2]).toBeCloseTo(1, 14);
  });
});

describe('logistic regression optimum', () => {
  it('reaches the stationary point of the L2-penalised log-likelihood', () => {
    // Overlapping classes so the optimum is finite; full-batch Adam for many epochs. At the optimum
    // the gradient Xᵀ(p − y)/n + λw (and Σ(p − y)/n for the bias) vanishes — an identity independent
    // of how the code computes its gradient.
    const rng = new Rng(31), n = 200, d = 3, lambda = 0.01;
    const x = matrixFrom(n, d, Array.from({ length: n * d }, () => rng.normal()));
    const y = Float64Array.from({ length: n }, (_, i) => (x.data[i * d] - 0.5 * x.data[i * d + 1] + rng.normal() > 0 ? 1 : 0));
    const m = trainLogisticRegression(x, y, { epochs: 4000, seed: 1, batchSize: n, l2: lambda, standardize: false, optimizer: { kind: 'adam', learningRate: 0.02 } });
    const w = m.params.slice(0, d), b = m.params[d];
    const g = new Float64Array(d + 1);
    for (let i = 0; i < n; i++) {
      let s = b;
      for (let j = 0; j < d; j++) s += w[j] * x.data[i * d + j];
      const r = sigmoid(s) - y[i];
      for (let j = 0; j < d; j++) g[j] += (r * x.data[i * d + j]) / n;
      g[d] += r / n;
    }
    for (let j = 0; j < d; j++) g[j] += lambda * w[j];
    // Adam's steady-state jitter is ~lr·(gradient noise); 1e-5 is far below the initial gradient (~0.2).
    expect(Math.max(...g.map(Math.abs))).toBeLessThan(1e-5);
  });
});

describe('classifier training control', () => {
  const rng = new Rng(8);
  const x = matrixFrom(60, 2, Array.from({ length: 120 }, () => rng.normal()));
  const y = Float64Array.from({ length: 60 }, (_, i) => (x.data[2 * i] > 0 ? 1 : 0));

  it('is reproducible from its seed and reports epochs', () => {
    const opts = { hidden: [4], epochs: 5, seed: 9 };
    const a = trainMlp(x, y, opts);
    expect(trainMlp(x, y, opts)).toEqual(a);
    expect(trainMlp(x, y, { ...opts, seed: 10 }).params).not.toEqual(a.params);
    const seen: number[] = [];
    const m = trainMlp(x, y, { ...opts, onEpoch: (e) => (seen.push(e.epoch), e.epoch < 2) });
    expect(seen).toEqual([1, 2]);
    expect(m.epochs).toBe(2);
    expect(JSON.parse(JSON.stringify(m))).toEqual(m);
  });

  it('rejects bad input naming the field and reports divergence', () => {
    const field = (fn: () => unknown) => {
      try {
        fn();
      } catch (e) {
        expect(e).toBeInstanceOf(InvalidArgumentError);
        return (e as InvalidArgumentError).field;
      }
      return 'no error';
    };
    expect(field(() => trainLogisticRegression(x, y.map((v) => v * 2), { epochs: 1, seed: 1 }))).toBe('labels');
    expect(field(() => trainSoftmaxClassifier(x, y.map((v) => v - 0.5), { epochs: 1, seed: 1 }))).toBe('labels');
    expect(field(() => trainMlp(x, y, { hidden: [0], epochs: 1, seed: 1 }))).toBe('sizes[1]');
    expect(field(() => trainMlp(x, y, { hidden: [2], epochs: 1, seed: 1, batchSize: 0 }))).toBe('batchSize');
    const m = trainSoftmaxClassifier(x, y, { epochs: 1, seed: 1 });
    expect(field(() => predictClasses(m, matrixFrom(1, 3, [1, 2, 3])))).toBe('inputs');
    // A huge SGD step on unstandardised, huge features blows the weights up.
    const big = matrixFrom(60, 2, x.data.map((v) => v * 1e150));
    expect(() => trainMlp(big, y, { hidden: [4], epochs: 20, seed: 1, standardize: false, optimizer: { kind: 'sgd', learningRate: 1e10 } })).toThrow(FailedPreconditionError);
  });
});
