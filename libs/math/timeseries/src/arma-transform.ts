import { reflectionCoefficients } from './polynomial';

/**
 * Maps unconstrained reals to the stationary region through partial autocorrelations
 * (Jones 1980; Monahan 1984): r_k = x_k/√(1 + x_k²) ∈ (−1, 1), then the Durbin–Levinson
 * recursion φ_{k,j} = φ_{k−1,j} − r_k φ_{k−1,k−j}, φ_{k,k} = r_k gives 1 − φ₁z − … − φ_p z^p with
 * all roots outside the unit circle. Writes p coefficients into out.
 */
export function constrainStationary(x: ArrayLike<number>, out: Float64Array, work: Float64Array = new Float64Array(x.length)): void {
  const p = x.length;
  for (let k = 1; k <= p; k++) {
    const r = x[k - 1] / Math.sqrt(1 + x[k - 1] * x[k - 1]);
    for (let j = 1; j < k; j++) work[j - 1] = out[j - 1] - r * out[k - j - 1];
    for (let j = 1; j < k; j++) out[j - 1] = work[j - 1];
    out[k - 1] = r;
  }
}

/** Inverse of constrainStationary (step-down to the partial autocorrelations, then x = r/√(1 − r²)); NaN outside the region. */
export function unconstrainStationary(phi: ArrayLike<number>): Float64Array {
  const r = reflectionCoefficients(phi);
  const x = new Float64Array(phi.length);
  for (let k = 0; k < phi.length; k++) x[k] = Math.abs(r[k]) < 1 ? r[k] / Math.sqrt(1 - r[k] * r[k]) : NaN;
  return x;
}

/** Invertible MA: 1 + θ₁z + … = 1 − c₁z − … with c stationary, so θ = −constrainStationary(x). */
export function constrainInvertible(x: ArrayLike<number>, out: Float64Array, work?: Float64Array): void {
  constrainStationary(x, out, work);
  for (let i = 0; i < x.length; i++) out[i] = -out[i];
}

export function unconstrainInvertible(theta: ArrayLike<number>): Float64Array {
  return unconstrainStationary(Array.from(theta, (v) => -v));
}
