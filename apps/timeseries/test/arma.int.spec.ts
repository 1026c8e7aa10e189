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
});
