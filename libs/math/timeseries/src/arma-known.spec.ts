import { describe, expect, it } from 'vitest';
import { armaLoglik, fitArma } from './arma-mle';
import { armaSystem } from './arma-state-space';
import { forecastFitted } from './forecast-fitted';
import ref from './__fixtures__/arma_known_statsmodels.json';
import data from './__fixtures__/r_datasets.json';

const series = (name: string, offset = 0) => Float64Array.from((data as Record<string, { values: number[] }>)[name].values, (v) => v - offset);

describe('ARMA with known initialisation', () => {
  const y = series('LakeHuron', 579);
  const fixed = { ar1: 1.0, ar2: -0.25, ma1: 0.1, sigma2: 0.5 };

  it('a_1 = 0, P_1 = the stationary (Lyapunov) covariance gives the stationary loglik (1e-10 relative), ARMA(2,1)', () => {
    const P1 = armaSystem([fixed.ar1, fixed.ar2], [fixed.ma1], fixed.sigma2).Pstar;
    const stationary = armaLoglik(y, [fixed.ar1, fixed.ar2], [fixed.ma1], fixed.sigma2);
    const k = fitArma(y, 2, 1, { includeMean: false, fixed, known: { state: [0, 0], cov: P1 } });
    expect(Math.abs(k.loglik - stationary)).toBeLessThan(1e-10 * Math.abs(stationary));
    expect(k.spec.initialization).toBe('known');
    // The same start also forecasts as the stationary model does.
    const s = fitArma(y, 2, 1, { includeMean: false, fixed });
    const fk = forecastFitted(k, y, 5);
    const fs = forecastFitted(s, y, 5);
    for (let h = 0; h < 5; h++) expect(Math.abs(fk.mean[h] - fs.mean[h])).toBeLessThan(1e-10 * Math.abs(fs.mean[h]));
  });

  it('a different start changes the loglik (the option is used)', () => {
    const P1 = armaSystem([fixed.ar1, fixed.ar2], [fixed.ma1], fixed.sigma2).Pstar;
    const a = fitArma(y, 2, 1, { includeMean: false, fixed, known: { state: [0, 0], cov: P1 } }).loglik;
    const b = fitArma(y, 2, 1, { includeMean: false, fixed, known: { state: [3, 0], cov: P1 } }).loglik;
    expect(Math.abs(a - b)).toBeGreaterThan(1e-3);
  });

  // statsmodels SARIMAX + ssm.initialize_known (tools/reference/timeseries/arma_known_statsmodels.py).
  // Fixed parameters: the same Kalman recursions, so 1e-8 relative (rounding only). MLE: our
  // multi-start optimum must be at least statsmodels' (a better one is fine), within 1e-3.
  for (const c of ref.cases) {
    const yc = series(c.dataset, c.offset);
    const known = { state: c.initialState, cov: c.initialCov };
    it(`${c.name}: loglik at fixed parameters matches statsmodels to 1e-8 relative`, () => {
      const f = fitArma(yc, c.p, c.q, { includeMean: c.includeMean, fixed: c.fixedParams as unknown as Record<string, number>, known });
      expect(Math.abs(f.loglik - c.loglikFixed)).toBeLessThan(1e-8 * Math.abs(c.loglikFixed));
      expect(f.nParams).toBe(0);
    });
    it(`${c.name}: MLE loglik ≥ statsmodels − 1e-3, nParams counts no initial state`, () => {
      const f = fitArma(yc, c.p, c.q, { includeMean: c.includeMean, known });
      expect(f.converged).toBe(true);
      expect(f.loglik).toBeGreaterThanOrEqual(c.mle.loglik - 1e-3);
      expect(f.nParams).toBe(c.p + c.q + (c.includeMean ? 1 : 0) + 1);
      expect(f.params.sigma2).toBeGreaterThan(0);
    });
  }

  it('validates initialState and initialCov like the structural models (field named)', () => {
    const fit = (state: number[], cov: number[]) => () => fitArma(y, 2, 1, { includeMean: false, known: { state, cov } });
    expect(fit([0], [1, 0, 0, 1])).toThrow(/initialization\.state.*2 values/);
    expect(fit([0, 0], [1, 0, 0])).toThrow(/initialization\.cov.*2×2/);
    expect(fit([0, 0], [1, 2, 2, 1])).toThrow(/initialization\.cov.*positive semidefinite/);
    expect(fit([0, 0], [1, 0.5, 0, 1])).toThrow(/initialization\.cov/);
  });
});
