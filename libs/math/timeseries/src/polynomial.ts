/**
 * Stationarity / invertibility of lag polynomials by the Schur–Cohn step-down recursion
 * (inverse Durbin–Levinson): for φ(z) = 1 − φ₁z − … − φ_p z^p the reflection coefficients
 * r_k = φ_{k,k} of the step-down satisfy |r_k| < 1 for all k iff every root of φ lies outside
 * the unit circle. No root finding, so no loss of accuracy for clustered or repeated roots.
 */

/**
 * A reflection coefficient must satisfy |r| < 1 − UNIT_ROOT_MARGIN: a root exactly on the unit circle
 * steps down to |r| = 1 ± a few ulps, and such a process has no finite variance anyway.
 */
export const UNIT_ROOT_MARGIN = 1e-12;

/**
 * Reflection coefficients (partial autocorrelations) r_1..r_p of the AR polynomial
 * 1 − φ₁z − … − φ_p z^p. Stops early (remaining entries NaN) once some |r_k| ≥ 1, because the
 * step-down divides by 1 − r_k².
 */
export function reflectionCoefficients(ar: ArrayLike<number>): Float64Array {
  const p = ar.length;
  const r = new Float64Array(p).fill(NaN);
  let cur = Float64Array.from(ar);
  let next = new Float64Array(p);
  for (let k = p; k >= 1; k--) {
    const rk = cur[k - 1];
    r[k - 1] = rk;
    if (!(Math.abs(rk) < 1 - UNIT_ROOT_MARGIN)) return r;
    const d = 1 - rk * rk;
    // φ_{k−1,j} = (φ_{k,j} + r_k φ_{k,k−j}) / (1 − r_k²), j = 1..k−1
    for (let j = 1; j < k; j++) next[j - 1] = (cur[j - 1] + rk * cur[k - j - 1]) / d;
    const t = cur;
    cur = next;
    next = t;
  }
  return r;
}

/** Index k (1-based) of the first reflection coefficient with |r_k| ≥ 1 (checked from p down), or 0 if stationary. */
function firstViolation(r: Float64Array): number {
  for (let k = r.length; k >= 1; k--) if (!(Math.abs(r[k - 1]) < 1 - UNIT_ROOT_MARGIN)) return k;
  return 0;
}

/** True iff all roots of 1 − φ₁z − … − φ_p z^p lie strictly outside the unit circle. */
export function isStationary(ar: ArrayLike<number>): boolean {
  return firstViolation(reflectionCoefficients(ar)) === 0;
}

/** True iff all roots of 1 + θ₁z + … + θ_q z^q lie strictly outside the unit circle. */
export function isInvertible(ma: ArrayLike<number>): boolean {
  return isStationary(negate(ma));
}

/** Human-readable reason a polynomial fails the test (for error messages), or '' if it passes. */
export function unitCircleViolation(coefs: ArrayLike<number>, sign: 1 | -1): string {
  const r = reflectionCoefficients(sign === 1 ? coefs : negate(coefs));
  const k = firstViolation(r);
  if (k === 0) return '';
  return `a root lies on or inside the unit circle (step-down reflection coefficient r_${k} = ${r[k - 1]}, |r| ≥ 1)`;
}

function negate(x: ArrayLike<number>): Float64Array {
  const out = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) out[i] = -x[i];
  return out;
}
