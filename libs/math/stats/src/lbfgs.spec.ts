import { describe, expect, it } from 'vitest';
import { type ValueAndGradient, minimizeLbfgs } from './lbfgs';
import { numericGradient } from './numeric-gradient';

function rosenbrock(x: Float64Array, g: Float64Array): number {
  let f = 0;
  g.fill(0);
  for (let i = 0; i + 1 < x.length; i++) {
    const a = x[i + 1] - x[i] * x[i];
    const b = 1 - x[i];
    f += 100 * a * a + b * b;
    g[i] += -400 * x[i] * a - 2 * b;
    g[i + 1] += 200 * a;
  }
  return f;
}

describe('minimizeLbfgs', () => {
  it('finds the Rosenbrock minimum (1, …, 1) in 2 and 10 dimensions to 1e-6', () => {
    for (const x0 of [[-1.2, 1], Array.from({ length: 10 }, (_, i) => (i % 2 ? 1 : -1.2))]) {
      const r = minimizeLbfgs(rosenbrock, x0);
      expect(r.converged).toBe(true);
      // minimum is exactly 1 in every coordinate; gradient tolerance 1e-9 ⇒ |x − 1| ≲ 1e-7
      for (const xi of r.x) expect(Math.abs(xi - 1)).toBeLessThan(1e-6);
      expect(r.value).toBeLessThan(1e-12);
    }
  });

  it('onIteration sees every accepted iterate and can stop the run (reason stopped, not converged)', () => {
    const seen: number[] = [];
    const r = minimizeLbfgs(rosenbrock, [-1.2, 1], {
      onIteration: (x, f, g, it) => {
        seen.push(it);
        expect(f).toBeCloseTo(rosenbrock(Float64Array.from(x), new Float64Array(2)), 12);
        expect(g.length).toBe(2);
        return it === 5;
      },
    });
    expect(seen).toEqual([1, 2, 3, 4, 5]);
    expect(r.iterations).toBe(5);
    expect(r.reason).toBe('stopped');
    expect(r.converged).toBe(false);
    const full = minimizeLbfgs(rosenbrock, [-1.2, 1], { onIteration: () => false });
    expect(full.converged).toBe(true);
    expect(full.x).toEqual(minimizeLbfgs(rosenbrock, [-1.2, 1]).x);
  });

  it('solves an ill-conditioned quadratic exactly (condition 1e6)', () => {
    const diag = [1, 10, 1e3, 1e6];
    const target = [3, -2, 0.5, 7];
    const fg = (x: Float64Array, g: Float64Array) => {
      let f = 0;
      for (let i = 0; i < 4; i++) {
        const d = x[i] - target[i];
        f += 0.5 * diag[i] * d * d;
        g[i] = diag[i] * d;
      }
      return f;
    };
    const r = minimizeLbfgs(fg, [0, 0, 0, 0], { gradientTolerance: 1e-10 });
    // |x_i − t_i| = |g_i|/diag_i ≤ 1e-10 in the worst (diag 1) coordinate
    for (let i = 0; i < 4; i++) expect(Math.abs(r.x[i] - target[i])).toBeLessThan(1e-8);
  });

  it('survives regions where the objective is not finite', () => {
    // f = x − log x (minimum at x = 1) is NaN for x ≤ 0; from 50 the secant scaling overshoots below 0
    let nanCalls = 0;
    const fg = (x: Float64Array, g: Float64Array) => {
      g[0] = 1 - 1 / x[0];
      if (!(x[0] > 0)) nanCalls++;
      return x[0] > 0 ? x[0] - Math.log(x[0]) : NaN;
    };
    const r = minimizeLbfgs(fg, [50]);
    expect(nanCalls).toBeGreaterThan(0);
    expect(Math.abs(r.x[0] - 1)).toBeLessThan(1e-6);
  });

  it('resuming from the returned state after k iterations retraces the uninterrupted run (quadratic, Rosenbrock)', () => {
    const diag = [1, 10, 1e3, 1e6];
    const quadratic = (x: Float64Array, g: Float64Array) => {
      let f = 0;
      for (let i = 0; i < 4; i++) {
        f += 0.5 * diag[i] * (x[i] - i) ** 2;
        g[i] = diag[i] * (x[i] - i);
      }
      return f;
    };
    const cases: Array<[ValueAndGradient, number[], number]> = [
      [rosenbrock, [-1.2, 1], 7],
      [rosenbrock, Array.from({ length: 10 }, (_, i) => (i % 2 ? 1 : -1.2)), 12], // past the 10-pair memory wrap
      [quadratic, [5, 5, 5, 5], 3],
    ];
    for (const [fg, x0, k] of cases) {
      const path = (out: number[][]) => (x: Float64Array) => {
        out.push(Array.from(x));
        return false;
      };
      const full: number[][] = [];
      const whole = minimizeLbfgs(fg, x0, { onIteration: path(full) });
      const first: number[][] = [];
      const head = minimizeLbfgs(fg, x0, { maxIterations: k, onIteration: path(first) });
      expect(head.reason).toBe('maxIterations');
      const rest: number[][] = [];
      const tail = minimizeLbfgs(fg, [NaN], { resume: head.state, onIteration: path(rest) });
      expect(tail.evaluations).toBe(whole.evaluations - head.evaluations); // no evaluation at the resume point
      expect(head.iterations + tail.iterations).toBe(whole.iterations);
      expect(tail.reason).toBe(whole.reason);
      // the same arithmetic in the same order: identical in practice, 1e-12 states the requirement
      const seq = [...first, ...rest];
      expect(seq.length).toBe(full.length);
      seq.forEach((xs, it) => xs.forEach((v, i) => expect(Math.abs(v - full[it][i])).toBeLessThan(1e-12)));
      expect(Math.abs(tail.value - whole.value)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(whole.value)));
      // the state passed in is copied, not advanced: a second resume repeats the first
      expect(Array.from(minimizeLbfgs(fg, x0, { resume: head.state }).x)).toEqual(Array.from(tail.x));
    }
  });

  it('a run stopped by onIteration resumes to the optimum with fewer evaluations than a restart from its point', () => {
    const stopped = minimizeLbfgs(rosenbrock, [-1.2, 1], { onIteration: (_x, _f, _g, it) => it === 10 });
    expect(stopped.reason).toBe('stopped');
    const resumed = minimizeLbfgs(rosenbrock, [], { resume: stopped.state });
    const restarted = minimizeLbfgs(rosenbrock, stopped.x);
    expect(resumed.converged).toBe(true);
    for (const xi of resumed.x) expect(Math.abs(xi - 1)).toBeLessThan(1e-6);
    expect(resumed.evaluations).toBeLessThan(restarted.evaluations);
  });

  it('rejects a non-finite start', () => {
    expect(() => minimizeLbfgs(rosenbrock, [NaN, 1])).toThrow(/x0/);
  });
});

describe('numericGradient', () => {
  it('matches the analytic Rosenbrock gradient to ~1e-7 relative', () => {
    const x = Float64Array.from([0.3, -0.7, 1.9]);
    const g = new Float64Array(3);
    rosenbrock(x, g);
    const num = new Float64Array(3);
    numericGradient((z) => rosenbrock(z, new Float64Array(3)), x, num);
    // central differences: O(h²·f''') + O(ε·f/h) ≈ 1e-10 relative error here; 1e-7 leaves margin
    for (let i = 0; i < 3; i++) expect(Math.abs(num[i] - g[i])).toBeLessThan(1e-7 * Math.max(1, Math.abs(g[i])));
    expect(Array.from(x)).toEqual([0.3, -0.7, 1.9]);
  });
});
