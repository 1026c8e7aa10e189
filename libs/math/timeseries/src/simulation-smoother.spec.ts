import { describe, expect, it } from 'vitest';
import { localLevelModel } from './local-level';
import { simulationSmoother } from './simulation-smoother';
import { diffuseInit, knownInit } from './state-space';
import { structuralModel } from './structural-models';
import { loadNile, maxRelErr } from './test-helpers';
import ref from './__fixtures__/nile_local_level_statsmodels.json';

// Statistical checks with fixed seeds (deterministic). The draws of α_t are i.i.d. N(α̂_t, V_t), so with
// D draws: the sample mean has standard error sqrt(V_t/D) and we allow 4 of them at every t (a
// two-sided 4σ event has probability 6e-5, ~0.6% over 100 t's). The sample variance s² satisfies
// (D−1)s²/V ~ χ²_{D−1}, i.e. s²/V has sd sqrt(2/(D−1)) = 0.032 at D = 2000, so a relative 15% is
// ≈ 4.7 sd (probability < 1e-5 per t). Cross-covariances: sd of the sample covariance is
// sqrt((V11·V22 + V12²)/D), again 4.5 of them.
const D = 2000;
const MEAN_SE = 4;
const VAR_REL = 0.15;
const { 'sigma2.irregular': S2EPS, 'sigma2.level': S2ETA } = ref.fixed_published_params_exact_diffuse.params;

/** Sample mean and (D−1)-variance of entry idx over the draws. */
function moments(draws: Float64Array[], idx: number): { mean: number; variance: number } {
  let mean = 0;
  for (const d of draws) mean += d[idx];
  mean /= draws.length;
  let ss = 0;
  for (const d of draws) ss += (d[idx] - mean) ** 2;
  return { mean, variance: ss / (draws.length - 1) };
}

function sampleCov(draws: Float64Array[], i: number, j: number): number {
  const a = moments(draws, i).mean;
  const b = moments(draws, j).mean;
  let s = 0;
  for (const d of draws) s += (d[i] - a) * (d[j] - b);
  return s / (draws.length - 1);
}

/** Every entry i < count of the draws matches mean[i] within 4 se and variance(i) within 15%. */
function expectMatches(draws: Float64Array[], mean: ArrayLike<number>, variance: (i: number) => number, count: number, what: string): void {
  for (let i = 0; i < count; i++) {
    const v = variance(i);
    const mo = moments(draws, i);
    const se = Math.sqrt(v / draws.length);
    if (!(Math.abs(mo.mean - mean[i]) <= MEAN_SE * se)) throw new Error(`${what}[${i}] mean ${mo.mean} vs ${mean[i]} (se ${se})`);
    if (!(Math.abs(mo.variance / v - 1) <= VAR_REL)) throw new Error(`${what}[${i}] variance ${mo.variance} vs ${v}`);
  }
}

describe('simulation smoother (Durbin & Koopman 2002)', () => {
  const y = loadNile();
  const { model, init } = localLevelModel(S2EPS, S2ETA);

  it('Nile local level at the published MLE: draws have the smoothed mean and variance at every t', () => {
    const sim = simulationSmoother(model, init, y, { draws: D, seed: 20260 });
    const s = sim.smoothed;
    expect(sim.states.length).toBe(D);
    expect(sim.states[0].length).toBe(100);
    expectMatches(sim.states, s.smoothedState, (t) => s.smoothedCov[t], 100, 'alpha');
    expectMatches(sim.obsDisturbances, s.smoothedObsDisturbance, (t) => s.smoothedObsDisturbanceVar[t], 100, 'eps');
    // η_t for t < n (η_n affects no observation: N(0, σ²_η), which the same check covers)
    expectMatches(sim.stateDisturbances, s.smoothedStateDisturbance, (t) => s.smoothedStateDisturbanceCov[t], 100, 'eta');
  });

  it('the variance check catches a missing −α̂⁺: Var(α⁺_t) = (t−1)σ²_η differs from V_t by >15% almost everywhere', () => {
    // Without subtracting α̂⁺ the draw would be α̂ + α⁺ (its mean is still α̂, since a_1 = 0 and the
    // diffuse part is drawn as 0), with variance Var(α⁺_t) = (t−1)σ²_η — the check above would fail.
    const sim = simulationSmoother(model, init, y, { draws: 10, seed: 1 });
    let outside = 0;
    for (let t = 0; t < 100; t++) if (Math.abs((t * S2ETA) / sim.smoothed.smoothedCov[t] - 1) > VAR_REL) outside++;
    expect(outside).toBeGreaterThan(95);
  });

  it('exact identities per draw: y_t = Z α̃_t + ε̃_t at observed t, α̃_{t+1} = T α̃_t + R η̃_t', () => {
    const yMiss = Float64Array.from(y);
    for (let t = 40; t < 50; t++) yMiss[t] = NaN;
    const sim = simulationSmoother(model, init, yMiss, { draws: 5, seed: 7 });
    for (let d = 0; d < 5; d++) {
      const a = sim.states[d];
      const e = sim.obsDisturbances[d];
      const h = sim.stateDisturbances[d];
      for (let t = 0; t < 100; t++) {
        if (!Number.isNaN(yMiss[t])) expect(Math.abs(a[t] + e[t] - yMiss[t])).toBeLessThan(1e-9 * 1000);
        if (t < 99) expect(Math.abs(a[t] + h[t] - a[t + 1])).toBeLessThan(1e-9 * 1000);
      }
    }
  });

  it('missing values (Nile with 1891–1900 and 1931–1940 missing): moments at every t, wider where missing', () => {
    const yMiss = Float64Array.from(y);
    for (let t = 20; t < 30; t++) yMiss[t] = NaN;
    for (let t = 60; t < 70; t++) yMiss[t] = NaN;
    const sim = simulationSmoother(model, init, yMiss, { draws: D, seed: 99 });
    const s = sim.smoothed;
    expectMatches(sim.states, s.smoothedState, (t) => s.smoothedCov[t], 100, 'alpha');
    expectMatches(sim.obsDisturbances, s.smoothedObsDisturbance, (t) => s.smoothedObsDisturbanceVar[t], 100, 'eps');
    expect(s.smoothedCov[25]).toBeGreaterThan(2 * s.smoothedCov[10]);
    // a missing ε_t is independent of the data: N(0, σ²_ε)
    expect(s.smoothedObsDisturbanceVar[25]).toBeCloseTo(S2EPS, 6);
  });

  it('local linear trend (2 diffuse states): means, variances and the level–slope covariance', () => {
    const { model: llt, init: lltInit } = structuralModel({ trend: 'trend' }, { sigma2Irregular: 15000, sigma2Level: 1000, sigma2Slope: 50 });
    const sim = simulationSmoother(llt, lltInit, y, { draws: D, seed: 4242 });
    const s = sim.smoothed;
    expect(sim.m).toBe(2);
    expect(sim.states[0].length).toBe(200);
    expectMatches(sim.states, s.smoothedState, (i) => s.smoothedCov[((i >> 1) * 2 + (i & 1)) * 2 + (i & 1)], 200, 'alpha');
    for (let t = 0; t < 100; t++) {
      const V = s.smoothedCov.subarray(t * 4, t * 4 + 4);
      const sd = Math.sqrt((V[0] * V[3] + V[1] * V[1]) / D);
      expect(Math.abs(sampleCov(sim.states, 2 * t, 2 * t + 1) - V[1])).toBeLessThan(4.5 * sd);
    }
    expectMatches(sim.stateDisturbances, s.smoothedStateDisturbance, (i) => s.smoothedStateDisturbanceCov[((i >> 1) * 2 + (i & 1)) * 2 + (i & 1)], 200, 'eta');
  });

  it('time-varying H (an array of matrices): moments at every t', () => {
    const H = Array.from({ length: 100 }, (_, t) => ({ rows: 1, cols: 1, data: Float64Array.of(t < 50 ? S2EPS : S2EPS / 10) }));
    const sim = simulationSmoother({ ...model, H }, init, y, { draws: D, seed: 5 });
    const s = sim.smoothed;
    expectMatches(sim.states, s.smoothedState, (t) => s.smoothedCov[t], 100, 'alpha');
    expect(s.smoothedCov[80]).toBeLessThan(s.smoothedCov[20]);
  });

  it('known (non-diffuse) initialisation α_1 ~ N(1000, 5000): α⁺_1 is drawn from it', () => {
    const sim = simulationSmoother(model, knownInit([1000], [5000], 1), y, { draws: D, seed: 31 });
    const s = sim.smoothed;
    expectMatches(sim.states, s.smoothedState, (t) => s.smoothedCov[t], 100, 'alpha');
  });

  it('p = 2 with correlated H and partly missing rows: states and both ε components', () => {
    // two local levels (Nile and a shifted half-Nile) with correlated level disturbances and correlated
    // noise (ρ = 0.5); rows 10 and 50 partly missing, row 70 fully missing
    const n = 100;
    const Y = new Float64Array(2 * n);
    for (let t = 0; t < n; t++) {
      Y[2 * t] = y[t];
      Y[2 * t + 1] = y[(t + 30) % n] / 2;
    }
    Y[2 * 10] = NaN;
    Y[2 * 50 + 1] = NaN;
    Y[2 * 70] = NaN;
    Y[2 * 70 + 1] = NaN;
    const m2 = (data: number[]) => ({ rows: 2, cols: 2, data: Float64Array.from(data) });
    const biv = { Z: m2([1, 0, 0, 1]), H: m2([15000, 0.5 * Math.sqrt(15000 * 4000), 0.5 * Math.sqrt(15000 * 4000), 4000]), T: m2([1, 0, 0, 1]), R: m2([1, 0, 0, 1]), Q: m2([1500, 300, 300, 400]) };
    const sim = simulationSmoother(biv, diffuseInit(2), { rows: n, cols: 2, data: Y }, { draws: D, seed: 77 });
    const s = sim.smoothed;
    const diag = (V: Float64Array) => (i: number) => V[((i >> 1) * 2 + (i & 1)) * 2 + (i & 1)];
    expectMatches(sim.states, s.smoothedState, diag(s.smoothedCov), 2 * n, 'alpha');
    expectMatches(sim.obsDisturbances, s.smoothedObsDisturbance, (i) => s.smoothedObsDisturbanceVar[i], 2 * n, 'eps');
    // the missing ε_{10,1} is pulled by the observed, correlated ε_{10,2}: its conditional variance is below H_11
    expect(s.smoothedObsDisturbanceVar[20]).toBeLessThan(15000);
  });

  it('the mean-only recursions give the draws of the full filter + smoother per draw (same seed) up to rounding', () => {
    // LLT with missing values and a time-varying H; a local level with a known α_1; p = 2 with diagonal H
    const yMiss = Float64Array.from(y);
    for (let t = 30; t < 36; t++) yMiss[t] = NaN;
    yMiss[99] = NaN;
    const { model: llt, init: lltInit } = structuralModel({ trend: 'trend' }, { sigma2Irregular: 15000, sigma2Level: 1000, sigma2Slope: 50 });
    const H = Array.from({ length: 100 }, (_, t) => ({ rows: 1, cols: 1, data: Float64Array.of(t % 3 === 0 ? 30000 : 12000) }));
    const cases = [
      { model: { ...llt, H }, init: lltInit, y: yMiss as Float64Array | { rows: number; cols: number; data: Float64Array } },
      { model, init: { ...init, Pinf: { rows: 1, cols: 1, data: Float64Array.of(0) }, Pstar: { rows: 1, cols: 1, data: Float64Array.of(1e6) } }, y: yMiss },
      {
        model: { Z: { rows: 2, cols: 1, data: Float64Array.of(1, 0.5) }, H: { rows: 2, cols: 2, data: Float64Array.of(15000, 0, 0, 4000) }, T: model.T, R: model.R, Q: model.Q },
        init,
        y: { rows: 100, cols: 2, data: Float64Array.from({ length: 200 }, (_, i) => (i === 41 || i === 80 ? NaN : y[i >> 1] * (i & 1 ? 0.5 : 1))) },
      },
      // regular steps inside the diffuse phase with r⁽¹⁾ ≠ 0: state 1 known (correlated with state 2 through P_*),
      // state 2 diffuse; at t = 0 both rows see state 1 only, state 2 is seen from t = 1 on (time-varying Z)
      {
        model: {
          Z: Array.from({ length: 100 }, (_, t) => ({ rows: 2, cols: 2, data: t === 0 ? Float64Array.of(1, 0, 1, 0) : Float64Array.of(0, 1, 1, 0) })),
          H: { rows: 2, cols: 2, data: Float64Array.of(15000, 0, 0, 4000) }, T: llt.R, R: llt.R, Q: { rows: 2, cols: 2, data: Float64Array.of(1500, 0, 0, 300) },
        },
        init: { a1: Float64Array.of(1000, 0), Pstar: { rows: 2, cols: 2, data: Float64Array.of(1e4, 3e3, 3e3, 5e3) }, Pinf: { rows: 2, cols: 2, data: Float64Array.of(0, 0, 0, 1) } },
        y: { rows: 100, cols: 2, data: Float64Array.from({ length: 200 }, (_, i) => y[i >> 1] * (i & 1 ? 1 : 0.5)) },
      },
    ];
    for (const c of cases) {
      const fast = simulationSmoother(c.model, c.init, c.y, { draws: 4, seed: 8 });
      const full = simulationSmoother(c.model, c.init, c.y, { draws: 4, seed: 8, fullSmoother: true });
      for (let d = 0; d < 4; d++) {
        expect(maxRelErr(fast.states[d], full.states[d])).toBeLessThan(1e-10);
        expect(maxRelErr(fast.obsDisturbances[d], full.obsDisturbances[d])).toBeLessThan(1e-10);
        expect(maxRelErr(fast.stateDisturbances[d], full.stateDisturbances[d])).toBeLessThan(1e-10);
      }
    }
  });

  it('same seed → identical draws; different seed → different draws', () => {
    const a = simulationSmoother(model, init, y, { draws: 3, seed: 11 });
    const b = simulationSmoother(model, init, y, { draws: 3, seed: 11 });
    const c = simulationSmoother(model, init, y, { draws: 3, seed: 12 });
    for (let d = 0; d < 3; d++) {
      expect(b.states[d]).toEqual(a.states[d]);
      expect(b.obsDisturbances[d]).toEqual(a.obsDisturbances[d]);
      expect(c.states[d]).not.toEqual(a.states[d]);
    }
    expect(a.states[1]).not.toEqual(a.states[0]);
  });

  it('rejects bad draws and seed with INVALID_ARGUMENT naming the field', () => {
    expect(() => simulationSmoother(model, init, y, { draws: 0, seed: 1 })).toThrow(/draws/);
    expect(() => simulationSmoother(model, init, y, { draws: 1.5, seed: 1 })).toThrow(/draws/);
    expect(() => simulationSmoother(model, init, y, { draws: 2, seed: NaN })).toThrow(/seed/);
  });
});
