import { type Matrix } from '@modelbus/math-linalg';
import { Rng } from '@modelbus/math-stats';
import { describe, expect, it } from 'vitest';
import { forecast } from './forecast';
import { kalmanFilter } from './kalman-filter';
import { kalmanSmoother } from './smoother';
import { type StateInit, type TimeVaryingModel, diffuseInit, knownInit } from './state-space';
import { denseCholesky, expectRelClose, maxRelErr } from './test-helpers';
import ref from './__fixtures__/fixed_tv_statsmodels.json';

// Time-varying system matrices: (1) against dense Gaussian conditioning of the whole sample under a
// proper prior (no shared recursions), (2) against statsmodels' KalmanSmoother with design (1, m, n)
// and obs_cov (1, 1, n) on real data (tools/reference/timeseries/fixed_tv_statsmodels.py).

const mat = (rows: number, cols: number, v: ArrayLike<number>): Matrix => ({ rows, cols, data: Float64Array.from(v) });

/**
 * Dense reference for a model given by per-time matrices, p = 1: mean and covariance of (α_1..α_n)
 * and y_obs built forward, then loglik, E[α_t | y] and Var[α_t | y] by Cholesky conditioning.
 */
function bruteForce(Z: number[][], H: number[], T: number[][], RQR: number[][], a1: number[], P1: number[], y: Float64Array) {
  const n = y.length;
  const m = a1.length;
  const mul = (A: number[], B: number[], r: number, k: number, c: number) => {
    const C = new Array<number>(r * c).fill(0);
    for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) for (let l = 0; l < k; l++) C[i * c + j] += A[i * k + l] * B[l * c + j];
    return C;
  };
  const tr = (A: number[]) => {
    const B = new Array<number>(m * m);
    for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) B[j * m + i] = A[i * m + j];
    return B;
  };
  const mu: number[][] = [a1.slice()];
  const C: number[][][] = [[P1.slice()]]; // C[t][s] = Cov(α_t, α_s), s ≤ t
  for (let t = 1; t < n; t++) {
    mu.push(mul(T[t - 1], mu[t - 1], m, m, 1));
    C.push([]);
    for (let s = 0; s < t; s++) C[t][s] = mul(T[t - 1], C[t - 1][s], m, m, m);
    C[t][t] = mul(mul(T[t - 1], C[t - 1][t - 1], m, m, m), tr(T[t - 1]), m, m, m).map((v, i) => v + RQR[t - 1][i]);
  }
  const cov = (t: number, s: number) => (t >= s ? C[t][s] : tr(C[s][t]));
  const obs: number[] = [];
  for (let t = 0; t < n; t++) if (!Number.isNaN(y[t])) obs.push(t);
  const N = obs.length;
  const zc = (t: number, c: number[], k: number) => {
    let v = 0;
    for (let l = 0; l < m; l++) v += Z[t][l] * c[k * m + l];
    return v;
  };
  const S = new Array<number>(N * N);
  const dev = obs.map((t) => y[t] - Z[t].reduce((s, z, l) => s + z * mu[t][l], 0));
  for (let a = 0; a < N; a++) {
    for (let b = 0; b < N; b++) {
      const t = obs[a];
      const s = obs[b];
      const c = cov(t, s);
      let v = 0;
      for (let k = 0; k < m; k++) for (let l = 0; l < m; l++) v += Z[t][k] * c[k * m + l] * Z[s][l];
      S[a * N + b] = v + (t === s ? H[t] : 0);
    }
  }
  const { solveL, logdet } = denseCholesky(S, N);
  const w = solveL(dev);
  const loglik = -0.5 * (N * Math.log(2 * Math.PI) + logdet + w.reduce((s, v) => s + v * v, 0));
  const smoothed: number[] = [];
  const smoothedVar: number[] = [];
  for (let t = 0; t < n; t++) {
    // columns of L⁻¹ Cov(y_obs, α_t)
    const cols: number[][] = [];
    for (let k = 0; k < m; k++) cols.push(solveL(obs.map((s) => zc(s, cov(t, s), k)))); // Cov(α_t[k], y_s) = Σ_l Cov(α_t, α_s)[k, l] Z_s[l]
    for (let k = 0; k < m; k++) smoothed.push(mu[t][k] + cols[k].reduce((s, v, i) => s + v * w[i], 0));
    for (let k = 0; k < m; k++) for (let l = 0; l < m; l++) smoothedVar.push(C[t][t][k * m + l] - cols[k].reduce((s, v, i) => s + v * cols[l][i], 0));
  }
  return { loglik, smoothed, smoothedVar };
}

/**
 * A regression with a random-walk coefficient and a stationary AR(1) level whose coefficient and
 * shock variance change over time: y_t = μ_t + x_t β_t + ε_t, Var ε_t = h_t; μ_{t+1} = φ_t μ_t + ξ_t
 * (Var q1_t), β_{t+1} = β_t + ζ_t (Var q2). Every one of Z, H, T, Q varies; R = I.
 */
function timeVarying(n: number, seed: number) {
  const rng = new Rng(seed);
  const x = Array.from({ length: n }, (_, t) => Math.sin(t / 3) + 0.3 * rng.normal());
  const h = Array.from({ length: n }, (_, t) => 0.5 + 0.4 * Math.cos(t / 2));
  const phi = Array.from({ length: n }, (_, t) => 0.6 + 0.3 * Math.sin(t / 5));
  const q1 = Array.from({ length: n }, (_, t) => 0.2 + 0.1 * (t % 3));
  const Z = x.map((xt) => [1, xt]);
  const T = phi.map((p) => [p, 0, 0, 1]);
  const RQR = q1.map((q) => [q, 0, 0, 0.05]);
  const model: TimeVaryingModel = {
    Z: Z.map((z) => mat(1, 2, z)),
    H: h.map((v) => mat(1, 1, [v])),
    T: (t) => mat(2, 2, T[t]),
    R: mat(2, 2, [1, 0, 0, 1]),
    Q: RQR.map((q) => mat(2, 2, q)),
  };
  const y = new Float64Array(n);
  let mu = 0.5;
  let beta = 1;
  for (let t = 0; t < n; t++) {
    y[t] = mu + x[t] * beta + Math.sqrt(h[t]) * rng.normal();
    mu = phi[t] * mu + Math.sqrt(q1[t]) * rng.normal();
    beta += Math.sqrt(0.05) * rng.normal();
  }
  return { model, Z, H: h, T, RQR, y };
}

describe('time-varying Z, H, T, Q vs dense Gaussian conditioning', () => {
  const n = 12;
  const tv = timeVarying(n, 7);
  tv.y[4] = NaN; // a missing value: the filter predicts through it with that step's matrices
  const a1 = [0.2, 0.8];
  const P1 = [1, 0.2, 0.2, 0.5];
  const init = knownInit(a1, P1, 2);

  it('proper prior: loglik, α̂_t and V_t to 1e-9 (both exact; rounding only)', () => {
    const f = kalmanFilter(tv.model, init, tv.y);
    const s = kalmanSmoother(tv.model, f);
    const bf = bruteForce(tv.Z, tv.H, tv.T, tv.RQR, a1, P1, tv.y);
    expect(Math.abs(f.loglik - bf.loglik)).toBeLessThan(1e-9 * Math.abs(bf.loglik));
    expect(maxRelErr(s.smoothedState, bf.smoothed)).toBeLessThan(1e-9);
    expect(maxRelErr(s.smoothedCov, bf.smoothedVar)).toBeLessThan(1e-9);
    expect(f.nobs).toBe(n - 1);
  });

  it('exact diffuse β (coefficient) with a proper prior on μ matches the large-κ limit (1e-5: O(1/κ))', () => {
    const kappa = 1e7;
    const mixed: StateInit = { a1: Float64Array.from(a1), Pstar: mat(2, 2, [1, 0, 0, 0]), Pinf: mat(2, 2, [0, 0, 0, 1]) };
    const f = kalmanFilter(tv.model, mixed, tv.y);
    const s = kalmanSmoother(tv.model, f);
    const bf = bruteForce(tv.Z, tv.H, tv.T, tv.RQR, a1, [1, 0, 0, kappa], tv.y);
    expect(f.diffuseSteps).toBe(1);
    expect(Math.abs(bf.loglik + 0.5 * Math.log(kappa) - f.loglik)).toBeLessThan(1e-5);
    expect(maxRelErr(s.smoothedState, bf.smoothed)).toBeLessThan(1e-5);
    expect(maxRelErr(s.smoothedCov, bf.smoothedVar)).toBeLessThan(1e-5);
  });

  it('arrays, functions and plain matrices give identical results when the matrices do not change', () => {
    const m = { Z: mat(1, 2, [1, 0.5]), H: mat(1, 1, [0.7]), T: mat(2, 2, [0.8, 0, 0, 1]), R: mat(2, 2, [1, 0, 0, 1]), Q: mat(2, 2, [0.3, 0, 0, 0.1]) };
    const asArrays: TimeVaryingModel = { Z: Array(n).fill(m.Z), H: Array(n).fill(m.H), T: Array(n).fill(m.T), R: Array(n).fill(m.R), Q: Array(n).fill(m.Q) };
    const asFunctions: TimeVaryingModel = { Z: () => m.Z, H: () => m.H, T: () => m.T, R: () => m.R, Q: () => m.Q };
    const base = kalmanSmoother(m, kalmanFilter(m, init, tv.y));
    for (const md of [asArrays, asFunctions]) {
      const f = kalmanFilter(md, init, tv.y);
      const s = kalmanSmoother(md, f);
      expect(f.loglik).toBe(kalmanFilter(m, init, tv.y).loglik);
      expect(Array.from(s.smoothedState)).toEqual(Array.from(base.smoothedState));
      expect(Array.from(s.smoothedStateDisturbanceCov)).toEqual(Array.from(base.smoothedStateDisturbanceCov));
    }
    // forecasting a time-varying model reads Z_t, H_t, T_t, R_t, Q_t for t ≥ n from the function
    const fc = forecast(asFunctions, kalmanFilter(asFunctions, init, tv.y), 3);
    const fb = forecast(m, kalmanFilter(m, init, tv.y), 3);
    expect(Array.from(fc.se)).toEqual(Array.from(fb.se));
    expect(() => forecast(asArrays, kalmanFilter(asArrays, init, tv.y), 1)).toThrow(/Z has 12 matrices, none for t = 12/);
  });

  it('rejects too few matrices and a wrongly shaped or asymmetric matrix at some t, naming it', () => {
    expect(() => kalmanFilter({ ...tv.model, H: (tv.model.H as Matrix[]).slice(0, 5) }, init, tv.y)).toThrow(/H has 5 matrices, needs one per time point \(12\)/);
    const badZ = (tv.model.Z as Matrix[]).slice();
    badZ[3] = mat(1, 3, [1, 2, 3]);
    expect(() => kalmanFilter({ ...tv.model, Z: badZ }, init, tv.y)).toThrow(/Z\[3\] must be 1×2/);
    expect(() => kalmanFilter({ ...tv.model, Q: (t: number) => mat(2, 2, t === 6 ? [1, 0.5, 0, 1] : [1, 0, 0, 1]) }, init, tv.y)).toThrow(/Q\(6\) must be symmetric/);
  });
});

describe('time-varying Z and H vs statsmodels KalmanSmoother (macrodata, random-walk coefficient regression)', () => {
  const d = ref.time_varying;
  const n = d.y.length;
  const y = Float64Array.from(d.y, (v) => (v === null ? NaN : v));
  const model: TimeVaryingModel = {
    Z: (t) => mat(1, 2, [1, d.x[t]]),
    H: d.h.map((v) => mat(1, 1, [v])),
    T: mat(2, 2, [1, 0, 0, 1]),
    R: mat(2, 2, [1, 0, 0, 1]),
    Q: mat(2, 2, [d.q[0], 0, 0, d.q[1]]),
  };
  for (const c of d.cases) {
    it(`${c.init} initialisation: loglik, per-time loglik, v, F, predicted/filtered/smoothed moments to 1e-8 relative`, () => {
      const init = c.init === 'known' ? knownInit(c.a1 as number[], (c.P1 as number[][]).flat(), 2) : diffuseInit(2);
      const f = kalmanFilter(model, init, y);
      const s = kalmanSmoother(model, f);
      expect(Math.abs(f.loglik - c.loglik)).toBeLessThan(1e-8 * Math.abs(c.loglik));
      expect(f.diffuseSteps).toBe(c.nobs_diffuse);
      // statsmodels' llf_obs is 0 at missing steps, like ours
      expectRelClose(f.loglikPerObs, c.llf_obs, 1e-8, 'llf_obs');
      const obs = (a: (number | null)[]) => a.map((v, t) => (v === null || Number.isNaN(y[t]) ? 0 : v));
      expectRelClose(obs(Array.from(f.v)), obs(c.v), 1e-8, 'v');
      expectRelClose(obs(Array.from(f.F)), obs(c.F), 1e-8, 'F');
      expectRelClose(f.predictedState, c.predicted_state, 1e-8, 'predicted state');
      expectRelClose(f.predictedCov, c.predicted_cov, 1e-8, 'predicted cov');
      expectRelClose(f.filteredState, c.filtered_state, 1e-8, 'filtered state');
      expectRelClose(f.filteredCov, c.filtered_cov, 1e-8, 'filtered cov');
      expectRelClose(s.smoothedState, c.smoothed_state, 1e-8, 'smoothed state');
      expectRelClose(s.smoothedCov, c.smoothed_cov, 1e-8, 'smoothed cov');
      expect(n).toBe(202);
    });
  }
});
