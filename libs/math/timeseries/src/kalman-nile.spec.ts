import { describe, expect, it } from 'vitest';
import { forecast } from './forecast';
import { kalmanFilter } from './kalman-filter';
import { localLevelLoglik, localLevelModel } from './local-level';
import { kalmanSmoother } from './smoother';
import { expectRelClose, loadNile } from './test-helpers';
import ref from './__fixtures__/nile_local_level_statsmodels.json';

// statsmodels exact diffuse (use_exact_diffuse=True) at the published D&K parameters. Its conventions,
// which ours follow: during the diffuse step P_t and F_t are the finite parts P_*, F_* (P_1 = 0,
// F_1 = σ²_ε); the loglik counts −½log2π for all n and the diffuse step adds −½log F_∞ = 0.
// Peers agree to ~1e-12 at fixed parameters, so relative 1e-8 is a fair test (README).
const fixed = ref.fixed_published_params_exact_diffuse;
const k = fixed.kalman;
const REL = 1e-8;

describe('Kalman filter / smoother on Nile (local level, exact diffuse) vs statsmodels', () => {
  const y = loadNile();
  const { model, init } = localLevelModel(fixed.params['sigma2.irregular'], fixed.params['sigma2.level']);
  const f = kalmanFilter(model, init, y);
  const s = kalmanSmoother(model, f);

  it('has 100 observations and one diffuse step', () => {
    expect(y.length).toBe(100);
    expect(y[0]).toBe(1120);
    expect(f.diffuseSteps).toBe(1);
    expect(f.nobs).toBe(100);
  });

  it('filter: a_t, P_t, v_t, F_t, filtered moments', () => {
    expectRelClose(f.predictedState, k.predicted_state_a_t[0], REL, 'a_t');
    expectRelClose(f.predictedCov, k.predicted_state_cov_P_t[0], REL, 'P_t');
    expectRelClose(f.v, k.innovation_v_t, REL, 'v_t');
    expectRelClose(f.F, k.innovation_var_F_t, REL, 'F_t');
    expectRelClose(f.filteredState, k.filtered_state[0], REL, 'filtered');
    expectRelClose(f.filteredCov, k.filtered_state_var[0], REL, 'filtered var');
  });

  it('loglik per observation and total (exact diffuse, all constants)', () => {
    expectRelClose(f.loglikPerObs, k.loglik_per_obs, REL, 'loglik_t');
    expect(Math.abs(f.loglik - fixed.loglik)).toBeLessThan(REL * Math.abs(fixed.loglik));
    expect(Math.abs(localLevelLoglik(y, fixed.params['sigma2.irregular'], fixed.params['sigma2.level']) - fixed.loglik)).toBeLessThan(REL * 633);
  });

  it('smoother: smoothed state, variance, disturbances', () => {
    expectRelClose(s.smoothedState, k.smoothed_state[0], REL, 'alpha_hat');
    expectRelClose(s.smoothedCov, k.smoothed_state_var[0], REL, 'V_t');
    expectRelClose(s.smoothedObsDisturbance, k.smoothed_measurement_disturbance, REL, 'eps_hat');
    expectRelClose(s.smoothedStateDisturbance, k.smoothed_state_disturbance[0], REL, 'eta_hat');
  });

  it('10-step forecasts: mean, se and 95% bounds', () => {
    const fc = forecast(model, f, 10);
    expectRelClose(fc.mean, fixed.forecast_10.mean, REL, 'mean');
    expectRelClose(fc.se, fixed.forecast_10.se, REL, 'se');
    expectRelClose(fc.lower95, fixed.forecast_10.lower95, REL, 'lower');
    expectRelClose(fc.upper95, fixed.forecast_10.upper95, REL, 'upper');
  });

  it('reproduces the exact-diffuse MLE loglik at the reported MLE parameters', () => {
    const mle = ref.mle_exact_diffuse;
    const ll = localLevelLoglik(y, mle.params['sigma2.irregular'], mle.params['sigma2.level']);
    expect(Math.abs(ll - mle.loglik)).toBeLessThan(1e-8 * 633);
  });
});
