import { describe, expect, it } from 'vitest';
import { armaAutocovariance } from './arma-acf';
import { armaLoglik, fitArma } from './arma-mle';
import { selectArma } from './arma-select';
import { armaSimulate } from './arma-simulate';
import { armaSystem } from './arma-state-space';
import { constrainInvertible, constrainStationary, unconstrainStationary } from './arma-transform';
import { forecastFitted } from './forecast-fitted';
import { solveDiscreteLyapunov } from './lyapunov';
import { isInvertible, isStationary } from './polynomial';
import { yuleWalker } from './yule-walker';

/** Brute-force exact Gaussian loglik: Cholesky of the n×n Toeplitz autocovariance matrix. */
function bruteLoglik(y: Float64Array, ar: number[], ma: number[], sigma2: number, mean: number): number {
  const n = y.length;
  const g = armaAutocovariance(ar, ma, n - 1);
  const L = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = sigma2 * g[i - j];
      for (let k = 0; k < j; k++) s -= L[i * n + k] * L[j * n + k];
      L[i * n + j] = i === j ? Math.sqrt(s) : s / L[j * n + j];
    }
  }
  const z = new Float64Array(n);
  let logdet = 0;
  for (let i = 0; i < n; i++) {
    let s = y[i] - mean;
    for (let k = 0; k < i; k++) s -= L[i * n + k] * z[k];
    z[i] = s / L[i * n + i];
    logdet += 2 * Math.log(L[i * n + i]);
  }
  let q = 0;
  for (let i = 0; i < n; i++) q += z[i] * z[i];
  return -0.5 * (n * Math.log(2 * Math.PI) + logdet + q);
}

describe('Lyapunov and ARMA state space', () => {
  it('P solves P = T P T′ + V (residual ≤ 1e-12·‖P‖) for the Kronecker and doubling routes', () => {
    for (const m of [3, 12]) {
      const T = new Float64Array(m * m);
      for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) T[i * m + j] = (Math.sin(1 + i * 7 + j * 3) * 0.6) / Math.sqrt(m);
      const V = new Float64Array(m * m);
      for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) V[i * m + j] = (i === j ? 2 : 0) + 0.1 * Math.cos(i + j);
      const P = solveDiscreteLyapunov(T, V, m);
      let maxP = 0;
      let maxR = 0;
      for (let i = 0; i < m; i++) {
        for (let j = 0; j < m; j++) {
          let s = V[i * m + j] - P[i * m + j];
          for (let k = 0; k < m; k++) for (let l = 0; l < m; l++) s += T[i * m + k] * P[k * m + l] * T[j * m + l];
          maxR = Math.max(maxR, Math.abs(s));
          maxP = Math.max(maxP, Math.abs(P[i * m + j]));
        }
      }
      expect(maxR).toBeLessThan(1e-12 * maxP);
    }
  });

  it('stationary P_1[0,0] equals γ_0 from the exact ACF (1e-12)', () => {
    const s = armaSystem([0.5, -0.25], [0.4, 0.2], 2);
    expect(Math.abs(s.Pstar[0] - 2 * armaAutocovariance([0.5, -0.25], [0.4, 0.2], 0)[0])).toBeLessThan(1e-12 * s.Pstar[0]);
  });

  it('exact loglik equals the brute-force multivariate normal density (1e-10 relative)', () => {
    const y = armaSimulate([1.2, -0.5], [0.3], 80, { seed: 2 }).map((v) => v + 3);
    for (const [ar, ma] of [[[1.2, -0.5], [0.3]], [[0.5], []], [[], [0.6, 0.3]], [[0.8], [-0.4]]] as number[][][]) {
      const ref = bruteLoglik(y, ar, ma, 1.3, 2.9);
      expect(Math.abs(armaLoglik(y, ar, ma, 1.3, 2.9) - ref)).toBeLessThan(1e-10 * Math.abs(ref));
    }
  });

  it('transforms map ℝ^p onto stationary / invertible polynomials and invert', () => {
    const x = [2.5, -1.7, 0.3, 4];
    const phi = new Float64Array(4);
    constrainStationary(x, phi);
    expect(isStationary(phi)).toBe(true);
    const back = unconstrainStationary(phi);
    for (let i = 0; i < 4; i++) expect(back[i]).toBeCloseTo(x[i], 10);
    const theta = new Float64Array(4);
    constrainInvertible(x, theta);
    expect(isInvertible(theta)).toBe(true);
  });
});

describe('fitArma', () => {
  it('simulated ARMA(2,1): recovers the coefficients; the optimum beats the truth; Yule–Walker is close for AR(2)', () => {
    const y = armaSimulate([1.2, -0.5], [0.3], 2000, { seed: 7, sigma2: 2 }).map((v) => v + 10);
    const fit = fitArma(y, 2, 1);
    expect(fit.converged).toBe(true);
    expect(fit.nParams).toBe(5);
    // n = 2000: se of each coefficient ≈ 0.03–0.05; allow 0.12
    expect(Math.abs(fit.params.ar1 - 1.2)).toBeLessThan(0.12);
    expect(Math.abs(fit.params.ar2 + 0.5)).toBeLessThan(0.12);
    expect(Math.abs(fit.params.ma1 - 0.3)).toBeLessThan(0.12);
    expect(Math.abs(fit.params.sigma2 / 2 - 1)).toBeLessThan(0.1);
    expect(fit.loglik).toBeGreaterThanOrEqual(armaLoglik(y, [1.2, -0.5], [0.3], 2, 10));
    // σ² is profiled out: at the estimate, the reported loglik equals the exact loglik
    expect(Math.abs(armaLoglik(y, [fit.params.ar1, fit.params.ar2], [fit.params.ma1], fit.params.sigma2, fit.params.mean) - fit.loglik)).toBeLessThan(1e-8 * Math.abs(fit.loglik));
    const yw = yuleWalker(armaSimulate([1.2, -0.5], [], 2000, { seed: 8 }), 2);
    expect(Math.abs(yw.ar[0] - 1.2)).toBeLessThan(0.08);
  });

  it('selects a low order for white noise and (2,0)/(2,1)-like orders for an AR(2)', () => {
    const wn = armaSimulate([], [], 300, { seed: 21 });
    const sel = selectArma(wn, { maxP: 2, maxQ: 2, criterion: 'bic' });
    expect(sel.candidates.length).toBe(9);
    expect(sel.best.spec.p! + sel.best.spec.q!).toBeLessThanOrEqual(1);
    const ar2 = armaSimulate([1.2, -0.6], [], 400, { seed: 22 });
    const s2 = selectArma(ar2, { maxP: 3, maxQ: 2, criterion: 'bic' });
    expect(s2.best.spec.p).toBe(2);
  });

  it('forecasts revert to the mean with se → √γ_0 (stationary limit), intervals at the level', () => {
    const y = armaSimulate([0.7], [], 500, { seed: 4 }).map((v) => v + 5);
    const fit = fitArma(y, 1, 0);
    const fc = forecastFitted(fit, y, 200, 0.8);
    expect(Math.abs(fc.mean[199] - fit.params.mean)).toBeLessThan(1e-8);
    const g0 = fit.params.sigma2 / (1 - fit.params.ar1 ** 2);
    expect(Math.abs(fc.se[199] ** 2 / g0 - 1)).toBeLessThan(1e-10);
    expect(Math.abs(fc.se[0] ** 2 / fit.params.sigma2 - 1)).toBeLessThan(1e-10);
    expect((fc.upper[3] - fc.mean[3]) / fc.se[3]).toBeCloseTo(1.2815515655446004, 10);
  });

  it('validates input', () => {
    expect(() => fitArma([1, 2, 3, 4, 5], 2, 2)).toThrow(/order/);
    expect(() => fitArma([1, 2, Infinity, 4, 5, 6, 7, 8], 1, 0)).toThrow(/y\[2\]/);
    expect(() => fitArma([], 1, 0)).toThrow(/y/);
    expect(() => fitArma([1, 2, 3, 4, 5, 6, 7, 8], -1, 0)).toThrow(/p/);
    expect(() => armaLoglik([1, 2, 3], [1.1], [], 1)).toThrow(/ar/);
  });
});
