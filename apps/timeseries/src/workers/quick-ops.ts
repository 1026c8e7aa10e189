// Quick request/reply operations of the time-series service (worker side).
import { armaSimulate, durbinLevinsonPacf, kalmanFilter, kalmanSmoother, localLevelModel, sampleAcf, Step } from '@modelbus/math-timeseries';
import { renamed } from './fit-ops';
import { VALUES } from './kalman-ops';

export interface SimulateArgs {
  ar: number[];
  ma: number[];
  n: number;
  seed: number;
  sigma2?: number;
  burnIn?: number;
  allowNonInvertible?: boolean;
}

export const armaSimulateOp = (a: SimulateArgs) => ({
  values: armaSimulate(a.ar, a.ma, a.n, { seed: a.seed, sigma2: a.sigma2, burnIn: a.burnIn, allowNonInvertible: a.allowNonInvertible }),
});

/** Sample ACF, and the PACF by Durbin–Levinson on the same ACF (one pass over the data). */
export function sampleAcfOp(a: { values: Float64Array; lags: number }) {
  const acf = renamed(VALUES, () => sampleAcf(a.values, a.lags), 'x'); // the math names its input x
  return { acf: acf.values, pacf: durbinLevinsonPacf(acf.values), band: acf.band };
}

export interface LocalLevelArgs {
  values: Float64Array;
  sigma2Eps: number;
  sigma2Eta: number;
  smooth: boolean;
}

/**
 * Local level Kalman filter (and smoother) at given variances. Arrays hold NaN where the JSON reply
 * says null: predicted variance in the diffuse phase (P = ∞), filtered mean and variance while the level
 * is still diffuse after the update (no observation yet: P_{t|t} = ∞), v and F where no regular update
 * was made (missing y, or the diffuse step).
 */
export function localLevelKalmanOp(a: LocalLevelArgs) {
  const { model, init } = localLevelModel(a.sigma2Eps, a.sigma2Eta);
  const f = kalmanFilter(model, init, a.values);
  const n = f.n;
  const v = new Float64Array(n);
  const F = new Float64Array(n);
  const predictedVar = Float64Array.from(f.predictedCov);
  for (let t = 0; t < n; t++) {
    const regular = f.step[t] === Step.Regular;
    v[t] = regular ? f.v[t] : NaN;
    F[t] = regular ? f.F[t] : NaN;
    if (t < f.diffuseSteps) predictedVar[t] = NaN;
  }
  const common = { v, F, loglik: f.loglik, nobs: f.nobs, diffuseSteps: f.diffuseSteps };
  if (!a.smooth) {
    // P_∞,t+1 = P_∞,t|t (T = 1): still diffuse after the update at t < d − 1, and at n − 1 when the sample ends diffuse
    const filteredMean = Float64Array.from(f.filteredState);
    const filteredVar = Float64Array.from(f.filteredCov);
    const diffuseAfter = f.nextCovInf[0] !== 0 ? n : f.diffuseSteps - 1;
    filteredMean.fill(NaN, 0, diffuseAfter);
    filteredVar.fill(NaN, 0, diffuseAfter);
    return { ...common, predictedMean: f.predictedState, predictedVar, filteredMean, filteredVar };
  }
  const s = renamed(VALUES, () => kalmanSmoother(model, f));
  return { ...common, smoothedMean: s.smoothedState, smoothedVar: s.smoothedCov };
}
