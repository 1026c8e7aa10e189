import { type EtsParams, type EtsSpec, etsStep, initialState } from './ets-model';

const LOG_2PI = Math.log(2 * Math.PI);

export interface EtsRun {
  /** Innovations loglik with all constants: −n/2·(log 2π + 1 + log σ̂²) − [M error] Σ log|ŷ_t|, σ̂² = Σε²/n. */
  loglik: number;
  /** R forecast::ets' "loglik" (constants dropped): −½(n log Σε² + [M] 2Σ log|ŷ_t|). */
  loglikR: number;
  /** Σ ε_t² (ε = y − ŷ for additive errors, (y − ŷ)/ŷ for multiplicative). */
  sse: number;
  fitted: Float64Array;
  residuals: Float64Array;
  /** State after the last observation: [l, b, s_0..s_{m−1}]. */
  finalState: Float64Array;
}

/** ℓ_ours − ℓ_R = −n/2·(log 2π + 1 − log n): converts R's ets loglik to the full innovations loglik. */
export function etsLoglikFromR(loglikR: number, n: number): number {
  return loglikR - 0.5 * n * (LOG_2PI + 1 - Math.log(n));
}

/** Runs the ETS recursion over y (no missing values) at given parameters and initial states. */
export function etsRun(y: Float64Array, spec: EtsSpec, params: EtsParams, keepSeries = true): EtsRun {
  const m = spec.season === 'N' ? 1 : (spec.period as number);
  const state = initialState(params, m);
  const n = y.length;
  const fitted = keepSeries ? new Float64Array(n) : new Float64Array(0);
  const residuals = keepSeries ? new Float64Array(n) : new Float64Array(0);
  const alpha = params.alpha;
  const beta = params.beta ?? 0;
  const gamma = params.gamma ?? 0;
  const phi = spec.trend === 'Ad' ? (params.phi as number) : 1;
  const mult = spec.error === 'M';
  let sse = 0;
  let sumLog = 0;
  for (let t = 0; t < n; t++) {
    const yhat = etsStep(state, y[t], spec.trend, spec.season, m, alpha, beta, gamma, phi);
    let e = y[t] - yhat;
    if (mult) {
      e /= yhat;
      sumLog += Math.log(Math.abs(yhat));
    }
    sse += e * e;
    if (keepSeries) {
      fitted[t] = yhat;
      residuals[t] = e;
    }
  }
  let loglik = -0.5 * n * (LOG_2PI + 1 + Math.log(sse / n)) - sumLog;
  let loglikR = -0.5 * (n * Math.log(sse) + 2 * sumLog);
  if (!Number.isFinite(loglik) || Number.isNaN(sse)) {
    loglik = -Infinity;
    loglikR = -Infinity;
  }
  return { loglik, loglikR, sse, fitted, residuals, finalState: state };
}
