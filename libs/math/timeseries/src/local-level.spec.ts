import { Rng } from '@modelbus/math-stats';
import { describe, expect, it } from 'vitest';
import { kalmanFilter } from './kalman-filter';
import { localLevelLoglik, localLevelLoglikGradUnchecked, localLevelModel } from './local-level';

/** The textbook scalar recursion with no steady-state shortcut (D&K 2012 §2.10 diffuse start). */
function plainLoglik(y: Float64Array, se: number, sn: number): number {
  let a = 0;
  let P = Infinity;
  let ll = 0;
  for (const yt of y) {
    if (!Number.isNaN(yt)) {
      ll -= 0.5 * Math.log(2 * Math.PI);
      if (P === Infinity) {
        a = yt;
        P = se;
      } else {
        const F = P + se;
        const v = yt - a;
        ll -= 0.5 * (Math.log(F) + (v * v) / F);
        a += (P / F) * v;
        P -= (P * P) / F;
      }
    }
    P += sn;
  }
  return ll;
}

describe('local level fast path (steady-state loop)', () => {
  const rng = new Rng(11);
  const n = 5000;
  const y = new Float64Array(n);
  let mu = 10;
  for (let t = 0; t < n; t++) {
    y[t] = mu + rng.normal();
    mu += 0.3 * rng.normal();
  }
  // gaps after the filter has reached its steady state, a run of them, and a trailing one
  const gaps = Float64Array.from(y);
  for (const t of [1500, 1501, 1502, 3000, 4200, 4201, n - 1]) gaps[t] = NaN;

  for (const [se, sn] of [
    [1, 0.09],
    [1, 1e-6], // slow convergence of P: the shortcut starts late
    [1e-3, 10], // P converges in a couple of steps
    [2, 0],
  ]) {
    it(`σ²ε = ${se}, σ²η = ${sn}: equals the plain recursion and the general filter (1e-10 relative), with and without gaps`, () => {
      for (const data of [y, gaps]) {
        const fast = localLevelLoglik(data, se, sn);
        expect(Math.abs(fast - plainLoglik(data, se, sn))).toBeLessThan(1e-10 * Math.abs(fast));
        const { model, init } = localLevelModel(se, sn);
        const general = kalmanFilter(model, init, data).loglik;
        expect(Math.abs(fast - general)).toBeLessThan(1e-10 * Math.abs(fast));
      }
    });
  }

  it('the analytic gradient matches central differences (1e-6 relative) and the loglik equals the value-only pass (1e-12)', () => {
    const g = new Float64Array(2);
    for (const data of [y, gaps, y.subarray(0, 60)]) {
      for (const [se, sn] of [
        [1, 0.09],
        [0.5, 2],
        [1, 1e-5],
      ]) {
        const ll = localLevelLoglikGradUnchecked(data, se, sn, g);
        const ref = localLevelLoglik(data, se, sn);
        expect(Math.abs(ll - ref)).toBeLessThan(1e-12 * Math.abs(ref));
        const he = 1e-4 * se; // central differences: O(h²) truncation ≈ 1e-8 relative, rounding ≪ that
        const hn = 1e-4 * sn;
        const fdE = (localLevelLoglik(data, se + he, sn) - localLevelLoglik(data, se - he, sn)) / (2 * he);
        const fdN = (localLevelLoglik(data, se, sn + hn) - localLevelLoglik(data, se, sn - hn)) / (2 * hn);
        expect(Math.abs(g[0] - fdE)).toBeLessThan(1e-6 * Math.max(1, Math.abs(fdE)));
        expect(Math.abs(g[1] - fdN)).toBeLessThan(1e-6 * Math.max(1, Math.abs(fdN)));
      }
    }
  });
});
