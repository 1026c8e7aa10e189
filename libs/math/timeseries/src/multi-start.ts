import { type LbfgsOptions, type LbfgsResult, type ValueAndGradient, minimizeLbfgs } from '@modelbus/math-stats';

export interface MultiStartOptions extends LbfgsOptions {
  /** Iterations every start gets before the field is cut (default 25). */
  screenIterations?: number;
  /** Starts kept for the full run (default 2). */
  keep?: number;
}

export interface MultiStartResult {
  /** The winning run (x, value, gradient, reason of its final leg). */
  best: LbfgsResult;
  /** Index of the winning start; iterations summed over its screening and final legs. */
  start: number;
  iterations: number;
}

/**
 * Two-phase multi-start L-BFGS: every finite start runs screenIterations iterations, the `keep`
 * best continue from where they stopped (L-BFGS memory included) to full convergence, and the lowest value wins. Screening
 * costs a fraction of running every start to the end, while distinct basins are still explored.
 * Returns null when no start has a finite objective and gradient.
 */
export function multiStartLbfgs(fg: ValueAndGradient, starts: Float64Array[], options: MultiStartOptions = {}): MultiStartResult | null {
  const screen = options.screenIterations ?? 25;
  const keep = options.keep ?? 2;
  const legs: Array<{ r: LbfgsResult; start: number }> = [];
  const screenOptions = { ...options, maxIterations: Math.min(screen, options.maxIterations ?? 500) };
  for (let i = 0; i < starts.length; i++) {
    // a start with a non-finite objective or gradient is skipped (minimizeLbfgs rejects it as x0
    // after its first evaluation, so no separate check evaluation is spent on the others)
    try {
      legs.push({ r: minimizeLbfgs(fg, starts[i], screenOptions), start: i });
    } catch (err) {
      const e = err as { name?: string; field?: string };
      if (e?.name !== 'InvalidArgumentError' || e.field !== 'x0') throw err;
    }
  }
  if (legs.length === 0) return null;
  legs.sort((a, b) => a.r.value - b.r.value);
  let best: MultiStartResult | null = null;
  for (const leg of legs.slice(0, keep)) {
    let r = leg.r;
    let iterations = r.iterations;
    if (r.reason === 'maxIterations') {
      // resume with the curvature pairs of the screening leg: a restart would spend its first
      // iterations relearning them (and an evaluation at the start point)
      const more = minimizeLbfgs(fg, r.x, { ...options, maxIterations: Math.max(1, (options.maxIterations ?? 500) - screen), resume: r.state });
      iterations += more.iterations;
      if (more.value <= r.value) r = more;
    }
    if (!best || r.value < best.best.value) best = { best: r, start: leg.start, iterations };
  }
  return best;
}

/**
 * onIteration rule for the multi-start legs: remembers the best near-stationary iterate seen by any
 * leg (‖∇f‖_∞ ≤ nearStationary·max(1, |f|)), and stops a leg that comes within `radius` (∞-norm) of
 * it with a higher value — that leg is descending into the same optimum, so finishing it would only
 * repeat the work (typically later starts, and the second kept leg of the two-phase search, which
 * otherwise runs a full second convergence). One rule object per multiStartLbfgs call.
 */
export function sameBasinStop(dim: number, radius: number, nearStationary: number) {
  const best = new Float64Array(dim);
  let fBest = Infinity;
  return (x: Float64Array, f: number, g: Float64Array): boolean => {
    let gMax = 0;
    for (let i = 0; i < dim; i++) gMax = Math.max(gMax, Math.abs(g[i]));
    if (gMax <= nearStationary * Math.max(1, Math.abs(f)) && f < fBest) {
      best.set(x);
      fBest = f;
      return false;
    }
    if (!(f > fBest)) return false;
    for (let i = 0; i < dim; i++) if (Math.abs(x[i] - best[i]) > radius) return false;
    return true;
  };
}
