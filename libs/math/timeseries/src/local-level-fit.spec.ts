import { describe, expect, it } from 'vitest';
import { armaSimulate } from './arma-simulate';
import { localLevelLoglik } from './local-level';
import { fitLocalLevel } from './local-level-fit';
import { loadNile } from './test-helpers';
import ref from './__fixtures__/nile_local_level_statsmodels.json';

describe('fitLocalLevel', () => {
  const y = loadNile();

  it('Nile: reaches the exact-diffuse MLE (D&K 2012 §2.10: σ²ε ≈ 15099, σ²η ≈ 1469.1)', () => {
    const fit = fitLocalLevel(y);
    const mle = ref.mle_exact_diffuse;
    // a reference loglik from one fit is a floor to reach (README): ≥ ref − 1e-3
    expect(fit.loglik).toBeGreaterThanOrEqual(mle.loglik - 1e-3);
    // interior, well-identified optimum: parameters to 1e-3 relative
    expect(Math.abs(fit.sigma2Eps / mle.params['sigma2.irregular'] - 1)).toBeLessThan(1e-3);
    expect(Math.abs(fit.sigma2Eta / mle.params['sigma2.level'] - 1)).toBeLessThan(1e-3);
    // AIC/BIC count σ²ε, σ²η and the diffuse initial level, as statsmodels does
    expect(fit.aic).toBeCloseTo(mle.aic, 2);
    expect(fit.bic).toBeCloseTo(mle.bic, 2);
    expect(fit.nobs).toBe(100);
  });

  it('the optimum is a local maximum: perturbing each variance by ±1% lowers the loglik', () => {
    const fit = fitLocalLevel(y);
    for (const [fe, fn] of [[1.01, 1], [0.99, 1], [1, 1.01], [1, 0.99]]) {
      expect(localLevelLoglik(y, fit.sigma2Eps * fe, fit.sigma2Eta * fn)).toBeLessThan(fit.loglik);
    }
  });

  it('handles missing values and a near-zero level variance (white noise around a constant)', () => {
    const withGaps = Float64Array.from(y);
    withGaps[20] = NaN;
    withGaps[21] = NaN;
    withGaps[60] = NaN;
    const fit = fitLocalLevel(withGaps);
    expect(fit.nobs).toBe(97);
    expect(fit.loglik).toBeGreaterThanOrEqual(localLevelLoglik(withGaps, 15099, 1469.1));
    const noise = armaSimulate([], [], 300, { seed: 5 });
    const wn = fitLocalLevel(noise);
    // true σ²η = 0: compare loglik instead of the parameter; σ²η should be tiny relative to σ²ε
    expect(wn.sigma2Eta / wn.sigma2Eps).toBeLessThan(1e-2);
    expect(wn.loglik).toBeGreaterThanOrEqual(localLevelLoglik(noise, wn.sigma2Eps, 0) - 1e-6);
  });

  it('validates input', () => {
    expect(() => fitLocalLevel([1, NaN, 2])).toThrow(/at least 3/);
    expect(() => fitLocalLevel([1, Infinity, 2, 3])).toThrow(/y\[1\]/);
  });
});
