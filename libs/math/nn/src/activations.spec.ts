import { describe, expect, it } from 'vitest';
import { activationBackward, applyActivation, logSumExp, sigmoid, softmax, softmaxRows, type Activation } from './activations';
import { maxRelError, numericGradient } from './testing/finite-diff';

describe('activations', () => {
  it('sigmoid is finite and accurate at extremes and symmetric', () => {
    expect(sigmoid(0)).toBe(0.5);
    expect(sigmoid(1000)).toBe(1);
    expect(sigmoid(-1000)).toBe(0); // true value e^−1000 underflows to 0; no NaN or overflow on the way
    // σ(−30) = e^−30/(1+e^−30): the stable branch keeps full relative precision (naive 1 − σ(30) would not).
    expect(sigmoid(-30) / (Math.exp(-30) / (1 + Math.exp(-30))) - 1).toBeLessThan(1e-15);
    for (const x of [-5, -0.3, 0.7, 4]) expect(sigmoid(x) + sigmoid(-x)).toBeCloseTo(1, 15);
  });

  it('softmax is shift invariant, sums to one and survives huge logits', () => {
    const p = softmax([1000, 1001, 999]);
    const q = softmax([1, 2, 0]);
    expect(maxRelError(p, q)).toBeLessThan(1e-15);
    expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 15);
    // Closed form for two classes: softmax([0, t])[1] = σ(t).
    expect(softmax([0, 3])[1]).toBeCloseTo(sigmoid(3), 15);
    const rows = softmaxRows({ rows: 2, cols: 3, data: Float64Array.of(1000, 1001, 999, 1, 2, 0) });
    expect(maxRelError(rows.data.subarray(0, 3), rows.data.subarray(3))).toBeLessThan(1e-15);
  });

  it('logSumExp matches the identity log(2e^a) = a + ln 2 where naive exp overflows', () => {
    expect(logSumExp([1000, 1000])).toBeCloseTo(1000 + Math.LN2, 12);
    expect(logSumExp([-1000, -1000])).toBeCloseTo(-1000 + Math.LN2, 12);
    expect(logSumExp([1, 2, 3])).toBeCloseTo(Math.log(Math.E + Math.E ** 2 + Math.E ** 3), 14);
    expect(logSumExp([])).toBe(-Infinity);
  });

  it('backward derivatives match finite differences', () => {
    // Points kept away from relu's kink at 0; h = 1e-6 gives central-difference error ~1e-10.
    const z = Float64Array.of(-2.1, -0.4, 0.3, 1.7, 3.2);
    for (const kind of ['identity', 'relu', 'sigmoid', 'tanh'] as Activation[]) {
      const a = applyActivation(kind, z);
      const analytic = activationBackward(kind, a, new Float64Array(z.length).fill(1), new Float64Array(z.length));
      for (let i = 0; i < z.length; i++) {
        const zi = Float64Array.of(z[i]);
        const num = numericGradient(() => applyActivation(kind, zi)[0], zi, 1e-6)[0];
        expect(Math.abs(num - analytic[i]), `${kind} at ${z[i]}`).toBeLessThan(1e-8);
      }
    }
  });
});
