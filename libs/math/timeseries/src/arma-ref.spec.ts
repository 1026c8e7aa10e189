import { describe, expect, it } from 'vitest';
import { armaLoglik, fitArma } from './arma-mle';
import { forecastFitted } from './forecast-fitted';
import ref from './__fixtures__/structural_arma_statsmodels.json';
import data from './__fixtures__/r_datasets.json';

// statsmodels 0.13.5 ARIMA(order=(p,0,q), trend='c'|'n').fit(): exact Gaussian loglik with a
// stationary initialisation (tools/reference/structural_arma_statsmodels.py).
// Well-identified interior optima (parameters compared to 1e-3 relative): the rest compare loglik only.
const WELL_IDENTIFIED = new Set(['LakeHuron 2 0', 'lh 1 0', 'LakeHuron 1 1', 'sunspot_year 3 0']);

describe('ARMA vs statsmodels', () => {
  for (const c of ref.arma) {
    const y = Float64Array.from((data as Record<string, { values: number[] }>)[c.data].values);
    const named: Record<string, number> = {};
    c.param_names.forEach((nm, i) => (named[nm] = c.params[i]));
    const ar = Array.from({ length: c.p }, (_, i) => named[`ar.L${i + 1}`]);
    const ma = Array.from({ length: c.q }, (_, i) => named[`ma.L${i + 1}`]);
    const mean = c.trend === 'c' ? named.const : 0;
    const label = `${c.data} ARMA(${c.p},${c.q}) trend=${c.trend}`;

    it(`${label}: exact loglik and forecasts at statsmodels' estimate agree to 1e-8 relative`, () => {
      const ll = armaLoglik(y, ar, ma, named.sigma2, mean);
      expect(Math.abs(ll - c.llf)).toBeLessThan(1e-8 * Math.abs(c.llf));
      const params: Record<string, number> = { sigma2: named.sigma2, mean };
      ar.forEach((v, i) => (params[`ar${i + 1}`] = v));
      ma.forEach((v, i) => (params[`ma${i + 1}`] = v));
      const fc = forecastFitted({ kind: 'arma', spec: { p: c.p, q: c.q, includeMean: c.trend === 'c' }, params, loglik: ll, aic: 0, bic: 0, aicc: 0, nParams: 0, converged: true, iterations: 0, nobs: y.length, nDiffuse: 0 }, y, 10, 0.95);
      for (let h = 0; h < 10; h++) {
        expect(Math.abs(fc.mean[h] - c.forecast_mean[h])).toBeLessThan(1e-8 * Math.abs(c.forecast_mean[h]));
        expect(Math.abs(fc.se[h] - c.forecast_se[h])).toBeLessThan(1e-8 * c.forecast_se[h]);
      }
    });

    it(`${label}: MLE loglik ≥ statsmodels − 1e-3; AIC/AICc/BIC with the same parameter count`, () => {
      const fit = fitArma(y, c.p, c.q, { includeMean: c.trend === 'c' });
      expect(fit.loglik).toBeGreaterThanOrEqual(c.llf - 1e-3);
      const k = (c.aic + 2 * c.llf) / 2;
      expect(fit.nParams).toBeCloseTo(k, 8);
      expect(Math.abs(fit.aicc - (c.aicc + (-2 * fit.loglik + 2 * c.llf)))).toBeLessThan(1e-8 * Math.abs(c.aicc));
      expect(Math.abs(fit.bic - (c.bic + (-2 * fit.loglik + 2 * c.llf)))).toBeLessThan(1e-8 * Math.abs(c.bic));
      if (WELL_IDENTIFIED.has(`${c.data} ${c.p} ${c.q}`)) {
        expect(fit.converged).toBe(true);
        for (let i = 0; i < c.p; i++) expect(Math.abs(fit.params[`ar${i + 1}`] / ar[i] - 1)).toBeLessThan(1e-3);
        for (let i = 0; i < c.q; i++) expect(Math.abs(fit.params[`ma${i + 1}`] / ma[i] - 1)).toBeLessThan(1e-3);
        expect(Math.abs(fit.params.mean / mean - 1)).toBeLessThan(1e-3);
        expect(Math.abs(fit.params.sigma2 / named.sigma2 - 1)).toBeLessThan(1e-3);
      }
    });
  }
});
