import { describe, expect, it } from 'vitest';
import { ModelbusError } from '@modelbus/client';
import { useService } from '../../../tools/dev/use-service';


describe('timeseries service', () => {
  const ts = useService('timeseries');

  it('ts.arma.acf of an AR(1) matches the closed forms ρ_k = φ^k, φ_kk = 0 for k > 1, ψ_k = φ^k', async () => {
    const phi = 0.6;
    const r = await ts.client().call('ts.arma.acf', { ar: [phi], ma: [], lags: 12 });
    expect(r.acf).toHaveLength(13);
    for (let k = 0; k <= 12; k++) {
      expect(r.acf[k]).toBeCloseTo(phi ** k, 12);
      expect(r.psi[k]).toBeCloseTo(phi ** k, 12);
    }
    expect(r.pacf[0]).toBe(1);
    expect(r.pacf[1]).toBeCloseTo(phi, 12);
    for (let k = 2; k <= 12; k++) expect(Math.abs(r.pacf[k])).toBeLessThan(1e-12);
  });

  it('ts.arma.acf of an MA(1) matches ρ_1 = θ/(1+θ²) and ρ_k = 0 beyond lag 1', async () => {
    const theta = 0.4;
    const r = await ts.client().call('ts.arma.acf', { ar: [], ma: [theta], lags: 5 });
    expect(r.acf[1]).toBeCloseTo(theta / (1 + theta * theta), 12);
    for (let k = 2; k <= 5; k++) expect(Math.abs(r.acf[k])).toBeLessThan(1e-14);
    expect(r.psi.slice(0, 3)).toEqual([1, theta, 0]);
  });

  it.each([
    ['a non-stationary AR part', { ar: [1.2], ma: [], lags: 3 }, 'ar'],
    ['a negative lag count', { ar: [0.5], ma: [], lags: -1 }, 'lags'],
    ['a string coefficient', { ar: ['0.5'], ma: [], lags: 3 }, 'ar[0]'],
    ['a missing ma', { ar: [0.5], lags: 3 }, 'ma'],
  ])('rejects %s with INVALID_ARGUMENT naming the field', async (_n, body, field) => {
    const err = (await ts.client().call('ts.arma.acf', body).catch((e: unknown) => e)) as ModelbusError;
    expect(err).toBeInstanceOf(ModelbusError);
    expect(err.code).toBe('INVALID_ARGUMENT');
    expect(err.message).toContain(field);
  });

  const rejection = async (p: Promise<unknown>) => {
    const err = (await p.catch((e: unknown) => e)) as ModelbusError;
    expect(err).toBeInstanceOf(ModelbusError);
    return err;
  };

  it.each([
    ['ts.arma.acf', { ar: [0.5], ma: [2], lags: 5 }],
    ['ts.arma.simulate', { ar: [0.5], ma: [2], n: 10, seed: 1 }],
  ])('%s refuses a non-invertible MA (θ = 2: root 1/2) naming ma, the root modulus and the flipped MA', async (subject, body) => {
    const err = await rejection(ts.client().call(subject, body));
    expect(err.code).toBe('INVALID_ARGUMENT');
    expect(err.message).toMatch(/ma is not invertible: the smallest root .* has modulus 0\.5 /);
    expect(err.message).toContain('invertible MA with the same ACF exists');
    expect(err.message).toContain('ma = [0.5] with sigma2 × 4');
    expect(err.message).toContain('allowNonInvertible: true');
  });

  it('ts.arma.acf names ar with the smallest root modulus of a non-stationary AR (1 − 1.2z: 1/1.2)', async () => {
    const err = await rejection(ts.client().call('ts.arma.acf', { ar: [1.2], ma: [], lags: 3 }));
    expect(err.code).toBe('INVALID_ARGUMENT');
    expect(err.message).toMatch(/ar is not stationary: the smallest root .* has modulus 0\.8333333333 /);
  });

  it('ts.arma.acf with allowNonInvertible: the ACF/PACF of θ = 2 equal those of the flipped θ = 1/2, ψ is the plain recursion', async () => {
    const r = await ts.client().call<any>('ts.arma.acf', { ar: [0.5], ma: [2], lags: 8, allowNonInvertible: true });
    const f = await ts.client().call<any>('ts.arma.acf', { ar: [0.5], ma: [0.5], lags: 8 });
    for (let k = 0; k <= 8; k++) {
      expect(Math.abs(r.acf[k] - f.acf[k])).toBeLessThan(1e-12);
      expect(Math.abs(r.pacf[k] - f.pacf[k])).toBeLessThan(1e-12);
    }
    expect(r.psi.slice(0, 3)).toEqual([1, 2.5, 1.25]); // ψ_1 = θ + φ, ψ_2 = φψ_1
    const bad = await rejection(ts.client().call('ts.arma.acf', { ar: [], ma: [2], lags: 3, allowNonInvertible: 'yes' }));
    expect(bad.message).toContain('allowNonInvertible must be true or false');
  });

  it('ts.arma.simulate with allowNonInvertible: x_t = e_t + 2e_{t−1} of the white noise with the same seed', async () => {
    const e = (await ts.client().call<any>('ts.arma.simulate', { ar: [], ma: [], n: 50, seed: 11, burnIn: 0 })).values as number[];
    const x = (await ts.client().call<any>('ts.arma.simulate', { ar: [], ma: [2], n: 50, seed: 11, burnIn: 0, allowNonInvertible: true })).values as number[];
    expect(x[0]).toBe(e[0]);
    for (let t = 1; t < 50; t++) expect(Math.abs(x[t] - (e[t] + 2 * e[t - 1]))).toBeLessThan(1e-12);
  });
});
