import { InvalidArgumentError } from '@modelbus/math-linalg';
import { checkInteger } from '../validate';

/** ρ = 1/(1 + δ), δ = 1e-8: the root-modulus slack of the admissibility test (R uses 1e-10). */
const ADMISSIBLE_RHO = 1 / (1 + 1e-8);

export type EtsError = 'A' | 'M';
export type EtsTrend = 'N' | 'A' | 'Ad';
export type EtsSeason = 'N' | 'A' | 'M';

/** ETS(error, trend, season) in the innovations form of Hyndman, Koehler, Ord & Snyder (2008). */
export interface EtsSpec {
  error: EtsError;
  trend: EtsTrend;
  season: EtsSeason;
  /** Seasonal period m ≥ 2 (required when season ≠ 'N'). */
  period?: number;
}

/**
 * Smoothing parameters and initial states. Seasonal states are ordered newest first, like R's
 * forecast::ets states s1..sm: s[0] = s_0, …, s[m−1] = s_{1−m} (the one used at t = 1).
 */
export interface EtsParams {
  alpha: number;
  beta?: number;
  gamma?: number;
  phi?: number;
  l0: number;
  b0?: number;
  s0?: Float64Array;
}

/** Validates spec against n; returns m (1 without season). */
export function checkEtsSpec(spec: EtsSpec, n: number): number {
  if (!spec) throw new InvalidArgumentError('spec', 'is required');
  if (spec.error !== 'A' && spec.error !== 'M') throw new InvalidArgumentError('spec.error', "must be 'A' or 'M'");
  if (spec.trend !== 'N' && spec.trend !== 'A' && spec.trend !== 'Ad') throw new InvalidArgumentError('spec.trend', "must be 'N', 'A' or 'Ad'");
  if (spec.season !== 'N' && spec.season !== 'A' && spec.season !== 'M') throw new InvalidArgumentError('spec.season', "must be 'N', 'A' or 'M'");
  if (spec.season === 'N') return 1;
  checkInteger(spec.period, 'period', 2, 100000);
  if ((spec.period as number) > n / 2) throw new InvalidArgumentError('period', `must be ≤ n/2 = ${n / 2}, got ${spec.period}`);
  return spec.period as number;
}

/** True when every component is multiplicative-free: linear (class 1) models with analytic intervals. */
export function isLinearEts(spec: EtsSpec): boolean {
  return spec.error === 'A' && spec.season !== 'M';
}

/**
 * One step of the state recursion, common to additive and multiplicative errors (it is the same
 * textbook update once written in y: Hyndman et al. 2008 Table 2.3): with q = l + φb,
 *   l ← q + α(p − q),  p = y − s_{t−m} | y / s_{t−m} | y
 *   b ← φb + β(p − q)
 *   s_t = s_{t−m} + γ(τ − s_{t−m}),  τ = y − q | y / q
 * (for multiplicative seasonality this is s_t = s_{t−m}(1 + γ ε_t) with ε_t = (y − ŷ)/ŷ, the
 * textbook update, not statsmodels' variant). Returns the one-step forecast ŷ made before the update.
 * state = [l, b, s_0..s_{m−1}] (b unused without trend).
 */
export function etsStep(state: Float64Array, y: number, trend: EtsTrend, season: EtsSeason, m: number, alpha: number, beta: number, gamma: number, phi: number): number {
  const l = state[0];
  const phib = trend === 'N' ? 0 : phi * state[1];
  const q = l + phib;
  let yhat = q;
  let p = y;
  if (season !== 'N') {
    const s = state[2 + m - 1];
    if (season === 'A') {
      yhat = q + s;
      p = y - s;
    } else {
      yhat = q * s;
      p = y / s;
    }
    const tau = season === 'A' ? y - q : y / q;
    const sNew = s + gamma * (tau - s);
    for (let j = m - 1; j > 0; j--) state[2 + j] = state[2 + j - 1];
    state[2] = sNew;
  }
  state[0] = q + alpha * (p - q);
  if (trend !== 'N') state[1] = phib + beta * (p - q);
  return yhat;
}

/** One-step forecast ŷ from the state without updating. */
export function etsPoint(state: Float64Array, trend: EtsTrend, season: EtsSeason, m: number, phi: number): number {
  const q = state[0] + (trend === 'N' ? 0 : phi * state[1]);
  if (season === 'N') return q;
  const s = state[2 + m - 1];
  return season === 'A' ? q + s : q * s;
}

/** Packs params into the state vector [l, b, s_0..s_{m−1}]. */
export function initialState(params: EtsParams, m: number): Float64Array {
  const st = new Float64Array(2 + (m > 1 ? m : 0));
  st[0] = params.l0;
  st[1] = params.b0 ?? 0;
  if (params.s0 && m > 1) st.set(params.s0, 2);
  return st;
}

/**
 * R forecast::ets admissibility (Hyndman et al. 2008 ch. 10): the model is forecastable. Checks the
 * closed-form bounds, then for seasonal models that all roots of the characteristic polynomial
 * lie in the unit disc (via reflection coefficients of the reversed polynomial, no root finding).
 */
export function etsAdmissible(alpha: number, beta: number | undefined, gamma: number | undefined, phi: number | undefined, m: number, isStationaryPoly: (c: ArrayLike<number>) => boolean): boolean {
  const ph = phi ?? 1;
  if (ph < 0 || ph > 1 + 1e-8) return false;
  if (gamma === undefined) {
    if (alpha < 1 - 1 / ph || alpha > 1 + 1 / ph) return false;
    if (beta !== undefined && (beta < alpha * (ph - 1) || beta > (1 + ph) * (2 - alpha))) return false;
    return true;
  }
  const b = beta ?? 0;
  if (gamma < Math.max(1 - 1 / ph - alpha, 0) || gamma > 1 + 1 / ph - alpha) return false;
  if (alpha < 1 - 1 / ph - (gamma * (1 - m + ph + ph * m)) / (2 * ph * m)) return false;
  if (b < -(1 - ph) * (gamma / m + alpha)) return false;
  // P(z) = φ(1−α−γ) + (α+β−αφ+γ−1) z + (α+β−αφ)(z² + … + z^{m−1}) + (α+β−φ) z^m + z^{m+1} (R's ordering);
  // all roots in |z| ≤ 1. Without a trend (β = 0, φ = 1) z = 1 is always a root (R accepts it within
  // 1e-10): divide it out, then require the other roots strictly inside.
  let P = new Float64Array(m + 2);
  P[0] = ph * (1 - alpha - gamma);
  P[1] = alpha + b - alpha * ph + gamma - 1;
  for (let j = 2; j <= m - 1; j++) P[j] = alpha + b - alpha * ph;
  P[m] = alpha + b - ph;
  P[m + 1] = 1;
  if (beta === undefined && ph === 1) {
    const Qd = new Float64Array(m + 1);
    Qd[m] = P[m + 1];
    for (let k = m; k >= 1; k--) Qd[k - 1] = P[k] + Qd[k];
    P = Qd;
  }
  // roots of monic P inside the disc ⇔ roots of its reversal 1 + P[d−1] z + … + P[0] z^d outside,
  // i.e. 1 − c₁z − … stationary with c_k = −P[d−k]
  // R accepts max|root| ≤ 1 + 1e-10: boundary models (γ → 0, β → 0 put roots on the circle) stay
  // admissible. Roots of P within radius 1 + δ ⇔ reversed roots w with |w| ≥ ρ = 1/(1 + δ) ⇔ the
  // polynomial in w' = w/ρ (coefficients scaled by ρ^k) has its roots outside the unit circle.
  const d = P.length - 1;
  const c = new Float64Array(d);
  let rk = 1;
  for (let k = 1; k <= d; k++) {
    rk *= ADMISSIBLE_RHO;
    c[k - 1] = -P[d - k] * rk;
  }
  return isStationaryPoly(c);
}
