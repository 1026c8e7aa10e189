import { Rng } from '@modelbus/math-stats';
import { describe, expect, it } from 'vitest';
import { forecastFitted } from './forecast-fitted';
import { kalmanFilter } from './kalman-filter';
import { UnivariateLoglik } from './ssm-loglik';
import { fitBsm, fitLocalLinearTrend, fitStructural, structuralLoglik } from './structural-fit';
import { type StructuralSpec, structuralModel, toUnivariateSystem } from './structural-models';
import { fitLocalLevel } from './local-level-fit';
import { localLinearTrendLoglikGradUnchecked, localLinearTrendLoglikUnchecked } from './local-linear-trend';
import { loadNile } from './test-helpers';

/** Simulates a structural model from its state space form with a fixed seed. */
function simulate(spec: StructuralSpec, params: Record<string, number>, n: number, seed: number): Float64Array {
  const { model } = structuralModel(spec, params);
  const m = model.T.rows;
  const r = model.R.cols;
  const rng = new Rng(seed);
  const a = new Float64Array(m);
  for (let i = 0; i < m; i++) a[i] = i === 0 ? 10 : rng.normal();
  const y = new Float64Array(n);
  const next = new Float64Array(m);
  const eta = new Float64Array(r);
  for (let t = 0; t < n; t++) {
    let v = Math.sqrt(model.H.data[0]) * rng.normal();
    for (let j = 0; j < m; j++) v += model.Z.data[j] * a[j];
    y[t] = v;
    for (let k = 0; k < r; k++) eta[k] = Math.sqrt(model.Q.data[k * r + k]) * rng.normal();
    for (let i = 0; i < m; i++) {
      let s = 0;
      for (let j = 0; j < m; j++) s += model.T.data[i * m + j] * a[j];
      for (let k = 0; k < r; k++) s += model.R.data[i * r + k] * eta[k];
      next[i] = s;
    }
    a.set(next);
  }
  return y;
}

describe('UnivariateLoglik (fast exact-diffuse loglik)', () => {
  it('equals the general kalmanFilter loglik (1e-10 relative) for LLT and both BSM forms, with missing values', () => {
    const y = simulate({ trend: 'trend', period: 4 }, { sigma2Irregular: 1, sigma2Level: 0.5, sigma2Slope: 0.01, sigma2Seasonal: 0.2 }, 120, 3);
    y[7] = NaN;
    y[50] = NaN;
    y[51] = NaN;
    const specs: StructuralSpec[] = [{ trend: 'level' }, { trend: 'trend' }, { trend: 'trend', period: 4 }, { trend: 'trend', period: 4, seasonal: 'trig' }, { trend: 'level', period: 7, seasonal: 'trig' }];
    for (const spec of specs) {
      const pars = { sigma2Irregular: 0.9, sigma2Level: 0.4, sigma2Slope: 0.02, sigma2Seasonal: 0.1 };
      const { model, init } = structuralModel(spec, pars);
      const ref = kalmanFilter(model, init, y).loglik;
      const parts = new UnivariateLoglik(model.T.rows).run(y, toUnivariateSystem(model, init));
      expect(Math.abs(parts.loglik - ref)).toBeLessThan(1e-10 * Math.abs(ref));
      expect(parts.nDiffuse).toBe(model.T.rows); // every diffuse state absorbed by one observation
    }
  });
});

describe('scalar fast paths', () => {
  it('localLinearTrendLoglikUnchecked equals the general exact-diffuse filter (1e-11 relative), also with zero variances', () => {
    const y = simulate({ trend: 'trend' }, { sigma2Irregular: 1, sigma2Level: 0.5, sigma2Slope: 0.01 }, 300, 9);
    for (const p of [
      { sigma2Irregular: 1.2, sigma2Level: 0.4, sigma2Slope: 0.02 },
      { sigma2Irregular: 0, sigma2Level: 0.4, sigma2Slope: 0 },
      { sigma2Irregular: 3, sigma2Level: 0, sigma2Slope: 1e-6 },
    ]) {
      const ref = structuralLoglik(y, { trend: 'trend' }, p);
      const fast = localLinearTrendLoglikUnchecked(y, p.sigma2Irregular, p.sigma2Level, p.sigma2Slope);
      expect(Math.abs(fast - ref)).toBeLessThan(1e-11 * Math.abs(ref));
    }
  });
});

describe('local linear trend exact gradient', () => {
  it('localLinearTrendLoglikGradUnchecked: the loglik of the value path and ∂ℓ/∂(σ²ε, σ²ξ, σ²ζ) equal to Richardson central differences (1e-6 relative)', () => {
    // n = 300: cases 1, 2 and 4 (σ²ε = 0) reach the steady-state loop after ~70–100 steps; case 3
    // (tiny σ²ζ) converges too slowly and stays in the general loop.
    const y = simulate({ trend: 'trend' }, { sigma2Irregular: 1, sigma2Level: 0.5, sigma2Slope: 0.01 }, 300, 9);
    const g = new Float64Array(3);
    for (const p of [
      [1.2, 0.4, 0.02],
      [0.3, 2, 0.5],
      [3, 0.01, 1e-6],
      [0, 0.4, 0.01],
    ]) {
      const ll = localLinearTrendLoglikGradUnchecked(y, p[0], p[1], p[2], g);
      expect(Math.abs(ll - localLinearTrendLoglikUnchecked(y, p[0], p[1], p[2]))).toBeLessThan(1e-12 * Math.abs(ll));
      for (let j = 0; j < 3; j++) {
        // Richardson-extrapolated central difference: O(h⁴) error, with h relative to the variance
        const f = (h: number) => {
          const a = p.slice();
          const b = p.slice();
          a[j] += h;
          b[j] -= h;
          return (localLinearTrendLoglikUnchecked(y, a[0], a[1], a[2]) - localLinearTrendLoglikUnchecked(y, b[0], b[1], b[2])) / (2 * h);
        };
        const h = 1e-3 * Math.max(p[j], 1e-4);
        const num = (4 * f(h / 2) - f(h)) / 3;
        expect(Math.abs(g[j] - num)).toBeLessThan(1e-6 * Math.max(1, Math.abs(num)));
      }
    }
  });
});

describe('local level ≡ ARIMA(0,1,1)', () => {
  it('one-step forecasts equal the ARIMA(0,1,1) recursion with θ = (√(q²+4q) − 2 − q)/2 once the filter has converged', () => {
    // Steady state (units of σ²_ε): P = P/(P+1) + q ⇒ P = (q + √(q²+4q))/2, gain K = P/(P+1); the
    // forecast ŷ_{t+1} = ŷ_t + K v_t = y_t − (1 − K) v_t is ARIMA(0,1,1)'s y_t + θ e_t with θ = K − 1 = −1/(P+1),
    // which rationalises to (√(q²+4q) − 2 − q)/2.
    const y = loadNile();
    const s2e = 15099;
    const s2n = 1469.1;
    const q = s2n / s2e;
    const theta = (Math.sqrt(q * q + 4 * q) - 2 - q) / 2;
    const { model, init } = structuralModel({ trend: 'level' }, { sigma2Irregular: s2e, sigma2Level: s2n });
    const f = kalmanFilter(model, init, y);
    // start the ARIMA recursion at t0 from the filter's forecast; the gain has converged to
    // ~(1−K)^{2·t0} ≈ 1e-14 by then, so both recursions must agree to rounding (1e-9 relative)
    const t0 = 50;
    let yhat = f.predictedState[t0];
    for (let t = t0; t < y.length - 1; t++) {
      const e = y[t] - yhat;
      yhat = y[t] + theta * e;
      expect(Math.abs(yhat - f.predictedState[t + 1])).toBeLessThan(1e-9 * Math.abs(yhat));
    }
    expect(theta).toBeGreaterThan(-1);
    expect(theta).toBeLessThan(0);
  });
});

describe('structural model fits', () => {
  it('local level through fitStructural matches fitLocalLevel on Nile (loglik to 1e-6, FittedModel shape)', () => {
    const y = loadNile();
    const fit = fitStructural(y, { trend: 'level' });
    const ll = fitLocalLevel(y);
    expect(fit.kind).toBe('local-level');
    expect(Math.abs(fit.loglik - ll.loglik)).toBeLessThan(1e-6);
    expect(fit.nDiffuse).toBe(1);
    expect(fit.nParams).toBe(3);
    expect(fit.aic).toBeCloseTo(ll.aic, 5);
    const fc = forecastFitted(fit, y, 3, 0.95);
    // local level forecasts are flat: the filtered level, for every horizon
    expect(fc.mean[2]).toBeCloseTo(fc.mean[0], 10);
    expect(fc.se[2]).toBeGreaterThan(fc.se[0]);
  });

  it('local linear trend: simulated data recovers the variances within sampling error', () => {
    const truth = { sigma2Irregular: 4, sigma2Level: 1, sigma2Slope: 0.04 };
    const y = simulate({ trend: 'trend' }, truth, 2000, 11);
    const fit = fitLocalLinearTrend(y);
    expect(fit.kind).toBe('local-linear-trend');
    expect(fit.converged).toBe(true);
    expect(fit.nDiffuse).toBe(2);
    expect(fit.nParams).toBe(5);
    // n = 2000: standard errors of the log-variances are roughly 0.1–0.3; allow 40% (≈ 2 se)
    for (const [k, v] of Object.entries(truth)) expect(Math.abs(Math.log(fit.params[k] / v))).toBeLessThan(0.4);
    // the optimum is at least as good as the truth and is a local maximum
    expect(fit.loglik).toBeGreaterThanOrEqual(structuralLoglik(y, { trend: 'trend' }, truth));
    for (const k of Object.keys(truth)) {
      for (const f of [1.02, 0.98]) expect(structuralLoglik(y, { trend: 'trend' }, { ...fit.params, [k]: fit.params[k] * f })).toBeLessThan(fit.loglik);
    }
  });

  it('BSM dummy seasonal: recovers variances; smoothed seasonal sums to ~0 over a period', () => {
    const truth = { sigma2Irregular: 1, sigma2Level: 0.3, sigma2Slope: 0.001, sigma2Seasonal: 0.05 };
    const y = simulate({ trend: 'trend', period: 4 }, truth, 1200, 5);
    const fit = fitBsm(y, 4);
    expect(fit.kind).toBe('bsm');
    expect(fit.nDiffuse).toBe(5);
    expect(fit.converged).toBe(true);
    for (const k of ['sigma2Irregular', 'sigma2Level', 'sigma2Seasonal']) expect(Math.abs(Math.log(fit.params[k] / truth[k as keyof typeof truth]))).toBeLessThan(0.5);
    expect(fit.loglik).toBeGreaterThanOrEqual(structuralLoglik(y, { trend: 'trend', period: 4 }, truth));
    // the dummy seasonal forecast: with σ²_ω ≥ 0 the forecast seasonal effects over any s consecutive steps sum to 0
    const fc = forecastFitted(fit, y, 8, 0.95);
    const trendOnly = (h: number) => fc.mean[h]; // mean = level + h·slope + seasonal
    let sum = 0;
    for (let h = 0; h < 4; h++) sum += trendOnly(h) - trendOnly(h + 4);
    // over two periods the seasonal cancels: Σ_{h<4} (ŷ_h − ŷ_{h+4}) = −4·4·slope exactly
    const { model, init } = structuralModel({ trend: 'trend', period: 4 }, fit.params);
    const kf = kalmanFilter(model, init, y);
    const slope = kf.nextState[1];
    expect(Math.abs(sum + 16 * slope)).toBeLessThan(1e-8 * (1 + Math.abs(fc.mean[0])));
  });

  it('BSM trigonometric seasonal: simulated data recovers the variances; 2·nParams = AIC + 2ℓ', () => {
    const truth = { sigma2Irregular: 1, sigma2Level: 0.2, sigma2Slope: 0.001, sigma2Seasonal: 0.02 };
    const spec: StructuralSpec = { trend: 'trend', period: 6, seasonal: 'trig' };
    const y = simulate(spec, truth, 900, 17);
    const fit = fitBsm(y, 6, 'trig');
    expect(fit.spec).toEqual({ period: 6, seasonal: 'trig' });
    expect(fit.converged).toBe(true);
    expect(fit.nDiffuse).toBe(7);
    for (const k of ['sigma2Irregular', 'sigma2Level', 'sigma2Seasonal'] as const) expect(Math.abs(Math.log(fit.params[k] / truth[k]))).toBeLessThan(0.5);
    expect(fit.loglik).toBeGreaterThanOrEqual(structuralLoglik(y, spec, truth));
    expect(fit.aic + 2 * fit.loglik).toBeCloseTo(2 * fit.nParams, 8);
  });

  it('trigonometric and dummy seasonals coincide when the seasonal is fixed (σ²_ω = 0): loglik differs by a constant', () => {
    // Both span the same fixed zero-sum seasonal patterns, but P_∞ = I in different coordinates: the
    // exact-diffuse loglik changes by ½·log|det| of the coordinate change, a constant independent of
    // the other variances. So the difference must be the same at two parameter points (1e-8).
    const y = simulate({ trend: 'trend', period: 12 }, { sigma2Irregular: 1, sigma2Level: 0.2, sigma2Slope: 0.001, sigma2Seasonal: 0 }, 240, 8);
    for (const period of [12, 7]) {
      const diffs = [
        { sigma2Irregular: 1.1, sigma2Level: 0.25, sigma2Slope: 0.002, sigma2Seasonal: 0 },
        { sigma2Irregular: 0.3, sigma2Level: 2, sigma2Slope: 0.1, sigma2Seasonal: 0 },
      ].map((p) => structuralLoglik(y, { trend: 'trend', period, seasonal: 'dummy' }, p) - structuralLoglik(y, { trend: 'trend', period, seasonal: 'trig' }, p));
      expect(Math.abs(diffs[0] - diffs[1])).toBeLessThan(1e-8 * 500);
    }
  });

  it('forecasts of a deterministic linear trend are exact with se → √σ²_ε, intervals at the given level', () => {
    const y = Float64Array.from({ length: 60 }, (_, t) => 3 + 0.5 * t);
    const { model, init } = structuralModel({ trend: 'trend' }, { sigma2Irregular: 1, sigma2Level: 0, sigma2Slope: 0 });
    void model;
    void init;
    const fitted = { kind: 'local-linear-trend' as const, spec: {}, params: { sigma2Irregular: 1, sigma2Level: 0, sigma2Slope: 0 }, loglik: 0, aic: 0, bic: 0, aicc: 0, nParams: 5, converged: true, iterations: 0, nobs: 60, nDiffuse: 2 };
    const fc = forecastFitted(fitted, y, 5, 0.9);
    for (let h = 0; h < 5; h++) {
      expect(fc.mean[h]).toBeCloseTo(3 + 0.5 * (60 + h), 8);
      // Var = σ²_ε (1 + x'(X'X)⁻¹x): regression-like, slightly above 1 and growing with h
      expect(fc.se[h]).toBeGreaterThan(1);
      expect(fc.se[h]).toBeLessThan(1.1);
      expect((fc.upper[h] - fc.mean[h]) / fc.se[h]).toBeCloseTo(1.6448536269514722, 10);
    }
  });

  it('validates input', () => {
    expect(() => fitBsm([1, 2, 3, 4, 5, 6], 4)).toThrow(/period/);
    expect(() => fitBsm(Float64Array.from({ length: 40 }, (_, i) => i), 1)).toThrow(/period/);
    expect(() => fitLocalLinearTrend([])).toThrow(/y/);
    expect(() => fitLocalLinearTrend([1, 2, Infinity, 4, 5, 6])).toThrow(/y\[2\]/);
    expect(() => fitStructural([1, 2, 3, 4, 5, 6, 7], { trend: 'slope' as never })).toThrow(/spec.trend/);
    expect(() => forecastFitted({ kind: 'local-level', spec: {}, params: { sigma2Irregular: 1, sigma2Level: 1 } } as never, [1, 2, 3], 3, 1.5)).toThrow(/level/);
  });
});
