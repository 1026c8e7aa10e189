/**
 * Roots of an MA polynomial θ(z) = 1 + θ₁z + … + θ_q z^q (and of an AR polynomial, the MA one of −φ), for error
 * messages and for the invertible MA with the same autocovariances. The invertibility decision itself stays with the Schur–Cohn test (polynomial.ts);
 * roots are only computed once that test has failed.
 */
import { eig } from '@modelbus/math-linalg';
import { isInvertible } from './polynomial';

/**
 * Reciprocal roots w_i of θ (θ(z) = Π (1 − w_i z)): the eigenvalues of the companion matrix of
 * w^q + θ₁w^{q−1} + … + θ_q, after dropping trailing zero coefficients (roots at infinity). Conjugate pairs exact.
 */
export function maReciprocalRoots(theta: ArrayLike<number>): { re: Float64Array; im: Float64Array } {
  let q = theta.length;
  while (q > 0 && theta[q - 1] === 0) q--;
  if (q === 0) return { re: new Float64Array(0), im: new Float64Array(0) };
  const data = new Float64Array(q * q);
  for (let j = 0; j < q; j++) data[j] = -theta[j];
  for (let i = 1; i < q; i++) data[i * q + i - 1] = 1;
  const e = eig({ rows: q, cols: q, data });
  return { re: e.valuesRe, im: e.valuesIm };
}

/** Smallest modulus of a root of θ(z) (Infinity for θ(z) = 1). */
export function maSmallestRootModulus(theta: ArrayLike<number>): number {
  const { re, im } = maReciprocalRoots(theta);
  let largest = 0;
  for (let i = 0; i < re.length; i++) largest = Math.max(largest, Math.hypot(re[i], im[i]));
  return 1 / largest;
}

/** Smallest modulus of a root of the AR polynomial 1 − φ₁z − … − φ_p z^p (Infinity for p = 0). */
export function arSmallestRootModulus(phi: ArrayLike<number>): number {
  return maSmallestRootModulus(Array.from(phi, (x) => -x));
}

/** The invertible MA with the autocovariances of θ with innovation variance σ²: ma with σ² × sigma2Factor. */
export interface InvertibleMa {
  ma: Float64Array;
  sigma2Factor: number;
  /** Roots of θ inside the unit circle that were flipped to 1/z̄. */
  flipped: number;
}

/**
 * Flips every root z of θ inside the unit circle to 1/z̄ and scales σ² by |z|⁻² for each: |1 − w e^{iλ}|² =
 * |w|² |1 − e^{iλ}/w̄|², so the spectral density σ²|θ(e^{iλ})|² — hence every autocovariance — is unchanged.
 * Null when a root lies on the unit circle (within the Schur–Cohn margin): no invertible MA has that ACF.
 */
export function invertibleMa(theta: ArrayLike<number>): InvertibleMa | null {
  const { re, im } = maReciprocalRoots(theta);
  const q = re.length;
  // coefficients of Π (1 − w_i z) in complex arithmetic; conjugate pairs make the result real
  const cr = new Float64Array(q + 1);
  const ci = new Float64Array(q + 1);
  cr[0] = 1;
  let sigma2Factor = 1;
  let flipped = 0;
  for (let i = 0; i < q; i++) {
    let wr = re[i];
    let wi = im[i];
    const m2 = wr * wr + wi * wi;
    if (m2 > 1) {
      // w → 1/w̄ = w / |w|²
      wr /= m2;
      wi /= m2;
      sigma2Factor *= m2;
      flipped++;
    }
    for (let k = i + 1; k >= 1; k--) {
      cr[k] -= wr * cr[k - 1] - wi * ci[k - 1];
      ci[k] -= wr * ci[k - 1] + wi * cr[k - 1];
    }
  }
  const ma = cr.slice(1);
  // Trailing zeros of theta were roots at infinity: keep the caller's length.
  const out = new Float64Array(theta.length);
  out.set(ma);
  return isInvertible(out) ? { ma: out, sigma2Factor, flipped } : null;
}

/**
 * Why θ is not invertible, with the smallest root modulus and the invertible MA with the same ACF (when one
 * exists), for InvalidArgumentError('ma', …). '' when θ is invertible.
 */
export function nonInvertibleMaReason(theta: ArrayLike<number>, optIn: string): string {
  if (isInvertible(theta)) return '';
  const modulus = maSmallestRootModulus(theta);
  const head = `is not invertible: the smallest root of 1 + ma[0]·z + … + ma[q−1]·z^q has modulus ${fmt(modulus)} (every root must lie outside the unit circle)`;
  const inv = invertibleMa(theta);
  if (!inv) {
    return `${head}; a root on the unit circle has no invertible counterpart with the same ACF; set ${optIn} to use this MA as given`;
  }
  return (
    `${head}; an invertible MA with the same ACF exists, found by flipping the ${inv.flipped} root(s) inside the circle to 1/z̄: ` +
    `ma = [${Array.from(inv.ma, fmt).join(', ')}] with sigma2 × ${fmt(inv.sigma2Factor)}; or set ${optIn} to use this MA as given`
  );
}

const fmt = (x: number) => String(Number(x.toPrecision(10)));
