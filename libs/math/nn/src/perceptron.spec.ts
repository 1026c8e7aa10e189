import { describe, expect, it } from 'vitest';
import { InvalidArgumentError, matrixFrom, type Matrix } from '@modelbus/math-linalg';
import { Rng } from '@modelbus/math-stats';
import { predictPerceptron, trainPerceptron, type PerceptronEpoch, type PerceptronModel } from './perceptron';
import { hasDlData, loadDl } from './testing/dl-data';

function accuracy(pred: Float64Array, y: Float64Array): number {
  let c = 0;
  for (let i = 0; i < y.length; i++) if (pred[i] === y[i]) c++;
  return c / y.length;
}

/** The model's hyperplane in raw feature units: w_raw·x + b_raw = w·((x − mean)/std) + b. */
function rawHyperplane(m: PerceptronModel): { w: number[]; b: number } {
  const w = m.weights.map((wj, j) => wj / m.std[j]);
  const b = m.bias - m.weights.reduce((s, wj, j) => s + (wj * m.mean[j]) / m.std[j], 0);
  return { w, b };
}

function fieldOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(InvalidArgumentError);
    return (e as InvalidArgumentError).field;
  }
  throw new Error('expected InvalidArgumentError');
}

describe.skipIf(!hasDlData())('perceptron on iris_setosa', () => {
  it('converges in a few epochs and classifies the test set perfectly', () => {
    const train = loadDl('iris_setosa', 'train');
    const test = loadDl('iris_setosa', 'test');
    const seen: PerceptronEpoch[] = [];
    const m = trainPerceptron(train.x, train.y, { epochs: 100, learningRate: 0.1, seed: 1, featureNames: train.featureNames, onEpoch: (e) => void seen.push(e) });
    // PyTorch reference (data README): converges in 2 epochs. Allow a few for other shuffles.
    expect(m.converged).toBe(true);
    expect(m.epochs).toBeLessThanOrEqual(5);
    expect(m.trainAccuracy).toBe(1);
    expect(seen.length).toBe(m.epochs);
    expect(seen.at(-1)).toEqual({ epoch: m.epochs, errors: 0, accuracy: 1 });
    expect(accuracy(predictPerceptron(m, test.x), test.y)).toBe(1);
    expect(m.featureNames).toEqual(['f0', 'f1', 'f2', 'f3']);
    expect(JSON.parse(JSON.stringify(m))).toEqual(m); // plain JSON model
  });
});

describe('perceptron geometry', () => {
  it('learns a hyperplane that separates every point of a hand-made 2D set', () => {
    // Two clusters on either side of x + y = 3, in raw units far from the origin.
    const pts = [[0, 0], [1, 0], [0, 1], [1, 1.5], [2, 0.5], [3, 2], [4, 1], [2, 3], [5, 5], [3.5, 1]];
    const y = Float64Array.from(pts, ([a, b]) => (a + b > 3 ? 1 : 0));
    const x = matrixFrom(pts.length, 2, pts.flat());
    for (const standardize of [true, false]) {
      const m = trainPerceptron(x, y, { epochs: 1000, learningRate: 1, seed: 3, standardize });
      expect(m.converged).toBe(true);
      const h = rawHyperplane(m);
      // Independent of predictPerceptron: signed side of the raw hyperplane for every point.
      pts.forEach(([a, b], i) => {
        const s = h.w[0] * a + h.w[1] * b + h.b;
        expect(y[i] === 1 ? s > 0 : s < 0).toBe(true);
      });
      expect([...predictPerceptron(m, x)]).toEqual([...y]);
    }
  });

  it('makes at most (R/γ)² mistakes on data with a known margin (Novikoff)', () => {
    // Separator u = (2, −1, 0.5)/‖·‖ in augmented space (x1, x2, 1); keep points with margin ≥ γ.
    // Zero start and bias updated like a weight of a constant-1 feature make the theorem apply.
    const u = [2, -1, 0.5];
    const un = Math.hypot(...u);
    const gamma = 0.05;
    for (const seed of [1, 2, 3, 4, 5]) {
      const rng = new Rng(100 + seed);
      const data: number[] = [];
      const labels: number[] = [];
      let r2 = 0;
      while (labels.length < 400) {
        const a = 4 * rng.uniform() - 2, b = 4 * rng.uniform() - 2;
        const margin = (u[0] * a + u[1] * b + u[2]) / un;
        if (Math.abs(margin) < gamma) continue;
        data.push(a, b);
        labels.push(margin > 0 ? 1 : 0);
        r2 = Math.max(r2, a * a + b * b + 1);
      }
      let mistakes = 0;
      const m = trainPerceptron(matrixFrom(400, 2, data), Float64Array.from(labels), {
        epochs: 100_000, learningRate: 0.3, seed, standardize: false, onEpoch: (e) => void (mistakes += e.errors),
      });
      expect(m.converged).toBe(true);
      expect(mistakes).toBeGreaterThan(0);
      expect(mistakes).toBeLessThanOrEqual(r2 / gamma ** 2);
    }
  });

  it('does not depend on the learning rate (zero start: η only scales w and b)', () => {
    const rng = new Rng(9);
    const x = matrixFrom(50, 3, Array.from({ length: 150 }, () => rng.normal()));
    const y = Float64Array.from({ length: 50 }, (_, i) => (x.data[3 * i] - x.data[3 * i + 2] > 0.2 ? 1 : 0));
    const a = trainPerceptron(x, y, { epochs: 50, learningRate: 1, seed: 4 });
    const b = trainPerceptron(x, y, { epochs: 50, learningRate: 0.25, seed: 4 });
    expect(b.epochs).toBe(a.epochs);
    // 0.25 is a power of two, so the scaling is exact in floating point.
    expect(b.weights).toEqual(a.weights.map((w) => w * 0.25));
  });

  it('does not converge on XOR and runs every epoch', () => {
    const x = matrixFrom(4, 2, [0, 0, 0, 1, 1, 0, 1, 1]);
    const m = trainPerceptron(x, Float64Array.of(0, 1, 1, 0), { epochs: 30, learningRate: 1, seed: 1 });
    expect(m.converged).toBe(false);
    expect(m.epochs).toBe(30);
    expect(m.trainAccuracy).toBeLessThanOrEqual(0.75); // no line gets all four right
  });
});

describe('perceptron reproducibility and control', () => {
  // A noisy, non-separable problem so that the visiting order matters.
  const rng = new Rng(21);
  const x: Matrix = matrixFrom(200, 4, Array.from({ length: 800 }, () => rng.normal()));
  const y = Float64Array.from({ length: 200 }, (_, i) => (x.data[4 * i] + 0.5 * x.data[4 * i + 1] + 0.7 * rng.normal() > 0 ? 1 : 0));

  it('is reproducible from its seed and differs across seeds', () => {
    const opts = { epochs: 20, learningRate: 0.1, seed: 5 };
    expect(trainPerceptron(x, y, opts)).toEqual(trainPerceptron(x, y, opts));
    expect(trainPerceptron(x, y, { ...opts, seed: 6 }).weights).not.toEqual(trainPerceptron(x, y, opts).weights);
  });

  it('stops when onEpoch returns false', () => {
    const m = trainPerceptron(x, y, { epochs: 20, learningRate: 0.1, seed: 5, onEpoch: (e) => e.epoch < 3 });
    expect(m.epochs).toBe(3);
    expect(m.converged).toBe(false);
    // trainAccuracy is the final weights' accuracy, recomputed here independently.
    expect(m.trainAccuracy).toBeCloseTo(accuracy(predictPerceptron(m, x), y), 12);
  });

  it('rejects bad input naming the field', () => {
    const opts = { epochs: 5, learningRate: 0.1, seed: 1 };
    expect(fieldOf(() => trainPerceptron(x, y.map((v) => (v === 1 ? 2 : 0)), opts))).toBe('labels');
    expect(fieldOf(() => trainPerceptron(x, y.subarray(1), opts))).toBe('labels');
    expect(fieldOf(() => trainPerceptron({ ...x, data: x.data.map((v, i) => (i === 7 ? NaN : v)) }, y, opts))).toBe('x.data[7]');
    expect(fieldOf(() => trainPerceptron(x, y, { ...opts, epochs: 0 }))).toBe('epochs');
    expect(fieldOf(() => trainPerceptron(x, y, { ...opts, learningRate: -1 }))).toBe('learningRate');
    expect(fieldOf(() => trainPerceptron(x, y, { ...opts, seed: 0.5 }))).toBe('seed');
    const m = trainPerceptron(x, y, opts);
    expect(fieldOf(() => predictPerceptron(m, matrixFrom(1, 3, [1, 2, 3])))).toBe('inputs');
    expect(fieldOf(() => predictPerceptron(m, { rows: 1, cols: 4, data: Float64Array.of(1, 2, Infinity, 4) }))).toBe('inputs.data[2]');
  });
});
