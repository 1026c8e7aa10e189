import { InvalidArgumentError } from '@modelbus/math-linalg';

/** Objective for minimisation: returns f(x) and writes ∇f(x) into grad. Non-finite values are allowed (treated as "too far"). */
export type ValueAndGradient = (x: Float64Array, grad: Float64Array) => number;

export interface LbfgsOptions {
  /** Iteration cap (default 500). */
  maxIterations?: number;
  /** Number of correction pairs kept (default 10). */
  memory?: number;
  /** Stop when ‖∇f‖_∞ ≤ gradientTolerance · max(1, |f|) (default 1e-9). */
  gradientTolerance?: number;
  /** Stop when the relative decrease of f over one iteration is below this (default 1e-14). */
  functionTolerance?: number;
  /**
   * Called after every accepted step with the new iterate, value, gradient and iteration count
   * (1-based); returning true stops the run (reason 'stopped', not converged). Lets a caller end a
   * run early, e.g. a multi-start leg that has entered the basin of an optimum already found.
   */
  onIteration?: (x: Float64Array, f: number, g: Float64Array, iteration: number) => boolean;
  /**
   * Continue a run from the state it returned (x0 is then ignored, and no evaluation is spent on the
   * start point): the iterate, value, gradient and curvature pairs are taken over, so the continued
   * run takes the same steps the uninterrupted run would have taken. Iterations and evaluations
   * count from zero again; the memory size is the state's.
   */
  resume?: LbfgsState;
}

/** Where a run stopped: iterate, value, gradient and the correction pairs (ring buffer). Read-only for callers. */
export interface LbfgsState {
  x: Float64Array;
  value: number;
  gradient: Float64Array;
  /** s_k = x_{k+1} − x_k and y_k = ∇f_{k+1} − ∇f_k, rho_k = 1/(s_k·y_k); `stored` valid pairs ending before slot `head`. */
  S: Float64Array[];
  Y: Float64Array[];
  rho: Float64Array;
  stored: number;
  head: number;
}

export interface LbfgsResult {
  x: Float64Array;
  value: number;
  gradient: Float64Array;
  iterations: number;
  evaluations: number;
  converged: boolean;
  /** 'gradient' | 'function' | 'maxIterations' | 'lineSearch' | 'stopped' (by onIteration) */
  reason: string;
  /** Pass as options.resume to continue the run where it stopped (always set by minimizeLbfgs; optional so hand-made results stay valid). */
  state?: LbfgsState;
}

const C1 = 1e-4; // sufficient decrease (Armijo)
const C2 = 0.9; // curvature (strong Wolfe), the usual quasi-Newton choice

/**
 * Limited-memory BFGS (Nocedal & Wright 2006, Alg. 7.4/7.5) with a strong-Wolfe line search
 * (Alg. 3.5/3.6, cubic interpolation in the zoom with bisection safeguards).
 */
export function minimizeLbfgs(fg: ValueAndGradient, x0: ArrayLike<number>, options: LbfgsOptions = {}): LbfgsResult {
  if (options.resume) return run(fg, options, copyState(options.resume), 0);
  const n = x0.length;
  if (n < 1) throw new InvalidArgumentError('x0', 'must have at least one element');
  for (let i = 0; i < n; i++) if (!Number.isFinite(x0[i])) throw new InvalidArgumentError(`x0[${i}]`, 'must be a finite number');
  const mem = options.memory ?? 10;
  const x = Float64Array.from(x0);
  const g = new Float64Array(n);
  const f = fg(x, g);
  if (!Number.isFinite(f) || !allFinite(g)) throw new InvalidArgumentError('x0', `gives a non-finite objective or gradient (${f})`);
  const S = Array.from({ length: mem }, () => new Float64Array(n));
  const Y = Array.from({ length: mem }, () => new Float64Array(n));
  return run(fg, options, { x, value: f, gradient: g, S, Y, rho: new Float64Array(mem), stored: 0, head: 0 }, 1);
}

/** The iteration loop, from a state it owns and updates in place (a fresh start or a copy of a resumed one). */
function run(fg: ValueAndGradient, options: LbfgsOptions, state: LbfgsState, evaluations: number): LbfgsResult {
  const maxIt = options.maxIterations ?? 500;
  const gtol = options.gradientTolerance ?? 1e-9;
  const ftol = options.functionTolerance ?? 1e-14;
  const { x, gradient: g, S, Y, rho } = state;
  const n = x.length;
  const mem = rho.length;
  let f = state.value;
  let evals = evaluations;
  const alpha = new Float64Array(mem);
  const d = new Float64Array(n);
  const xNew = new Float64Array(n);
  const gNew = new Float64Array(n);
  let stored = state.stored;
  let head = state.head; // next slot
  let reason = 'maxIterations';
  let it = 0;

  for (; it < maxIt; it++) {
    if (normInf(g) <= gtol * Math.max(1, Math.abs(f))) {
      reason = 'gradient';
      break;
    }
    // two-loop recursion: d = −H g
    for (let i = 0; i < n; i++) d[i] = -g[i];
    for (let k = 0; k < stored; k++) {
      const j = (head - 1 - k + mem) % mem;
      alpha[j] = rho[j] * dot(S[j], d);
      axpy(-alpha[j], Y[j], d);
    }
    if (stored > 0) {
      const j = (head - 1 + mem) % mem;
      const gamma = dot(S[j], Y[j]) / dot(Y[j], Y[j]);
      for (let i = 0; i < n; i++) d[i] *= gamma;
    } else {
      const scale = 1 / Math.max(1, normInf(g)); // first step: at most unit length per coordinate
      for (let i = 0; i < n; i++) d[i] *= scale;
    }
    for (let k = stored - 1; k >= 0; k--) {
      const j = (head - 1 - k + mem) % mem;
      const beta = rho[j] * dot(Y[j], d);
      axpy(alpha[j] - beta, S[j], d);
    }
    let dg = dot(d, g);
    if (!(dg < 0)) {
      // not a descent direction (lost positive definiteness): restart with steepest descent
      for (let i = 0; i < n; i++) d[i] = -g[i] / Math.max(1, normInf(g));
      dg = dot(d, g);
      stored = 0;
    }
    const ls = lineSearch(fg, x, f, g, d, dg, xNew, gNew);
    evals += ls.evals;
    if (!ls.ok) {
      reason = 'lineSearch';
      break;
    }
    const fOld = f;
    const slot = head;
    for (let i = 0; i < n; i++) {
      S[slot][i] = xNew[i] - x[i];
      Y[slot][i] = gNew[i] - g[i];
    }
    x.set(xNew);
    g.set(gNew);
    f = ls.f;
    const sy = dot(S[slot], Y[slot]);
    if (sy > 1e-300) {
      rho[slot] = 1 / sy;
      head = (head + 1) % mem;
      stored = Math.min(stored + 1, mem);
    }
    if (options.onIteration?.(x, f, g, it + 1)) {
      it++;
      reason = 'stopped';
      break;
    }
    if (Math.abs(fOld - f) <= ftol * Math.max(1, Math.abs(f))) {
      it++;
      reason = 'function';
      break;
    }
  }
  if (reason === 'maxIterations' && normInf(g) <= gtol * Math.max(1, Math.abs(f))) reason = 'gradient';
  state.value = f;
  state.stored = stored;
  state.head = head;
  return { x, value: f, gradient: g, iterations: it, evaluations: evals, converged: reason === 'gradient' || reason === 'function', reason, state };
}

function copyState(s: LbfgsState): LbfgsState {
  const copy = (a: Float64Array) => Float64Array.from(a);
  return { x: copy(s.x), value: s.value, gradient: copy(s.gradient), S: s.S.map(copy), Y: s.Y.map(copy), rho: copy(s.rho), stored: s.stored, head: s.head };
}

/** Strong-Wolfe line search along d from x; writes the accepted point into xNew/gNew. */
function lineSearch(fg: ValueAndGradient, x: Float64Array, f0: number, g0: Float64Array, d: Float64Array, dg0: number, xNew: Float64Array, gNew: Float64Array): { ok: boolean; f: number; evals: number } {
  void g0;
  const n = x.length;
  let evals = 0;
  const phi = (a: number): [number, number] => {
    for (let i = 0; i < n; i++) xNew[i] = x[i] + a * d[i];
    evals++;
    const v = fg(xNew, gNew);
    if (!Number.isFinite(v) || !allFinite(gNew)) return [Infinity, NaN];
    return [v, dot(gNew, d)];
  };
  let aPrev = 0;
  let fPrev = f0;
  let dPrev = dg0;
  let a = 1;
  for (let iter = 0; iter < 40; iter++) {
    const [fa, da] = phi(a);
    if (!Number.isFinite(fa)) {
      a = aPrev + 0.1 * (a - aPrev); // shrink towards the last finite point
      continue;
    }
    if (fa > f0 + C1 * a * dg0 || (iter > 0 && fa >= fPrev)) return zoom(aPrev, fPrev, dPrev, a, fa, da);
    if (Math.abs(da) <= -C2 * dg0) return { ok: true, f: fa, evals };
    if (da >= 0) return zoom(a, fa, da, aPrev, fPrev, dPrev);
    aPrev = a;
    fPrev = fa;
    dPrev = da;
    a *= 2;
  }
  return { ok: false, f: f0, evals };

  function zoom(lo: number, fLo: number, dLo: number, hi: number, fHi: number, dHi: number): { ok: boolean; f: number; evals: number } {
    for (let k = 0; k < 60; k++) {
      let a = cubicMin(lo, fLo, dLo, hi, fHi, dHi);
      const lo2 = Math.min(lo, hi);
      const span = Math.abs(hi - lo);
      if (!(a > lo2 + 0.1 * span && a < lo2 + 0.9 * span)) a = 0.5 * (lo + hi);
      const [fa, da] = phi(a);
      if (!Number.isFinite(fa) || fa > f0 + C1 * a * dg0 || fa >= fLo) {
        hi = a;
        fHi = fa;
        dHi = da;
      } else {
        if (Math.abs(da) <= -C2 * dg0) return { ok: true, f: fa, evals };
        if (da * (hi - lo) >= 0) {
          hi = lo;
          fHi = fLo;
          dHi = dLo;
        }
        lo = a;
        fLo = fa;
        dLo = da;
      }
      if (span < 1e-16 * Math.max(1, Math.abs(lo))) break;
    }
    // accept the best sufficient-decrease point found, if any
    if (lo > 0 && fLo < f0) {
      const [fa] = phi(lo);
      return { ok: true, f: fa, evals };
    }
    return { ok: false, f: f0, evals };
  }
}

/** Minimiser of the cubic interpolating (a, fa, da), (b, fb, db); NaN if it does not exist. */
function cubicMin(a: number, fa: number, da: number, b: number, fb: number, db: number): number {
  if (!Number.isFinite(fb) || !Number.isFinite(db)) return NaN;
  const d1 = da + db - (3 * (fa - fb)) / (a - b);
  const disc = d1 * d1 - da * db;
  if (disc < 0) return NaN;
  const d2 = Math.sign(b - a) * Math.sqrt(disc);
  return b - ((b - a) * (db + d2 - d1)) / (db - da + 2 * d2);
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

function axpy(alpha: number, x: Float64Array, y: Float64Array): void {
  for (let i = 0; i < x.length; i++) y[i] += alpha * x[i];
}

function normInf(a: Float64Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]));
  return m;
}

function allFinite(a: Float64Array): boolean {
  for (let i = 0; i < a.length; i++) if (!Number.isFinite(a[i])) return false;
  return true;
}
