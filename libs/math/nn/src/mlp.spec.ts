import { describe, expect, it } from 'vitest';
import { InvalidArgumentError, type Matrix } from '@modelbus/math-linalg';
import { Rng } from '@modelbus/math-stats';
import type { Activation } from './activations';
import { binaryCrossEntropyWithLogits, softmaxCrossEntropyWithLogits } from './losses';
import { initMlpParams, mlpBackward, mlpForward, mlpParamCount, MlpWorkspace, validateArchitecture } from './mlp';
import { maxRelError, numericGradient } from './testing/finite-diff';

describe('MLP backprop', () => {
  const rng = new Rng(5);
  const n = 7;
  const x: Matrix = { rows: n, cols: 3, data: Float64Array.from({ length: n * 3 }, () => rng.normal()) };
  const labels = Float64Array.from({ length: n }, () => rng.int(3));

  for (const hidden of ['tanh', 'sigmoid', 'relu', 'identity'] as Activation[]) {
    it(`matches central finite differences for every parameter (${hidden}, softmax CE)`, () => {
      const arch = { sizes: [3, 5, 4, 3], hidden };
      const params = initMlpParams(arch, 11);
      // Non-zero biases so every bias gradient is exercised away from the symmetric start.
      for (let i = 0; i < params.length; i++) if (params[i] === 0) params[i] = 0.1 * rng.normal();
      const ws = new MlpWorkspace(arch, n);
      const loss = () => softmaxCrossEntropyWithLogits(mlpForward(ws, params, x), labels);
      const dLogits = new Float64Array(n * 3);
      softmaxCrossEntropyWithLogits(mlpForward(ws, params, x), labels, dLogits);
      const grads = new Float64Array(params.length);
      mlpBackward(ws, params, x, dLogits, grads);
      const num = numericGradient(loss, params, 1e-6);
      // Central differences: truncation O(h²) ≈ 1e-12, rounding ≈ ε/h ≈ 1e-10. ReLU kinks are
      // measure-zero; with these seeds no pre-activation lies within h of 0.
      expect(maxRelError(grads, num)).toBeLessThan(1e-7);
    });
  }

  it('matches finite differences with a single sigmoid output and binary cross-entropy', () => {
    const arch = { sizes: [3, 6, 1], hidden: 'tanh' as Activation };
    const params = initMlpParams(arch, 2);
    const ws = new MlpWorkspace(arch, n);
    const y = labels.map((v) => (v > 0 ? 1 : 0));
    const dLogits = new Float64Array(n);
    binaryCrossEntropyWithLogits(mlpForward(ws, params, x).data, y, dLogits);
    const grads = new Float64Array(params.length);
    mlpBackward(ws, params, x, dLogits, grads);
    const num = numericGradient(() => binaryCrossEntropyWithLogits(mlpForward(ws, params, x).data, y), params, 1e-6);
    expect(maxRelError(grads, num)).toBeLessThan(1e-7);
  });

  it('counts parameters, initialises reproducibly and validates the architecture', () => {
    expect(mlpParamCount([64, 128, 10])).toBe(64 * 128 + 128 + 128 * 10 + 10);
    const arch = { sizes: [4, 8, 2], hidden: 'relu' as Activation };
    expect(initMlpParams(arch, 1)).toEqual(initMlpParams(arch, 1));
    expect(initMlpParams(arch, 1)).not.toEqual(initMlpParams(arch, 2));
    expect(() => validateArchitecture({ sizes: [4], hidden: 'relu' })).toThrow(InvalidArgumentError);
    expect(() => validateArchitecture({ sizes: [4, 0, 2], hidden: 'relu' })).toThrow(InvalidArgumentError);
    expect(() => validateArchitecture({ sizes: [4, 2], hidden: 'gelu' as Activation })).toThrow(InvalidArgumentError);
  });
});
