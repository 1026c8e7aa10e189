import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useService } from '../../../tools/dev/use-service';
import { JOB_RESULT_TIMEOUT_MS, NILE, maxRel, rejection } from './ts-helpers';

// ts.kalman.filter / ts.kalman.smooth with a general state space model, through the client on real NATS.
const FIXTURES = join(__dirname, '../../../libs/math/timeseries/src/__fixtures__');
const TV = JSON.parse(readFileSync(join(FIXTURES, 'fixed_tv_statsmodels.json'), 'utf8')).time_varying;
const WWW: number[] = JSON.parse(readFileSync(join(FIXTURES, 'r_datasets.json'), 'utf8')).WWWusage.values;

const mat = (rows: number, cols: number, data: number[]) => ({ rows, cols, data });
const flat = (x: unknown): number[] => (Array.isArray(x) ? x.flatMap(flat) : [x as number]);
/** Relative 1e-8 is the bar for fixed-parameter moments against statsmodels. */
const TOL = 1e-8;

describe('timeseries service: ts.kalman.filter / ts.kalman.smooth, general model', () => {
  const ts = useService('timeseries');

  // y_t = μ_t + x_t β_t + ε_t, Var ε_t = h_t (time-varying Z and H), (μ, β) random walks (tools/reference/timeseries/fixed_tv_statsmodels.py)
  const n = TV.y.length;
  const tvModel = {
    Z: TV.x.map((x: number) => mat(1, 2, [1, x])),
    H: TV.h.map((h: number) => mat(1, 1, [h])),
    T: mat(2, 2, [1, 0, 0, 1]),
    R: mat(2, 2, [1, 0, 0, 1]),
    Q: mat(2, 2, [TV.q[0], 0, 0, TV.q[1]]),
  };
  for (const c of TV.cases) {
    const init = c.init === 'known' ? { kind: 'known', a1: c.a1, P1: mat(2, 2, c.P1.flat()) } : { kind: 'diffuse' };
    const observed = (a: (number | null)[]) => a.map((v, t) => (TV.y[t] === null ? 0 : (v as number)));

    it(`time-varying regression, ${c.init} init: filter matches statsmodels' KalmanSmoother to ${TOL} (loglik, a_t, P_t, filtered, v, F)`, async () => {
      const r = await ts.client().call<any>('ts.kalman.filter', { values: TV.y, model: tvModel, init });
      expect(r).toMatchObject({ n, p: 1, m: 2, r: 2, nobs: n - 3, diffuseSteps: c.nobs_diffuse });
      expect(Math.abs(r.loglik / c.loglik - 1)).toBeLessThan(TOL);
      expect(maxRel(flat(r.predictedState), c.predicted_state)).toBeLessThan(TOL);
      expect(maxRel(flat(r.predictedCov), c.predicted_cov)).toBeLessThan(TOL);
      expect(maxRel(flat(r.filteredState), c.filtered_state)).toBeLessThan(TOL);
      expect(maxRel(flat(r.filteredCov), c.filtered_cov)).toBeLessThan(TOL);
      // v, F compared where y is observed (statsmodels' v is NaN at missing steps; ours null, F given)
      expect(r.v[40][0]).toBeNull();
      expect(maxRel(observed(r.v.map((x: number[]) => x[0])), observed(c.v))).toBeLessThan(TOL);
      expect(maxRel(observed(flat(r.F)), observed(c.F))).toBeLessThan(TOL);
      if (c.init === 'diffuse') expect(r.predictedCovInf).toHaveLength(c.nobs_diffuse);
      else expect(r.predictedCovInf).toEqual([]);
    });

    it(`time-varying regression, ${c.init} init: smoother matches statsmodels to ${TOL}; disturbances are consistent`, async () => {
      const r = await ts.client().call<any>('ts.kalman.smooth', { values: TV.y, model: tvModel, init });
      expect(Math.abs(r.loglik / c.loglik - 1)).toBeLessThan(TOL);
      expect(maxRel(flat(r.smoothedState), c.smoothed_state)).toBeLessThan(TOL);
      expect(maxRel(flat(r.smoothedCov), c.smoothed_cov)).toBeLessThan(TOL);
      // ε̂_t = y_t − Z_t α̂_t where observed (identity, rounding only)
      for (const t of [0, 10, 100, 201]) {
        const fit = r.smoothedState[t][0] + TV.x[t] * r.smoothedState[t][1];
        expect(r.smoothedObsDisturbance[t][0]).toBeCloseTo(TV.y[t] - fit, 10);
      }
      expect(r.smoothedStateDisturbance).toHaveLength(n);
      expect(r.smoothedStateDisturbanceCov[n - 1]).toEqual([[TV.q[0], 0], [0, TV.q[1]]]); // η_n affects no observation
    });
  }

  it('a local linear trend written as a general model gives the loglik of the fitted LLT (jobs.ts.fit) at its parameters', async () => {
    const job = await ts.client().submit('ts.fit', { params: { model: 'local-linear-trend', series: { values: WWW } } });
    const state = await job.result({ timeoutMs: JOB_RESULT_TIMEOUT_MS });
    expect(state.status).toBe('succeeded');
    const fitted = await ts.client().call<any>('ts.model.get', { model: state.model });
    const { sigma2Irregular, sigma2Level, sigma2Slope } = fitted.params;
    const model = { Z: mat(1, 2, [1, 0]), H: mat(1, 1, [sigma2Irregular]), T: mat(2, 2, [1, 1, 0, 1]), R: mat(2, 2, [1, 0, 0, 1]), Q: mat(2, 2, [sigma2Level, 0, 0, sigma2Slope]) };
    const r = await ts.client().call<any>('ts.kalman.filter', { values: WWW, model, covariances: 'none' });
    // the fit's fast scalar LLT path and the general filter are different code: equal up to rounding
    expect(Math.abs(r.loglik / fitted.loglik - 1)).toBeLessThan(1e-9);
    expect(r.diffuseSteps).toBe(fitted.nDiffuse);
    expect(r.predictedCov).toBeUndefined();
  });

  it('the local level form answers as before and equals the same model in general form', async () => {
    const at = { sigma2Eps: 15099, sigma2Eta: 1469.1 };
    const values: (number | null)[] = NILE.slice();
    values[30] = null;
    const old = await ts.client().call<any>('ts.kalman.smooth', { values, ...at });
    expect(Object.keys(old).sort()).toEqual(['F', 'diffuseSteps', 'loglik', 'nobs', 'smoothedMean', 'smoothedVar', 'v']);
    const model = { Z: mat(1, 1, [1]), H: mat(1, 1, [at.sigma2Eps]), T: mat(1, 1, [1]), R: mat(1, 1, [1]), Q: mat(1, 1, [at.sigma2Eta]) };
    const gen = await ts.client().call<any>('ts.kalman.smooth', { values, model, covariances: 'diagonal' });
    expect(gen.loglik).toBe(old.loglik);
    expect(flat(gen.smoothedState)).toEqual(old.smoothedMean);
    expect(flat(gen.smoothedCov)).toEqual(old.smoothedVar);
    expect(gen.v[30]).toEqual([null]);
  });

  it('p = 2 with a partly missing row: two independent local levels give the sum of their logliks and their smoothed levels', async () => {
    const a = NILE.slice(0, 60);
    const b = NILE.slice(40, 100).map((v) => v / 2);
    const rows: (number | null)[][] = a.map((v, t) => [v, b[t]]);
    rows[7] = [null, b[7]];
    rows[20] = [null, null];
    (rows as unknown[])[21] = null; // a whole row missing
    const model = { Z: mat(2, 2, [1, 0, 0, 1]), H: mat(2, 2, [15000, 0, 0, 4000]), T: mat(2, 2, [1, 0, 0, 1]), R: mat(2, 2, [1, 0, 0, 1]), Q: mat(2, 2, [1500, 0, 0, 300]) };
    const r = await ts.client().call<any>('ts.kalman.smooth', { values: rows, model });
    const one = (values: (number | null)[], h: number, q: number) => ts.client().call<any>('ts.kalman.smooth', { values, sigma2Eps: h, sigma2Eta: q });
    const ra = await one(rows.map((x) => x?.[0] ?? null), 15000, 1500);
    const rb = await one(rows.map((x) => x?.[1] ?? null), 4000, 300);
    expect(r.nobs).toBe(2 * 60 - 5);
    expect(Math.abs(r.loglik / (ra.loglik + rb.loglik) - 1)).toBeLessThan(1e-12);
    expect(maxRel(r.smoothedState.map((x: number[]) => x[0]), ra.smoothedMean)).toBeLessThan(1e-10);
    expect(maxRel(r.smoothedState.map((x: number[]) => x[1]), rb.smoothedMean)).toBeLessThan(1e-10);
    expect(r.v[7][0]).toBeNull();
    expect(r.v[21]).toEqual([null, null]);
    expect(r.F[0]).toHaveLength(2);
  });

  it("'stationary' solves the Lyapunov equation (AR(1) plus noise: P_1 = σ²/(1 − φ²)); 'diagonal' is the diagonal of 'full'", async () => {
    const phi = 0.8;
    const s2 = 2;
    const model = { Z: mat(1, 1, [1]), H: mat(1, 1, [0.5]), T: mat(1, 1, [phi]), R: mat(1, 1, [1]), Q: mat(1, 1, [s2]) };
    const values = [0.3, -1.2, 0.8, null, 2.1, 1.4];
    const full = await ts.client().call<any>('ts.kalman.filter', { values, model, init: { kind: 'stationary' } });
    expect(full.diffuseSteps).toBe(0);
    expect(full.predictedCov[0][0][0]).toBeCloseTo(s2 / (1 - phi * phi), 12);
    // ordinary Gaussian loglik of the first observation: N(0, P_1 + h)
    const f1 = s2 / (1 - phi * phi) + 0.5;
    expect(full.F[0][0][0]).toBeCloseTo(f1, 12);
    const diag = await ts.client().call<any>('ts.kalman.filter', { values, model, init: { kind: 'stationary' }, covariances: 'diagonal' });
    expect(diag.filteredCov).toEqual(full.filteredCov.map((c: number[][]) => [c[0][0]]));
    expect(diag.loglik).toBe(full.loglik);
  });

  it('INVALID_ARGUMENT naming the field: non-stationary T with stationary init, non-PSD P1, non-symmetric H, bad shapes', async () => {
    const llt = { Z: mat(1, 2, [1, 0]), H: mat(1, 1, [1]), T: mat(2, 2, [1, 1, 0, 1]), R: mat(2, 2, [1, 0, 0, 1]), Q: mat(2, 2, [1, 0, 0, 1]) };
    const values = [1, 2, 3];
    const unitRoot = await rejection(ts.client().call('ts.kalman.filter', { values, model: llt, init: { kind: 'stationary' } }));
    expect(unitRoot.code).toBe('INVALID_ARGUMENT');
    expect(unitRoot.message).toMatch(/init\.kind 'stationary' needs every eigenvalue of T strictly inside the unit circle/);
    const explosive = await rejection(ts.client().call('ts.kalman.smooth', { values, model: { ...llt, T: mat(2, 2, [0.5, 0, 0, -1.01]) }, init: { kind: 'stationary' } }));
    expect(explosive.message).toMatch(/spectral radius 1\.01/);
    const notPsd = await rejection(ts.client().call('ts.kalman.filter', { values, model: llt, init: { kind: 'known', a1: [0, 0], P1: mat(2, 2, [1, 2, 2, 1]) } }));
    expect(notPsd.code).toBe('INVALID_ARGUMENT');
    expect(notPsd.message).toMatch(/init\.P1 must be positive semidefinite/);
    const asym = await rejection(ts.client().call('ts.kalman.filter', { values: [[1, 2]], model: { ...llt, Z: mat(2, 2, [1, 0, 0, 1]), H: mat(2, 2, [1, 0.1, 0.2, 1]) } }));
    expect(asym.message).toMatch(/model\.H must be symmetric/);
    const shape = await rejection(ts.client().call('ts.kalman.smooth', { values, model: { ...llt, Z: [llt.Z, llt.Z] } }));
    expect(shape.message).toMatch(/model\.Z has 2 matrices: give one matrix \(time-invariant\) or one per time point \(n = 3\)/);
  });

  it('a reply larger than one NATS message is RESOURCE_EXHAUSTED; covariances: none makes it fit', async () => {
    // dense covariances (T couples the states, spectral radius 0.8): 2 · 2000 · 36 numbers of ~19 bytes ≈ 2.7 MB
    const m = 6;
    const eye = Array.from({ length: m * m }, (_, k) => (k % (m + 1) === 0 ? 1 : 0));
    const model = { Z: mat(1, m, Array.from({ length: m }, (_, k) => (k === 0 ? 1 : 0))), H: mat(1, 1, [1]), T: mat(m, m, eye.map((v) => 0.5 * v + 0.05)), R: mat(m, m, eye), Q: mat(m, m, eye) };
    const values = Array.from({ length: 2000 }, (_, t) => Math.sin(t / 10));
    const big = await rejection(ts.client().call('ts.kalman.filter', { values, model, init: { kind: 'stationary' } }));
    expect(big.code).toBe('RESOURCE_EXHAUSTED');
    const small = await ts.client().call<any>('ts.kalman.filter', { values: values.slice(0, 1000), model, init: { kind: 'stationary' }, covariances: 'none' });
    expect(small.filteredState).toHaveLength(1000);
  });
  it('simulate: draws of the states from p(α | y) (simulation smoother) — shape, mean within 4 se of α̂_t at every t, seeded', async () => {
    // Nile local level at D&K's estimates, two stretches missing; 100 draws·100 t·1 state = 10,000 numbers
    const values: (number | null)[] = NILE.slice();
    for (let t = 20; t < 30; t++) values[t] = null;
    const model = { Z: mat(1, 1, [1]), H: mat(1, 1, [15099]), T: mat(1, 1, [1]), R: mat(1, 1, [1]), Q: mat(1, 1, [1469.1]) };
    const draws = 100;
    const r = await ts.client().call<any>('ts.kalman.smooth', { values, model, covariances: 'diagonal', simulate: { draws, seed: 3 } });
    expect(r.simulatedStates).toHaveLength(draws);
    expect(r.simulatedStates[0]).toHaveLength(100);
    expect(r.simulatedStates[0][0]).toHaveLength(1);
    // the draws are i.i.d. N(α̂_t, V_t): the mean of 100 has standard error sqrt(V_t/100); 4 se at every t
    for (let t = 0; t < 100; t++) {
      const mean = r.simulatedStates.reduce((s: number, d: number[][]) => s + d[t][0], 0) / draws;
      expect(Math.abs(mean - r.smoothedState[t][0])).toBeLessThan(4 * Math.sqrt(r.smoothedCov[t][0] / draws));
    }
    const again = await ts.client().call<any>('ts.kalman.smooth', { values, model, covariances: 'none', simulate: { draws: 2, seed: 3 } });
    expect(again.simulatedStates).toEqual(r.simulatedStates.slice(0, 2));
    const other = await ts.client().call<any>('ts.kalman.smooth', { values, model, covariances: 'none', simulate: { draws: 2, seed: 4 } });
    expect(other.simulatedStates[0]).not.toEqual(r.simulatedStates[0]);
    const plain = await ts.client().call<any>('ts.kalman.smooth', { values, model });
    expect(plain.simulatedStates).toBeUndefined();
  });

  // statsmodels UnobservedComponents.smooth at D&K's variances (tools/reference/timeseries/nile_disturbances_statsmodels.py)
  const DIST = JSON.parse(readFileSync(join(FIXTURES, 'nile_disturbances_statsmodels.json'), 'utf8'));
  const nileModel = { Z: mat(1, 1, [1]), H: mat(1, 1, [DIST.params.sigma2_eps]), T: mat(1, 1, [1]), R: mat(1, 1, [1]), Q: mat(1, 1, [DIST.params.sigma2_eta]) };
  /** Largest |a − b| relative to max(|b_t|, mean |b|): entries crossing zero judged by the series' magnitude. */
  const relToScale = (a: number[], b: number[]) => {
    const scale = b.reduce((s, x) => s + Math.abs(x), 0) / b.length;
    return Math.max(...b.map((x, i) => Math.abs(a[i] - x) / Math.max(Math.abs(x), scale)));
  };

  for (const key of ['full', 'missing_20_29_60_69']) {
    it(`smoothed disturbances on Nile at D&K's variances (${key}): ε̂, Var ε, η̂, Var η match statsmodels to ${TOL}`, async () => {
      const c = DIST[key];
      const r = await ts.client().call<any>('ts.kalman.smooth', { values: c.values, model: nileModel, covariances: 'diagonal' });
      expect(Math.abs(r.loglik / c.loglik - 1)).toBeLessThan(TOL);
      expect(relToScale(flat(r.smoothedState), c.smoothed_state)).toBeLessThan(TOL);
      expect(relToScale(flat(r.smoothedObsDisturbance), c.smoothed_obs_disturbance)).toBeLessThan(TOL);
      expect(relToScale(flat(r.smoothedObsDisturbanceVar), c.smoothed_obs_disturbance_var)).toBeLessThan(TOL);
      expect(relToScale(flat(r.smoothedStateDisturbance), c.smoothed_state_disturbance)).toBeLessThan(TOL);
      expect(relToScale(flat(r.smoothedStateDisturbanceCov), c.smoothed_state_disturbance_var)).toBeLessThan(TOL);
    });
  }

  it('simulate with disturbances: draws of α, ε, η — identities per draw, seeded, the states as without, means within 4.5 se of the smoother', async () => {
    const c = DIST.missing_20_29_60_69;
    const draws = 100; // 100 draws · 100 t · (m + p + r = 3) = 30,000 numbers
    const req = { values: c.values, model: nileModel, covariances: 'diagonal', simulate: { draws, seed: 11, disturbances: true } };
    const r = await ts.client().call<any>('ts.kalman.smooth', req);
    expect(r.simulatedObsDisturbances).toHaveLength(draws);
    expect(r.simulatedStateDisturbances).toHaveLength(draws);
    expect(r.simulatedObsDisturbances[0]).toHaveLength(100);
    expect(r.simulatedStateDisturbances[0][0]).toHaveLength(1);
    // exact per draw (rounding only): y_t = α̃_t + ε̃_t where observed, α̃_{t+1} = α̃_t + η̃_t
    for (let d = 0; d < draws; d += 9) {
      const [a, e, h] = [r.simulatedStates[d], r.simulatedObsDisturbances[d], r.simulatedStateDisturbances[d]];
      for (let t = 0; t < 100; t++) {
        if (c.values[t] !== null) expect(Math.abs(a[t][0] + e[t][0] - c.values[t])).toBeLessThan(1e-9 * 1000);
        if (t < 99) expect(Math.abs(a[t][0] + h[t][0] - a[t + 1][0])).toBeLessThan(1e-9 * 1000);
      }
    }
    // the draws are i.i.d. N(smoothed mean, smoothed variance) at every t: the mean of 100 has standard error
    // sqrt(var/100); 4.5 se at each of 300 checks (two-sided 4.5σ: 6.8e-6 each, ~0.2% for all; fixed seed, deterministic)
    const checks: [string, number[][][], number[], number[]][] = [
      ['alpha', r.simulatedStates, flat(r.smoothedState), flat(r.smoothedCov)],
      ['eps', r.simulatedObsDisturbances, flat(r.smoothedObsDisturbance), flat(r.smoothedObsDisturbanceVar)],
      ['eta', r.simulatedStateDisturbances, flat(r.smoothedStateDisturbance), flat(r.smoothedStateDisturbanceCov)],
    ];
    for (const [what, x, mean, variance] of checks) {
      for (let t = 0; t < 100; t++) {
        const m = x.reduce((s, d) => s + d[t][0], 0) / draws;
        expect(Math.abs(m - mean[t]), `${what}[${t}]`).toBeLessThan(4.5 * Math.sqrt(variance[t] / draws));
      }
    }
    // reproducible: the same seed gives the same draws; the states are those of a states-only request
    const again = await ts.client().call<any>('ts.kalman.smooth', { ...req, covariances: 'none', simulate: { draws: 3, seed: 11, disturbances: true } });
    expect(again.simulatedObsDisturbances).toEqual(r.simulatedObsDisturbances.slice(0, 3));
    expect(again.simulatedStateDisturbances).toEqual(r.simulatedStateDisturbances.slice(0, 3));
    const statesOnly = await ts.client().call<any>('ts.kalman.smooth', { ...req, covariances: 'none', simulate: { draws: 3, seed: 11 } });
    expect(statesOnly.simulatedStates).toEqual(r.simulatedStates.slice(0, 3));
    expect(statesOnly.simulatedObsDisturbances).toBeUndefined();
    const big = await rejection(ts.client().call('ts.kalman.smooth', { ...req, simulate: { draws: 100, seed: 1, disturbances: true }, values: [...c.values, ...c.values.slice(0, 50)] }));
    expect(big.code).toBe('INVALID_ARGUMENT');
    expect(big.message).toMatch(/simulate\.draws: draws·n·\(m \+ p \+ r\) = 45000 exceeds the limit of 40000/);
  });

  it('ts.kalman.smooth refuses data that leave the initial state diffuse (infinite smoothed variance) with INVALID_ARGUMENT naming values; the filter answers', async () => {
    const llt = { Z: mat(1, 2, [1, 0]), H: mat(1, 1, [1]), T: mat(2, 2, [1, 1, 0, 1]), R: mat(2, 2, [1, 0, 0, 1]), Q: mat(2, 2, [1, 0, 0, 1]) };
    const cases = [
      { values: [null, null], sigma2Eps: 1, sigma2Eta: 1 }, // no observation: the level is unknown
      { values: [null, 3, null], model: llt }, // one observation cannot identify level and slope
      { values: [null, 3, null], model: llt, simulate: { draws: 2, seed: 1 } },
    ];
    for (const req of cases) {
      const e = await rejection(ts.client().call('ts.kalman.smooth', req));
      expect(e.code).toBe('INVALID_ARGUMENT');
      expect(e.message).toMatch(/^values does not identify the diffuse initial state: it is still diffuse after the last observation/);
    }
    const f = await ts.client().call<any>('ts.kalman.filter', { values: [null, 3, null], model: llt });
    expect(f.diffuseSteps).toBe(3);
    // two more observations identify the slope: smoothing works again
    const ok = await ts.client().call<any>('ts.kalman.smooth', { values: [null, 3, 5], model: llt, covariances: 'none' });
    expect(ok.smoothedState[2][1]).toBeCloseTo(2, 12); // slope = 5 − 3 at the last step, exactly
  });

  it('simulate: INVALID_ARGUMENT for draws out of 1..100, draws·n·m over the limit, the local level form and ts.kalman.filter', async () => {
    const model = { Z: mat(1, 1, [1]), H: mat(1, 1, [1]), T: mat(1, 1, [1]), R: mat(1, 1, [1]), Q: mat(1, 1, [1]) };
    const values = Array.from({ length: 1000 }, (_, t) => Math.sin(t / 10));
    const many = await rejection(ts.client().call('ts.kalman.smooth', { values: [1, 2], model, simulate: { draws: 101, seed: 1 } }));
    expect(many.code).toBe('INVALID_ARGUMENT');
    expect(many.message).toMatch(/simulate\.draws must be an integer in \[1, 100\]/);
    const big = await rejection(ts.client().call('ts.kalman.smooth', { values, model, simulate: { draws: 50, seed: 1 } }));
    expect(big.code).toBe('INVALID_ARGUMENT');
    expect(big.message).toMatch(/draws·n·m = 50000 exceeds the limit of 40000/);
    const seed = await rejection(ts.client().call('ts.kalman.smooth', { values: [1, 2], model, simulate: { draws: 1, seed: -1 } }));
    expect(seed.message).toMatch(/simulate\.seed/);
    const ll = await rejection(ts.client().call('ts.kalman.smooth', { values: [1, 2], sigma2Eps: 1, sigma2Eta: 1, simulate: { draws: 1, seed: 1 } }));
    expect(ll.message).toMatch(/simulate needs model/);
    const filt = await rejection(ts.client().call('ts.kalman.filter', { values: [1, 2], model, simulate: { draws: 1, seed: 1 } }));
    expect(filt.code).toBe('INVALID_ARGUMENT');
    expect(filt.message).toMatch(/simulate is only for ts\.kalman\.smooth/);
  });
});
