import { FailedPreconditionError, InvalidArgumentError } from '@modelbus/math-linalg';
import { describe, expect, it } from 'vitest';
import { forecast } from './forecast';
import { kalmanFilter } from './kalman-filter';
import { localLevelLoglik, localLevelModel } from './local-level';
import { kalmanSmoother } from './smoother';
import { diffuseInit } from './state-space';
import { loadNile } from './test-helpers';

describe('state space: missing values and the fast local-level path', () => {
  const y = loadNile();
  const gaps = Float64Array.from(y);
  for (const t of [0, 1, 20, 21, 22, 60, 99]) gaps[t] = NaN; // includes leading and trailing gaps

  it('general filter and scalar fast path give the same loglik with gaps (1e-12 relative)', () => {
    const { model, init } = localLevelModel(15099, 1469.1);
    const f = kalmanFilter(model, init, gaps);
    // same arithmetic in a different order: agreement to rounding
    expect(Math.abs(f.loglik - localLevelLoglik(gaps, 15099, 1469.1))).toBeLessThan(1e-12 * Math.abs(f.loglik));
    expect(f.nobs).toBe(93);
    expect(f.diffuseSteps).toBe(3); // the level stays diffuse through the two leading gaps
    expect(f.loglikPerObs[20]).toBe(0);
    expect(Number.isNaN(f.v[20])).toBe(true);
  });

  it('smoother at a missing time: ε̂ = 0 with var σ²ε; α̂ interpolates between neighbours', () => {
    const { model, init } = localLevelModel(15099, 1469.1);
    const s = kalmanSmoother(model, kalmanFilter(model, init, gaps));
    expect(s.smoothedObsDisturbance[21]).toBe(0);
    expect(s.smoothedObsDisturbanceVar[21]).toBe(15099);
    // a random walk level with no data between t = 19 and 23 is smoothed linearly (η̂ constant across the gap)
    expect(s.smoothedStateDisturbance[20]).toBeCloseTo(s.smoothedStateDisturbance[21], 8);
    expect(s.smoothedStateDisturbance[99]).toBe(0);
    // the gap widens the smoothed variance
    expect(s.smoothedCov[21]).toBeGreaterThan(s.smoothedCov[25]);
  });

  it('forecast refuses while still diffuse; loglik is −∞ for an impossible observation', () => {
    const { model, init } = localLevelModel(1, 1);
    const f = kalmanFilter(model, init, [NaN, NaN]);
    expect(() => forecast(model, f, 3)).toThrow(FailedPreconditionError);
    const zero = localLevelModel(0, 0);
    expect(kalmanFilter(zero.model, zero.init, [1, 2]).loglik).toBe(-Infinity);
    expect(localLevelLoglik([1, 2], 0, 0)).toBe(-Infinity);
    expect(kalmanFilter(zero.model, zero.init, [1, 1]).loglik).toBeCloseTo(-Math.log(2 * Math.PI), 14);
  });

  it('rejects malformed models and data with InvalidArgumentError naming the field', () => {
    const { model, init } = localLevelModel(1, 1);
    const field = (fn: () => unknown) => {
      try {
        fn();
      } catch (e) {
        expect(e).toBeInstanceOf(InvalidArgumentError);
        return (e as InvalidArgumentError).field;
      }
      return 'no error';
    };
    expect(field(() => kalmanFilter({ ...model, H: { rows: 1, cols: 1, data: Float64Array.of(NaN) } }, init, [1]))).toBe('H.data[0]');
    expect(field(() => kalmanFilter({ ...model, H: { rows: 1, cols: 1, data: Float64Array.of(-1) } }, init, [1]))).toBe('H');
    expect(field(() => kalmanFilter({ ...model, T: { rows: 2, cols: 2, data: new Float64Array(4) } }, init, [1]))).toBe('T');
    expect(field(() => kalmanFilter(model, diffuseInit(2), [1]))).toBe('init.a1');
    expect(field(() => kalmanFilter(model, init, [1, Infinity]))).toBe('y[1]');
    expect(field(() => kalmanFilter(model, init, []))).toBe('y');
    expect(field(() => localLevelModel(-1, 1))).toBe('sigma2Eps');
    expect(field(() => forecast(model, kalmanFilter(model, init, [1, 2]), 0))).toBe('steps');
  });
});
