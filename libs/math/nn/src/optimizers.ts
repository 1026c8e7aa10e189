import { InvalidArgumentError } from '@modelbus/math-linalg';

/** Updates a flat parameter vector in place from its gradient. Keeps its own state (moments). */
export interface Optimizer {
  step(params: Float64Array, grads: Float64Array): void;
}

export type OptimizerSpec =
  | { kind: 'sgd'; learningRate: number }
  | { kind: 'momentum'; learningRate: number; momentum?: number; nesterov?: boolean }
  | { kind: 'adam'; learningRate: number; beta1?: number; beta2?: number; epsilon?: number };

/** Plain gradient descent: θ −= η·g. */
export class Sgd implements Optimizer {
  constructor(private readonly lr: number) {}
  step(p: Float64Array, g: Float64Array): void {
    for (let i = 0; i < p.length; i++) p[i] -= this.lr * g[i];
  }
}

/** Heavy ball (PyTorch convention): v = μ·v + g; θ −= η·v, or θ −= η·(g + μ·v) with Nesterov. */
export class Momentum implements Optimizer {
  private v = new Float64Array(0);
  constructor(private readonly lr: number, private readonly mu = 0.9, private readonly nesterov = false) {}
  step(p: Float64Array, g: Float64Array): void {
    if (this.v.length !== p.length) this.v = new Float64Array(p.length);
    const { v, lr, mu } = this;
    for (let i = 0; i < p.length; i++) {
      v[i] = mu * v[i] + g[i];
      p[i] -= lr * (this.nesterov ? g[i] + mu * v[i] : v[i]);
    }
  }
}

/** Adam (Kingma & Ba 2015) with bias-corrected first and second moments. */
export class Adam implements Optimizer {
  private m = new Float64Array(0);
  private v = new Float64Array(0);
  private t = 0;
  constructor(private readonly lr: number, private readonly b1 = 0.9, private readonly b2 = 0.999, private readonly eps = 1e-8) {}
  step(p: Float64Array, g: Float64Array): void {
    if (this.m.length !== p.length) {
      this.m = new Float64Array(p.length);
      this.v = new Float64Array(p.length);
      this.t = 0;
    }
    this.t++;
    const { m, v, b1, b2, eps } = this;
    const c1 = 1 - b1 ** this.t;
    const c2 = 1 - b2 ** this.t;
    for (let i = 0; i < p.length; i++) {
      m[i] = b1 * m[i] + (1 - b1) * g[i];
      v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i];
      p[i] -= (this.lr * (m[i] / c1)) / (Math.sqrt(v[i] / c2) + eps);
    }
  }
}

/** Builds an optimizer from a plain (JSON) spec, validating its hyper-parameters. */
export function createOptimizer(spec: OptimizerSpec): Optimizer {
  const lr = spec.learningRate;
  if (!Number.isFinite(lr) || lr <= 0) throw new InvalidArgumentError('optimizer.learningRate', 'must be a finite number > 0');
  switch (spec.kind) {
    case 'sgd':
      return new Sgd(lr);
    case 'momentum':
      return new Momentum(lr, unit(spec.momentum ?? 0.9, 'optimizer.momentum'), spec.nesterov ?? false);
    case 'adam': {
      const eps = spec.epsilon ?? 1e-8;
      if (!Number.isFinite(eps) || eps <= 0) throw new InvalidArgumentError('optimizer.epsilon', 'must be a finite number > 0');
      return new Adam(lr, unit(spec.beta1 ?? 0.9, 'optimizer.beta1'), unit(spec.beta2 ?? 0.999, 'optimizer.beta2'), eps);
    }
    default:
      throw new InvalidArgumentError('optimizer.kind', 'must be sgd, momentum or adam');
  }
}

function unit(x: number, field: string): number {
  if (!Number.isFinite(x) || x < 0 || x >= 1) throw new InvalidArgumentError(field, 'must be in [0, 1)');
  return x;
}
