import { InvalidArgumentError } from '@modelbus/math-linalg';
import { describe, expect, it } from 'vitest';
import { kalmanFilter } from './kalman-filter';
import { localLevelModel } from './local-level';
import { simulationSmoother } from './simulation-smoother';
import { kalmanSmoother } from './smoother';
import { structuralModel } from './structural-models';
import { expectRelClose } from './test-helpers';
import ref from './__fixtures__/nile_disturbances_statsmodels.json';

// Disturbance smoother (D&K 2012 §2.5, §4.5; exact diffuse §5.4) on Nile at D&K's variances against
// statsmodels' UnobservedComponents.smooth (tools/reference/timeseries/nile_disturbances_statsmodels.py):
// ε̂_t, Var(ε_t | Y_n), η̂_t, Var(η_t | Y_n), with and without missing stretches. Relative 1e-8 (the
// issue's bar at fixed parameters), against the series' mean magnitude where an entry crosses zero.
const REL = 1e-8;
const { sigma2_eps: S2EPS, sigma2_eta: S2ETA } = ref.params;

describe('disturbance smoother on Nile (local level, exact diffuse) vs statsmodels', () => {
  for (const [name, c] of Object.entries({ full: ref.full, 'missing 1891–1900 and 1931–1940': ref.missing_20_29_60_69 })) {
    it(`${name}: smoothed states and disturbances with their variances`, () => {
      const y = Float64Array.from(c.values, (v) => (v === null ? NaN : v));
      const { model, init } = localLevelModel(S2EPS, S2ETA);
      const f = kalmanFilter(model, init, y);
      const s = kalmanSmoother(model, f);
      expect(Math.abs(f.loglik / c.loglik - 1)).toBeLessThan(REL);
      expect(f.diffuseSteps).toBe(c.nobs_diffuse);
      expectRelClose(s.smoothedState, c.smoothed_state as number[], REL, 'alpha_hat');
      expectRelClose(s.smoothedCov, c.smoothed_state_var as number[], REL, 'V');
      expectRelClose(s.smoothedObsDisturbance, c.smoothed_obs_disturbance as number[], REL, 'eps_hat');
      expectRelClose(s.smoothedObsDisturbanceVar, c.smoothed_obs_disturbance_var as number[], REL, 'Var eps');
      expectRelClose(s.smoothedStateDisturbance, c.smoothed_state_disturbance as number[], REL, 'eta_hat');
      expectRelClose(s.smoothedStateDisturbanceCov, c.smoothed_state_disturbance_var as number[], REL, 'Var eta');
    });
  }
});

describe('smoother when the data do not identify the diffuse initial state', () => {
  const { model, init } = localLevelModel(1, 1);
  const smooth = (m: typeof model, i: typeof init, y: number[]) => kalmanSmoother(m, kalmanFilter(m, i, Float64Array.from(y)));

  it('refuses (InvalidArgumentError on y) when the state is still diffuse after the last observation, instead of finite nonsense', () => {
    // no observation at all: the level's smoothed variance is infinite (the recursions gave 0 and 1)
    expect(() => smooth(model, init, [NaN, NaN])).toThrow(InvalidArgumentError);
    expect(() => smooth(model, init, [NaN, NaN])).toThrow(/^y does not identify the diffuse initial state/);
    // a local linear trend seen once: the slope is not identified
    const { model: llt, init: lltInit } = structuralModel({ trend: 'trend' }, { sigma2Irregular: 1, sigma2Level: 1, sigma2Slope: 1 });
    expect(() => smooth(llt, lltInit, [NaN, 3, NaN])).toThrow(/still diffuse after the last observation \(1 observed values\)/);
    expect(() => simulationSmoother(llt, lltInit, Float64Array.of(NaN, 3, NaN), { draws: 1, seed: 1 })).toThrow(InvalidArgumentError);
  });

  it('accepts a diffuse phase that ends at the last observation: one observed level identifies it', () => {
    // α̂_t = y_3 = 5 everywhere; α_3 = y_3 − ε_3 has variance σ²_ε = 1, and each step back adds σ²_η = 1
    const s = smooth(model, init, [NaN, NaN, 5]);
    expect(Array.from(s.smoothedState)).toEqual([5, 5, 5]);
    expect(Array.from(s.smoothedCov)).toEqual([3, 2, 1]);
  });
});
