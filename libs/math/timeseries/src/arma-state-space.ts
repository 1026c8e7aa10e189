import { solveDiscreteLyapunov } from './lyapunov';
import { type UnivariateSystem } from './ssm-loglik';
import { type StateInit, type StateSpaceModel } from './state-space';

/**
 * Harvey (1989) state space form of the zero-mean ARMA(p, q) process
 * (1 − φ(L)) x_t = (1 + θ(L)) e_t, e_t ~ N(0, σ²), with m = max(p, q + 1):
 *   x_t = (1, 0, …, 0) α_t (H = 0),  α_{t+1} = T α_t + R e_{t+1},
 *   T = [φ | I_{m−1} ; 0'] (φ in the first column, padded with zeros), R = (1, θ₁, …, θ_{m−1})'.
 * State order: α_t[0] = x_t and, for i = 1..m−1, α_t[i] = Σ_{k=i}^{m−1} (φ_{k+1} x_{t−1−k+i} + θ_k e_{t−k+i})
 * (φ_k = 0 for k > p, θ_k = 0 for k > q) — the same form as statsmodels' SARIMAX without trend.
 * Stationary initialisation: a_1 = 0, P_1 solves P = T P T' + σ² R R' (discrete Lyapunov).
 */
export function armaStateSpace(phi: ArrayLike<number>, theta: ArrayLike<number>, sigma2: number): { model: StateSpaceModel; init: StateInit } {
  const s = armaSystem(phi, theta, sigma2);
  const m = s.m;
  const R = new Float64Array(m);
  R[0] = 1;
  for (let i = 1; i < m; i++) R[i] = i <= theta.length ? theta[i - 1] : 0;
  const mat = (rows: number, cols: number, data: Float64Array) => ({ rows, cols, data });
  return {
    model: { Z: mat(1, m, s.z), H: mat(1, 1, Float64Array.of(0)), T: mat(m, m, s.T), R: mat(m, 1, R), Q: mat(1, 1, Float64Array.of(sigma2)) },
    init: { a1: s.a1, Pstar: mat(m, m, s.Pstar), Pinf: mat(m, m, s.Pinf) },
  };
}

/**
 * The same model flattened for UnivariateLoglik (throws FailedPreconditionError for a unit-root AR
 * part). With `known` (a_1: m values, P_1: m × m row-major, validated by the caller) the filter
 * starts there instead of at the stationary distribution, and no Lyapunov equation is solved.
 */
export function armaSystem(phi: ArrayLike<number>, theta: ArrayLike<number>, sigma2: number, known?: { a1: Float64Array; P1: Float64Array }): UnivariateSystem {
  const p = phi.length;
  const q = theta.length;
  const m = Math.max(p, q + 1, 1);
  const T = new Float64Array(m * m);
  for (let i = 0; i < p; i++) T[i * m] = phi[i];
  for (let i = 0; i + 1 < m; i++) T[i * m + i + 1] = 1;
  const R = new Float64Array(m);
  R[0] = 1;
  for (let i = 1; i < m; i++) R[i] = i <= q ? theta[i - 1] : 0;
  const RQR = new Float64Array(m * m);
  for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) RQR[i * m + j] = sigma2 * R[i] * R[j];
  const z = new Float64Array(m);
  z[0] = 1;
  const Pinf = new Float64Array(m * m);
  if (known) return { m, z, h: 0, T, RQR, a1: known.a1, Pstar: known.P1, Pinf };
  return { m, z, h: 0, T, RQR, a1: new Float64Array(m), Pstar: solveDiscreteLyapunov(T, RQR, m), Pinf };
}
