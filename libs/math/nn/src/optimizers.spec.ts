import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '@modelbus/math-linalg';
import { createOptimizer, type OptimizerSpec } from './optimizers';

// f(θ) = ½ Σ a_i θ_i², gradient a_i θ_i, minimum at 0.
const a = Float64Array.of(1, 4, 0.25);
const grad = (p: Float64Array, g: Float64Array) => {
  for (let i = 0; i < p.length; i++) g[i] = a[i] * p[i];
};

describe('optimizers', () => {
  it('sgd and momentum follow their update rules exactly for two steps', () => {
    const p = Float64Array.of(1, 1, 1), g = new Float64Array(3);
    const sgd = createOptimizer({ kind: 'sgd', learningRate: 0.1 });
    grad(p, g);
    sgd.step(p, g);
    expect([...p]).toEqual([0.9, 1 - 0.4, 1 - 0.025]);
    // Momentum by hand on a 1-D gradient g=θ: v1 = g0 = 1, θ1 = 1 − 0.1 = 0.9; v2 = 0.9·1 + 0.9 = 1.8, θ2 = 0.9 − 0.18 = 0.72.
    const q = Float64Array.of(1), h = new Float64Array(1);
    const mom = createOptimizer({ kind: 'momentum', learningRate: 0.1, momentum: 0.9 });
    for (let s = 0; s < 2; s++) {
      h[0] = q[0];
      mom.step(q, h);
    }
    expect(q[0]).toBeCloseTo(0.72, 15);
  });

  it('Adam moves each coordinate by the learning rate on its first step (bias correction)', () => {
    const p = Float64Array.of(1, -2, 3), g = new Float64Array(3);
    grad(p, g);
    createOptimizer({ kind: 'adam', learningRate: 0.01 }).step(p, g);
    // m̂ = g, v̂ = g², step = lr·g/(|g| + ε) = lr·sign(g) up to ε/|g| ≈ 1e-8.
    expect(p[0]).toBeCloseTo(0.99, 9);
    expect(p[1]).toBeCloseTo(-1.99, 9);
    expect(p[2]).toBeCloseTo(2.99, 9);
  });

  it('all converge on an ill-conditioned quadratic', () => {
    const specs: OptimizerSpec[] = [
      { kind: 'sgd', learningRate: 0.3 },
      { kind: 'momentum', learningRate: 0.1, momentum: 0.9 },
      { kind: 'momentum', learningRate: 0.1, momentum: 0.9, nesterov: true },
      { kind: 'adam', learningRate: 0.05 },
    ];
    for (const spec of specs) {
      const opt = createOptimizer(spec);
      const p = Float64Array.of(1, -2, 3), g = new Float64Array(3);
      for (let s = 0; s < 2000; s++) {
        grad(p, g);
        opt.step(p, g);
      }
      expect(Math.max(...p.map(Math.abs)), spec.kind).toBeLessThan(1e-3);
    }
  });

  it('rejects bad hyper-parameters', () => {
    expect(() => createOptimizer({ kind: 'sgd', learningRate: 0 })).toThrow(InvalidArgumentError);
    expect(() => createOptimizer({ kind: 'adam', learningRate: 0.1, beta2: 1 })).toThrow(InvalidArgumentError);
    expect(() => createOptimizer({ kind: 'nope', learningRate: 0.1 } as unknown as OptimizerSpec)).toThrow(InvalidArgumentError);
  });
});
