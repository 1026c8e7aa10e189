import { type LbfgsResult } from '@modelbus/math-stats';

/** A failed line search with ‖∇f‖_∞ below this (objective scaled to O(1)) is a stall at the optimum. */
export const STALL_GRADIENT_TOLERANCE = 1e-6;

/**
 * Whether an L-BFGS run on a numerically differentiated objective reached an optimum: it met a
 * tolerance, or its line search failed while the gradient was already at the noise floor of
 * central differences (‖∇f‖_∞ ≤ 1e-6·max(1, |f|)). Anything else (iteration cap, a stall with a
 * large gradient) is reported as not converged.
 */
export function lbfgsConverged(r: LbfgsResult): boolean {
  if (r.converged) return true;
  if (r.reason !== 'lineSearch') return false;
  let g = 0;
  for (let i = 0; i < r.gradient.length; i++) g = Math.max(g, Math.abs(r.gradient[i]));
  return g <= STALL_GRADIENT_TOLERANCE * Math.max(1, Math.abs(r.value));
}
