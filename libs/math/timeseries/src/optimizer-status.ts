import { type LbfgsResult } from '@modelbus/math-stats';

/** A failed line search with ‖∇f‖_∞ below this (objective scaled to O(1)) is a stall at the optimum. */
export const STALL_GRADIENT_TOLERANCE = 1e-6;

/**
 * Whether an L-BFGS run on a numerically differentiated objective reached an optimum: it met a
 * tolerance, or its line search failed while the gradient was already at the noise floor of
 * central differences (‖∇f‖_∞ ≤ 1e-6·max(1, |f|)). Anything else (iteration cap, a stall with a
 * large gradient) is reported as not converged. atBound(i) marks coordinates that a bounded
 * transform has pushed to its limit (e.g. a logistic argument |x| > 12, so the parameter is within
 * 6e-6 of its bound): their gradient vanishes only asymptotically, so the KKT test ignores them and
 * asks the remaining gradient to be at the noise floor (also after an iteration cap).
 */
export function lbfgsConverged(r: LbfgsResult, atBound?: (i: number) => boolean): boolean {
  if (r.converged) return true;
  if (r.reason !== 'lineSearch' && !atBound) return false;
  let g = 0;
  for (let i = 0; i < r.gradient.length; i++) if (!atBound?.(i)) g = Math.max(g, Math.abs(r.gradient[i]));
  return g <= STALL_GRADIENT_TOLERANCE * Math.max(1, Math.abs(r.value));
}
