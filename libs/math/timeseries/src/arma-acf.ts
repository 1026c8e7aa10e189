import { InvalidArgumentError } from '@modelbus/math-linalg';
import { arSmallestRootModulus, nonInvertibleMaReason } from './ma-roots';
import { unitCircleViolation } from './polynomial';
import { solveDenseInPlace } from './dense-solve';
import { checkInteger, toCoefficients } from './validate';

/** Largest lag accepted by the theoretical and sample ACF routines. */
export const MAX_LAGS = 10000;

export interface ArmaAcfResult {
  /** ρ_0..ρ_lags (ρ_0 = 1). */
  acf: Float64Array;
  /** Partial autocorrelations, pacf[0] = 1 by convention, then φ_kk for k = 1..lags. */
  pacf: Float64Array;
  /** MA(∞) weights ψ_0 = 1, ψ_1..ψ_lags. */
  psi: Float64Array;
  /** γ_0 / σ²: the process variance per unit innovation variance. */
  gamma0: number;
}

export interface ArmaProcessOptions {
  /**
   * Accept an MA polynomial with roots on or inside the unit circle (default false: InvalidArgumentError('ma', …)
   * naming the smallest root modulus and the invertible MA with the same ACF). Its ACF, ψ-weights and simulated
   * paths are well defined; only the AR(∞) representation (and so identifiability from data) is lost.
   */
  allowNonInvertible?: boolean;
}

/**
 * Theoretical ACF, PACF and ψ-weights of the stationary ARMA(p, q) process
 * (1 − φ₁L − … − φ_pL^p) x_t = (1 + θ₁L + … + θ_qL^q) e_t, invertible unless options.allowNonInvertible.
 * The autocovariances are exact (a linear solve, then the AR recursion), not a truncated ψ sum.
 */
export function armaAcf(ar: number[] | Float64Array, ma: number[] | Float64Array, lags: number, options?: ArmaProcessOptions): ArmaAcfResult {
  const phi = toCoefficients(ar, 'ar');
  const theta = toCoefficients(ma, 'ma');
  checkInteger(lags, 'lags', 0, MAX_LAGS);
  assertStationary(phi);
  if (!options?.allowNonInvertible) assertInvertible(theta);
  const gamma = autocovariances(phi, theta, lags);
  const gamma0 = gamma[0];
  const acf = new Float64Array(lags + 1);
  for (let k = 0; k <= lags; k++) acf[k] = gamma[k] / gamma0;
  acf[0] = 1;
  return { acf, pacf: durbinLevinsonPacf(acf), psi: psiWeights(phi, theta, lags), gamma0 };
}

/** Autocovariances γ_0..γ_lags of the ARMA process per unit innovation variance (σ² = 1); invertible as armaAcf. */
export function armaAutocovariance(ar: number[] | Float64Array, ma: number[] | Float64Array, lags: number, options?: ArmaProcessOptions): Float64Array {
  const phi = toCoefficients(ar, 'ar');
  const theta = toCoefficients(ma, 'ma');
  checkInteger(lags, 'lags', 0, MAX_LAGS);
  assertStationary(phi);
  if (!options?.allowNonInvertible) assertInvertible(theta);
  return autocovariances(phi, theta, lags);
}

/**
 * ψ-weights of the MA(∞) representation: ψ_0 = 1, ψ_j = θ_j + Σ_{i=1}^{min(j,p)} φ_i ψ_{j−i}. The plain recursion:
 * no stationarity or invertibility check (armaAcf checks both).
 */
export function armaPsi(ar: number[] | Float64Array, ma: number[] | Float64Array, lags: number): Float64Array {
  const phi = toCoefficients(ar, 'ar');
  const theta = toCoefficients(ma, 'ma');
  checkInteger(lags, 'lags', 0, MAX_LAGS);
  return psiWeights(phi, theta, lags);
}

/**
 * Throws InvalidArgumentError('ar', 'is not stationary: …') unless all AR roots lie outside the unit circle (Schur–Cohn);
 * the message gives the smallest root modulus.
 */
export function assertStationary(phi: Float64Array): void {
  if (!unitCircleViolation(phi, 1)) return;
  const modulus = Number(arSmallestRootModulus(phi).toPrecision(10));
  throw new InvalidArgumentError('ar', `is not stationary: the smallest root of 1 − ar[0]·z − … − ar[p−1]·z^p has modulus ${modulus} (every root must lie outside the unit circle; ≤ 1 means a unit root or explosive process)`);
}

/**
 * Throws InvalidArgumentError('ma', 'is not invertible: …') unless all MA roots lie outside the unit circle; the
 * message gives the smallest root modulus and the invertible MA with the same ACF (roots flipped), see ma-roots.ts.
 */
export function assertInvertible(theta: Float64Array): void {
  const why = nonInvertibleMaReason(theta, 'allowNonInvertible: true');
  if (why) throw new InvalidArgumentError('ma', why);
}

export function psiWeights(phi: Float64Array, theta: Float64Array, lags: number): Float64Array {
  const p = phi.length;
  const q = theta.length;
  const psi = new Float64Array(lags + 1);
  psi[0] = 1;
  for (let j = 1; j <= lags; j++) {
    let s = j <= q ? theta[j - 1] : 0;
    const top = Math.min(j, p);
    for (let i = 1; i <= top; i++) s += phi[i - 1] * psi[j - i];
    psi[j] = s;
  }
  return psi;
}

/**
 * γ_0..γ_max(lags, m) with m = max(p, q). For k = 0..m:
 *   γ_k − Σ_j φ_j γ_|k−j| = Σ_{j=k}^{q} θ_j ψ_{j−k}   (θ_0 = 1)
 * is a square (m+1)×(m+1) system in γ_0..γ_m (non-singular for a stationary AR part); beyond m,
 * γ_k = Σ_j φ_j γ_{k−j} exactly. Result has length lags + 1.
 */
function autocovariances(phi: Float64Array, theta: Float64Array, lags: number): Float64Array {
  const p = phi.length;
  const q = theta.length;
  const m = Math.max(p, q);
  const size = m + 1;
  const psi = psiWeights(phi, theta, q);
  const a = new Float64Array(size * size);
  const b = new Float64Array(size);
  for (let k = 0; k <= m; k++) {
    a[k * size + k] += 1;
    for (let j = 1; j <= p; j++) a[k * size + Math.abs(k - j)] -= phi[j - 1];
    let s = 0;
    for (let j = k; j <= q; j++) s += (j === 0 ? 1 : theta[j - 1]) * psi[j - k];
    b[k] = s;
  }
  solveDenseInPlace(a, b, size, 'ARMA autocovariance system is singular');
  const total = Math.max(lags, m);
  const gamma = new Float64Array(total + 1);
  gamma.set(b);
  for (let k = m + 1; k <= total; k++) {
    let s = 0;
    for (let j = 1; j <= p; j++) s += phi[j - 1] * gamma[k - j];
    gamma[k] = s;
  }
  return gamma.slice(0, lags + 1);
}

/**
 * Durbin–Levinson: partial autocorrelations from autocorrelations ρ_0..ρ_L (ρ_0 = 1).
 * pacf[0] = 1; pacf[k] = φ_kk. If the prediction-error variance reaches 0 (a perfectly
 * predictable sequence), the remaining entries are 0.
 */
export function durbinLevinsonPacf(rho: Float64Array): Float64Array {
  const lags = rho.length - 1;
  const pacf = new Float64Array(lags + 1);
  pacf[0] = 1;
  if (lags < 1) return pacf;
  let prev = new Float64Array(lags + 1);
  let cur = new Float64Array(lags + 1);
  let v = 1;
  for (let k = 1; k <= lags; k++) {
    let num = rho[k];
    for (let j = 1; j < k; j++) num -= prev[j] * rho[k - j];
    if (!(v > 1e-300)) break;
    const phikk = num / v;
    cur[k] = phikk;
    for (let j = 1; j < k; j++) cur[j] = prev[j] - phikk * prev[k - j];
    v *= 1 - phikk * phikk;
    pacf[k] = phikk;
    const t = prev;
    prev = cur;
    cur = t;
  }
  return pacf;
}
