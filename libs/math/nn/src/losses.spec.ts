import { describe, expect, it } from 'vitest';
import { InvalidArgumentError, type Matrix } from '@modelbus/math-linalg';
import { Rng } from '@modelbus/math-stats';
import { binaryCrossEntropyWithLogits, categoricalCrossEntropyWithLogits, meanSquaredError, softmaxCrossEntropyWithLogits } from './losses';
import { oneHot } from './one-hot';
import { maxRelError, numericGradient } from './testing/finite-diff';

const rng = new Rng(77);
const randn = (n: number, s = 1) => Float64Array.from({ length: n }, () => s * rng.normal());

describe('losses', () => {
  it('MSE value and gradient', () => {
    expect(meanSquaredError(Float64Array.of(1, 2, 3), Float64Array.of(1, 0, 0))).toBeCloseTo(13 / 3, 15);
    const p = randn(6), t = randn(6), g = new Float64Array(6);
    meanSquaredError(p, t, g);
    // Central differences on a quadratic are exact up to rounding (~1e-10 with h=1e-5).
    expect(maxRelError(g, numericGradient(() => meanSquaredError(p, t), p))).toBeLessThan(1e-8);
  });

  it('binary cross-entropy with logits matches the naive formula and stays finite at extremes', () => {
    const z = Float64Array.of(-3, -0.5, 0, 0.5, 3), y = Float64Array.of(0, 1, 1, 0, 1);
    let naive = 0;
    for (let i = 0; i < 5; i++) {
      const p = 1 / (1 + Math.exp(-z[i]));
      naive -= y[i] * Math.log(p) + (1 - y[i]) * Math.log(1 - p);
    }
    expect(binaryCrossEntropyWithLogits(z, y)).toBeCloseTo(naive / 5, 14);
    // Naive log(1 − σ(1000)) = log 0 = −∞; the exact loss is 1000 (+ log1p(e^−1000) ≈ 0).
    expect(binaryCrossEntropyWithLogits(Float64Array.of(1000), Float64Array.of(0))).toBe(1000);
    expect(binaryCrossEntropyWithLogits(Float64Array.of(-1000), Float64Array.of(0))).toBe(0);
    const zz = randn(7, 3), yy = Float64Array.from({ length: 7 }, () => rng.int(2)), g = new Float64Array(7);
    binaryCrossEntropyWithLogits(zz, yy, g);
    // Smooth loss: central-difference error O(h²·f''') ≈ 1e-10 at h = 1e-5.
    expect(maxRelError(g, numericGradient(() => binaryCrossEntropyWithLogits(zz, yy), zz))).toBeLessThan(1e-8);
  });

  it('categorical cross-entropy: index and one-hot forms agree; gradient and extremes', () => {
    const n = 5, k = 4;
    const logits: Matrix = { rows: n, cols: k, data: randn(n * k, 3) };
    const labels = Float64Array.from({ length: n }, () => rng.int(k));
    const t = oneHot(labels, k);
    const g1 = new Float64Array(n * k), g2 = new Float64Array(n * k);
    const l1 = softmaxCrossEntropyWithLogits(logits, labels, g1);
    const l2 = categoricalCrossEntropyWithLogits(logits, t, g2);
    expect(l1).toBeCloseTo(l2, 14);
    expect(maxRelError(g1, g2)).toBeLessThan(1e-15);
    // Naive −log(softmax_y) from its definition for one row.
    const r = logits.data.subarray(0, k);
    const naive = -Math.log(Math.exp(r[labels[0]]) / r.reduce((s, v) => s + Math.exp(v), 0));
    expect(softmaxCrossEntropyWithLogits({ rows: 1, cols: k, data: r }, [labels[0]])).toBeCloseTo(naive, 13);
    expect(maxRelError(g1, numericGradient(() => softmaxCrossEntropyWithLogits(logits, labels), logits.data))).toBeLessThan(1e-8);
    // Soft targets too.
    const soft: Matrix = { rows: n, cols: k, data: Float64Array.from({ length: n * k }, () => 0.25) };
    categoricalCrossEntropyWithLogits(logits, soft, g2);
    expect(maxRelError(g2, numericGradient(() => categoricalCrossEntropyWithLogits(logits, soft), logits.data))).toBeLessThan(1e-8);
    // Logits of ±1000: loss 2000 for the wrong class, 0 for the right one, no NaN.
    const big: Matrix = { rows: 1, cols: 2, data: Float64Array.of(1000, -1000) };
    expect(softmaxCrossEntropyWithLogits(big, [1])).toBe(2000);
    expect(softmaxCrossEntropyWithLogits(big, [0])).toBe(0);
  });

  it('rejects mismatched shapes and bad labels', () => {
    const m: Matrix = { rows: 2, cols: 3, data: new Float64Array(6) };
    expect(() => softmaxCrossEntropyWithLogits(m, [0, 3])).toThrow(InvalidArgumentError);
    expect(() => softmaxCrossEntropyWithLogits(m, [0])).toThrow(InvalidArgumentError);
    expect(() => binaryCrossEntropyWithLogits(new Float64Array(2), new Float64Array(3))).toThrow(InvalidArgumentError);
    expect(() => oneHot([0, 1.5])).toThrow(InvalidArgumentError);
    expect(() => oneHot([0, 2], 2)).toThrow(InvalidArgumentError);
    expect([...oneHot([2, 0]).data]).toEqual([0, 0, 1, 1, 0, 0]);
  });
});
