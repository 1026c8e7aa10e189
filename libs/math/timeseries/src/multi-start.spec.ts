import { describe, expect, it } from 'vitest';
import { minimizeLbfgs } from '@modelbus/math-stats';
import { multiStartLbfgs, sameBasinStop } from './multi-start';

/** f(x) = Σ (x_i − 3)², finite only where every x_i > 0 (NaN elsewhere). */
function bowl(x: Float64Array, g: Float64Array): number {
  let f = 0;
  for (let i = 0; i < x.length; i++) {
    if (!(x[i] > 0)) return NaN;
    f += (x[i] - 3) ** 2;
    g[i] = 2 * (x[i] - 3);
  }
  return f;
}

describe('multiStartLbfgs', () => {
  it('skips starts with a non-finite objective and returns the optimum from the others', () => {
    const r = multiStartLbfgs(bowl, [Float64Array.of(-1, 1), Float64Array.of(5, 0.5)], { gradientTolerance: 1e-10 });
    if (!r) throw new Error('no result');
    expect(r.start).toBe(1);
    expect(Math.abs(r.best.x[0] - 3)).toBeLessThan(1e-8);
    expect(Math.abs(r.best.x[1] - 3)).toBeLessThan(1e-8);
  });

  it('returns null when no start is finite, and lets other errors of the objective through', () => {
    expect(multiStartLbfgs(bowl, [Float64Array.of(-1), Float64Array.of(0)])).toBeNull();
    const broken = () => {
      throw new Error('objective failed');
    };
    expect(() => multiStartLbfgs(broken, [Float64Array.of(1)])).toThrow('objective failed');
  });

  it('continues a kept start with its L-BFGS memory: the optimum of a restart, in fewer evaluations', () => {
    let evals = 0;
    const rosen = (x: Float64Array, g: Float64Array) => {
      evals++;
      let f = 0;
      g.fill(0);
      for (let i = 0; i + 1 < x.length; i++) {
        const a = x[i + 1] - x[i] * x[i];
        f += 100 * a * a + (1 - x[i]) ** 2;
        g[i] += -400 * x[i] * a - 2 * (1 - x[i]);
        g[i + 1] += 200 * a;
      }
      return f;
    };
    const starts = [Float64Array.from({ length: 6 }, (_, i) => (i % 2 ? 1 : -1.2)), Float64Array.of(0.5, 0.5, 0.5, 0.5, 0.5, 0.5)];
    const opts = { gradientTolerance: 1e-10, functionTolerance: 1e-20, screenIterations: 8, keep: 2 };
    const resumed = multiStartLbfgs(rosen, starts, opts);
    const resumedEvals = evals;
    // the former continuation: restart L-BFGS from the screened point without its curvature pairs
    evals = 0;
    let restartBest = Infinity;
    for (const x0 of starts) {
      const screened = minimizeLbfgs(rosen, x0, { ...opts, maxIterations: 8 });
      restartBest = Math.min(restartBest, minimizeLbfgs(rosen, screened.x, { ...opts, maxIterations: 492 }).value);
    }
    if (!resumed) throw new Error('no result');
    expect(resumedEvals).toBeLessThan(evals);
    expect(resumed.best.converged).toBe(true);
    // both reach the minimum 0 at (1, …, 1); gradient tolerance 1e-10 ⇒ f ≲ 1e-18
    expect(resumed.best.value).toBeLessThan(1e-15);
    expect(restartBest).toBeLessThan(1e-15);
    for (const xi of resumed.best.x) expect(Math.abs(xi - 1)).toBeLessThan(1e-7);
  });

  it('with sameBasinStop, a later leg entering the basin of a found optimum stops early; the optimum is the same', () => {
    // Rosenbrock (minimum 0 at (1, 1)): the far start needs dozens of iterations along the valley
    let evals = 0;
    const rosen = (x: Float64Array, g: Float64Array) => {
      evals++;
      const [a, b] = x;
      g[0] = -2 * (1 - a) - 400 * a * (b - a * a);
      g[1] = 200 * (b - a * a);
      return (1 - a) ** 2 + 100 * (b - a * a) ** 2;
    };
    const starts = [Float64Array.of(1.05, 1.1), Float64Array.of(-1.5, 2)];
    const opts = { gradientTolerance: 1e-12, functionTolerance: 1e-20, screenIterations: 200 };
    const free = multiStartLbfgs(rosen, starts, opts);
    const freeEvals = evals;
    evals = 0;
    const stop = multiStartLbfgs(rosen, starts, { ...opts, onIteration: sameBasinStop(2, 0.05, 1e-5) });
    if (!free || !stop) throw new Error('no result');
    expect(evals).toBeLessThan(freeEvals);
    expect(stop.start).toBe(0);
    expect(stop.best.value).toBeLessThanOrEqual(free.best.value + 1e-15);
    expect(Math.abs(stop.best.x[0] - 1)).toBeLessThan(1e-6);
  });
});
