import { Rng } from '@modelbus/math-stats';
import { describe, expect, it } from 'vitest';
import { forecastFitted } from '../forecast-fitted';
import { fitEts } from './ets-fit';
import { EtsLoglik } from './ets-fast';
import { etsRun } from './ets-loglik';
import { type EtsSpec, etsAdmissible } from './ets-model';
import { selectEts } from './ets-select';
import { isStationary } from '../polynomial';

function seasonalSeries(n: number, seed: number, mult: boolean): Float64Array {
  const rng = new Rng(seed);
  const y = new Float64Array(n);
  let level = 100;
  for (let t = 0; t < n; t++) {
    level += 0.5 + rng.normal();
    const s = 10 * Math.sin((2 * Math.PI * t) / 12);
    y[t] = mult ? level * (1 + s / 100) * (1 + 0.01 * rng.normal()) : level + s + rng.normal();
  }
  return y;
}

describe('ETS recursion', () => {
  it('ANN is simple exponential smoothing; MNN has the same states with loglik shifted by −Σ log ŷ', () => {
    const y = Float64Array.from([10, 12, 11, 13, 15, 14, 16, 15, 17, 18]);
    const r = etsRun(y, { error: 'A', trend: 'N', season: 'N' }, { alpha: 0.3, l0: 10 });
    let l = 10;
    let sse = 0;
    for (let t = 0; t < y.length; t++) {
      expect(r.fitted[t]).toBeCloseTo(l, 12);
      sse += (y[t] - l) ** 2;
      l += 0.3 * (y[t] - l);
    }
    expect(r.sse).toBeCloseTo(sse, 10);
    const n = y.length;
    expect(r.loglik).toBeCloseTo(-0.5 * n * (Math.log(2 * Math.PI) + 1 + Math.log(sse / n)), 10);
    const rm = etsRun(y, { error: 'M', trend: 'N', season: 'N' }, { alpha: 0.3, l0: 10 });
    for (let t = 0; t < n; t++) expect(rm.fitted[t]).toBeCloseTo(r.fitted[t], 12);
  });

  it('multiplicative season uses the textbook update s_t = s_{t−m}(1 + γ ε_t)', () => {
    const y = Float64Array.from([12, 9, 13, 8, 14, 10]);
    const spec: EtsSpec = { error: 'M', trend: 'N', season: 'M', period: 2 };
    const s0 = Float64Array.from([0.8, 1.2]); // s[1] used first
    const r = etsRun(y, spec, { alpha: 0.2, gamma: 0.3, l0: 10, s0 });
    // step 1 by hand: ŷ = l·s = 10·1.2, ε = (12 − 12)/12 = 0 → s unchanged; step 2: ŷ = 10·0.8 = 8, ε = (9 − 8)/8
    expect(r.fitted[0]).toBeCloseTo(12, 12);
    expect(r.fitted[1]).toBeCloseTo(8, 12);
    const eps = 1 / 8;
    const l2 = 10 * (1 + 0.2 * eps);
    const sNew = 0.8 * (1 + 0.3 * eps);
    // step 3 uses s from step 1 (1.2, unchanged), step 4 uses sNew
    expect(r.fitted[2]).toBeCloseTo(l2 * 1.2, 12);
    const eps3 = (13 - l2 * 1.2) / (l2 * 1.2);
    const l3 = l2 * (1 + 0.2 * eps3);
    expect(r.fitted[3]).toBeCloseTo(l3 * sNew, 12);
  });

  it('the ring-buffer fast loglik equals etsRun for every component combination (1e-12 relative)', () => {
    const y = seasonalSeries(60, 2, true);
    const s0 = Float64Array.from({ length: 12 }, (_, j) => 1 + 0.1 * Math.sin(j));
    const sa = Float64Array.from({ length: 12 }, (_, j) => 5 * Math.sin(j));
    for (const error of ['A', 'M'] as const) {
      for (const trend of ['N', 'A', 'Ad'] as const) {
        for (const season of ['N', 'A', 'M'] as const) {
          const spec: EtsSpec = { error, trend, season, period: 12 };
          const p = { alpha: 0.3, beta: 0.05, gamma: 0.1, phi: 0.9, l0: 100, b0: 0.4, s0: season === 'N' ? undefined : season === 'M' ? s0 : sa };
          const a = etsRun(y, spec, p).loglik;
          expect(Math.abs(new EtsLoglik(spec).run(y, p) - a)).toBeLessThan(1e-12 * Math.abs(a));
        }
      }
    }
  });

  it('the adjoint (reverse-mode) gradient matches central differences of the loglik (1e-6 relative) for every combination', () => {
    const y = seasonalSeries(60, 2, true);
    const s0 = Float64Array.from({ length: 12 }, (_, j) => 1 + 0.1 * Math.sin(j));
    s0[11] = 12 - s0.slice(0, 11).reduce((a, b) => a + b, 0);
    const sa = Float64Array.from({ length: 12 }, (_, j) => 5 * Math.sin(j));
    sa[11] = -sa.slice(0, 11).reduce((a, b) => a + b, 0);
    for (const error of ['A', 'M'] as const) {
      for (const trend of ['N', 'A', 'Ad'] as const) {
        for (const season of ['N', 'A', 'M'] as const) {
          const spec: EtsSpec = { error, trend, season, period: 12 };
          const f = new EtsLoglik(spec);
          const base = [0.3, 0.05, 0.1, 0.9, 100, 0.4, ...Array.from((season === 'M' ? s0 : sa).subarray(0, 11))];
          const toParams = (v: number[]) => {
            const s = season === 'N' ? undefined : Float64Array.from({ length: 12 }, (_, j) => (j < 11 ? v[6 + j] : 0));
            if (s) s[11] = (season === 'M' ? 12 : 0) - s.slice(0, 11).reduce((a, b) => a + b, 0);
            return { alpha: v[0], beta: v[1], gamma: v[2], phi: v[3], l0: v[4], b0: v[5], s0: s };
          };
          const g = new Float64Array(f.nRaw);
          f.runWithGradient(y, toParams(base), g);
          const active = [0, 4, ...(trend !== 'N' ? [1, 5] : []), ...(season !== 'N' ? [2, 6, 10, 16] : []), ...(trend === 'Ad' ? [3] : [])];
          for (const k of active) {
            const h = 1e-6 * Math.max(1, Math.abs(base[k]));
            const up = [...base];
            const dn = [...base];
            up[k] += h;
            dn[k] -= h;
            const fd = (f.run(y, toParams(up)) - f.run(y, toParams(dn))) / (2 * h);
            expect(Math.abs(g[k] - fd)).toBeLessThan(1e-6 * Math.max(1, Math.abs(fd)));
          }
        }
      }
    }
  });

  it('admissibility: usual region is admissible for non-seasonal models; γ = 1 − α + 0.5 is not', () => {
    expect(etsAdmissible(0.5, 0.1, undefined, 0.9, 1, isStationary)).toBe(true);
    expect(etsAdmissible(0.3, 0.05, 0.1, 1, 12, isStationary)).toBe(true);
    expect(etsAdmissible(0.3, 0.05, 1.2, 1, 12, isStationary)).toBe(false);
  });
});

describe('ETS fits and forecasts', () => {
  it('AAN analytic variance: se_h² = σ²(1 + Σ_{j<h}(α + jβ)²) (Hyndman et al. 2008 Table 6.1)', () => {
    const y = seasonalSeries(120, 3, false).filter((_, t) => t % 12 === 0 || true);
    const fit = fitEts(y, { error: 'A', trend: 'A', season: 'N' });
    const fc = forecastFitted(fit, y, 6, 0.95);
    const { alpha, beta, sigma2 } = fit.params;
    let acc = 1;
    for (let h = 1; h <= 6; h++) {
      expect(fc.se[h - 1]).toBeCloseTo(Math.sqrt(sigma2 * acc), 9);
      acc += (alpha + h * beta) ** 2;
    }
  });

  it('MNN simulated se matches the class-2 formula ŷ²[(1+σ²)(1+α²σ²)^{h−1} − 1] within 5% (5000 paths)', () => {
    const rng = new Rng(9);
    let l = 50;
    const y = Float64Array.from({ length: 200 }, () => {
      const v = l * (1 + 0.05 * rng.normal());
      l += 0.3 * (v - l);
      return v;
    });
    const fit = fitEts(y, { error: 'M', trend: 'N', season: 'N' });
    const fc = forecastFitted(fit, y, 10, 0.9, 123);
    const { alpha, sigma2 } = fit.params;
    for (const h of [1, 5, 10]) {
      const v = fc.mean[h - 1] ** 2 * ((1 + sigma2) * (1 + alpha * alpha * sigma2) ** (h - 1) - 1);
      expect(Math.abs(fc.se[h - 1] / Math.sqrt(v) - 1)).toBeLessThan(0.05);
    }
    // seeded: same seed, same intervals
    expect(forecastFitted(fit, y, 10, 0.9, 123).upper).toEqual(fc.upper);
  });

  it('AAA on a seasonal series beats the truth-free baselines and auto-selection prefers a seasonal model', () => {
    const y = seasonalSeries(96, 4, false);
    const fit = fitEts(y, { error: 'A', trend: 'A', season: 'A', period: 12 });
    expect(fit.nParams).toBe(3 + 2 + 11 + 1);
    let ssum = 0;
    for (let j = 0; j < 12; j++) ssum += fit.params[`s${j}`];
    expect(Math.abs(ssum)).toBeLessThan(1e-9);
    const sel = selectEts(y, 12);
    expect(sel.best.spec.season).not.toBe('N');
    expect(sel.candidates.length).toBe(15);
  });

  it('an optimum on the β = γ = 0 bound (deterministic trend and season) is reached and reported converged', () => {
    // level random walk + fixed seasonal pattern + drift: the MLE puts β and γ on their lower bound,
    // which the sin² map reaches at a finite argument (a logistic map would crawl towards −∞)
    const rng = new Rng(9);
    const n = 3000;
    const y = new Float64Array(n);
    let level = 500;
    for (let t = 0; t < n; t++) {
      level += 0.05 + 0.3 * rng.normal();
      y[t] = level + 20 * Math.sin((2 * Math.PI * t) / 12) + 8 * Math.cos((4 * Math.PI * t) / 12) + 2 * rng.normal();
    }
    const spec: EtsSpec = { error: 'A', trend: 'A', season: 'A', period: 12 };
    const fit = fitEts(y, spec);
    expect(fit.converged).toBe(true);
    expect(fit.params.beta).toBeLessThan(1e-6);
    expect(fit.params.gamma).toBeLessThan(1e-6);
    // no better point with β, γ held just inside the bound (the free fit contains that model)
    const held = fitEts(y, spec, { fixed: { beta: 1e-4, gamma: 1e-4 } });
    expect(fit.loglik).toBeGreaterThanOrEqual(held.loglik - 1e-6);
  });

  it('validates input', () => {
    expect(() => fitEts([1, 2, -3, 4, 5, 6, 7, 8, 9, 10], { error: 'M', trend: 'N', season: 'N' })).toThrow(/y\[2\].*positive/);
    expect(() => fitEts([1, 2, NaN, 4, 5, 6, 7, 8, 9, 10], { error: 'A', trend: 'N', season: 'N' })).toThrow(/y\[2\]/);
    expect(() => fitEts(Float64Array.from({ length: 30 }, (_, i) => i + 1), { error: 'A', trend: 'N', season: 'A', period: 1 })).toThrow(/period/);
    expect(() => fitEts(Float64Array.from({ length: 30 }, (_, i) => i + 1), { error: 'A', trend: 'N', season: 'A', period: 16 })).toThrow(/period/);
    expect(() => fitEts([], { error: 'A', trend: 'N', season: 'N' })).toThrow(/y/);
    expect(() => fitEts([1, 2, 3], { error: 'A', trend: 'X' as never, season: 'N' })).toThrow(/spec.trend/);
  });
});
