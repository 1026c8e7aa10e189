import { type SeasonalForm } from './structural-models';

export type ModelKind = 'local-level' | 'local-linear-trend' | 'bsm' | 'arma' | 'ets';

/** Non-estimated model options a fit was made with (enough to rebuild the model from params). */
export interface ModelSpec {
  /** Seasonal period (bsm, ets with a seasonal component). */
  period?: number;
  /** bsm seasonal form. */
  seasonal?: SeasonalForm;
  /** ARMA orders and whether a mean was estimated. */
  p?: number;
  q?: number;
  includeMean?: boolean;
  /** ETS components: error A/M, trend N/A/Ad, season N/A/M. */
  error?: 'A' | 'M';
  trend?: 'N' | 'A' | 'Ad';
  season?: 'N' | 'A' | 'M';
  /** Names of the parameters the caller held fixed (their values are in params; not counted in nParams). */
  fixed?: string[];
  /**
   * Initialisation of the state: 'diffuse' (structural default, omitted), 'stationary' (ARMA,
   * omitted) or 'known' with initialState (m) — and, for structural models, initialCov (m × m
   * row-major); ETS takes 'known' with initialState alone (l_0, [b_0], s_0 … s_{-m+1}). ARMA
   * 'known': initialState (r = max(p, q + 1)) and initialCov of the de-meaned Harvey state (armaStateSpace).
   */
  initialization?: 'diffuse' | 'known' | 'stationary';
  initialState?: number[];
  initialCov?: number[];
}

/**
 * A fitted model, common to every kind. loglik is the full Gaussian log-likelihood with all
 * constants (exact-diffuse for structural models, exact for ARMA, innovations for ETS).
 * nParams = every estimated quantity: variances / coefficients / mean / σ², smoothing
 * parameters, ETS initial states, plus the nDiffuse diffuse initial states of structural models;
 * aic = −2ℓ + 2·nParams, bic = −2ℓ + log(nobs)·nParams, aicc = aic + 2k(k+1)/(nobs − k − 1).
 */
export interface FittedModel {
  kind: ModelKind;
  spec: ModelSpec;
  params: Record<string, number>;
  loglik: number;
  aic: number;
  bic: number;
  aicc: number;
  nParams: number;
  /** false when the optimiser stopped without meeting a tolerance (iteration cap, failed line search). */
  converged: boolean;
  /** Optimiser iterations of the winning start. */
  iterations: number;
  /** Observed (non-missing) values used. */
  nobs: number;
  /** Diffuse initial state elements (0 for ARMA and ETS). */
  nDiffuse: number;
}

/** Information criteria for loglik ll with k counted parameters and n observations. */
export function informationCriteria(ll: number, k: number, n: number): { aic: number; bic: number; aicc: number } {
  const aic = -2 * ll + 2 * k;
  const aicc = n - k - 1 > 0 ? aic + (2 * k * (k + 1)) / (n - k - 1) : Infinity;
  return { aic, bic: -2 * ll + Math.log(n) * k, aicc };
}

export interface IntervalForecast {
  mean: Float64Array;
  se: Float64Array;
  lower: Float64Array;
  upper: Float64Array;
}
