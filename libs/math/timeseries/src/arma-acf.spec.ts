import { InvalidArgumentError } from '@modelbus/math-linalg';
import { describe, expect, it } from 'vitest';
import { armaAcf, armaAutocovariance, armaPsi } from './arma-acf';
import { isInvertible, isStationary, reflectionCoefficients } from './polynomial';
import ref from './__fixtures__/arma_theoretical_statsmodels.json';

type Proc = { phi: number[]; theta: number[]; acf_0_20: number[]; pacf_0_20: number[]; psi_0_20: number[]; gamma0_over_sigma2: number };
const processes = ref.processes as unknown as Record<string, Proc>;

function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tol: number) {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const err = Math.abs(actual[i] - expected[i]);
    if (!(err <= tol)) throw new Error(`index ${i}: ${actual[i]} vs ${expected[i]} (|err| ${err} > ${tol})`);
  }
}

describe('armaAcf against statsmodels (arma_theoretical_statsmodels.json)', () => {
  // Peers agree to 1e-14 on these; 1e-10 absolute leaves room for a different (exact) algorithm.
  for (const [name, p] of Object.entries(processes)) {
    it(`${name}: acf, pacf, psi, gamma0 to 1e-10`, () => {
      const r = armaAcf(p.phi, p.theta, 20);
      expectClose(r.acf, p.acf_0_20, 1e-10);
      expectClose(r.pacf, p.pacf_0_20, 1e-10);
      expectClose(r.psi, p.psi_0_20, 1e-10);
      expect(Math.abs(r.gamma0 - p.gamma0_over_sigma2)).toBeLessThan(1e-10 * p.gamma0_over_sigma2);
    });
  }
});

describe('armaAcf closed forms and identities', () => {
  it('AR(1): ρ_k = φ^k, PACF = (1, φ, 0, …), ψ_k = φ^k, γ0 = 1/(1−φ²)', () => {
    for (const phi of [0.9, -0.5, 0.3, 0.999]) {
      const r = armaAcf([phi], [], 30);
      for (let k = 0; k <= 30; k++) {
        expect(r.acf[k]).toBeCloseTo(phi ** k, 12);
        expect(r.psi[k]).toBeCloseTo(phi ** k, 12);
        expect(r.pacf[k]).toBeCloseTo(k === 0 ? 1 : k === 1 ? phi : 0, 10);
      }
      expect(r.gamma0 * (1 - phi * phi)).toBeCloseTo(1, 9);
    }
  });

  it('MA(1): ρ_1 = θ/(1+θ²), ρ_k = 0 for k ≥ 2; PACF closed form (θ = 2 non-invertible, allowed explicitly)', () => {
    for (const th of [0.5, -0.8, 2]) {
      const r = armaAcf([], [th], 10, { allowNonInvertible: true });
      expect(r.acf[1]).toBeCloseTo(th / (1 + th * th), 14);
      for (let k = 2; k <= 10; k++) expect(r.acf[k]).toBe(0);
      // φ_kk = −(−θ)^k (1 − θ²) / (1 − θ^{2(k+1)})  (Brockwell & Davis ex. 3.4.1)
      for (let k = 1; k <= 10; k++) {
        const expected = (-((-th) ** k) * (1 - th * th)) / (1 - th ** (2 * (k + 1)));
        expect(r.pacf[k]).toBeCloseTo(expected, 12);
      }
    }
  });

  it('white noise: acf = pacf = (1, 0, …), psi = (1, 0, …)', () => {
    const r = armaAcf([], [], 5);
    expect(Array.from(r.acf)).toEqual([1, 0, 0, 0, 0, 0]);
    expect(Array.from(r.pacf)).toEqual([1, 0, 0, 0, 0, 0]);
    expect(Array.from(r.psi)).toEqual([1, 0, 0, 0, 0, 0]);
    expect(armaAcf(new Float64Array(0), [], 0).acf.length).toBe(1);
  });

  it('exact γ_k equals Σ ψ_j ψ_{j+k} with many ψ terms (independent route) to 1e-12', () => {
    const cases: [number[], number[]][] = [[[1.4, -0.7], [0.3]], [[0.5, -0.25, 0.1], [0.4, 0.2, -0.3, 0.1]], [[-0.9], [0.7, 0.7]]];
    for (const [ar, ma] of cases) {
      const g = armaAutocovariance(ar, ma, 8);
      const psi = armaPsi(ar, ma, 4000); // geometric decay: terms beyond 4000 are < 1e-30
      for (let k = 0; k <= 8; k++) {
        let s = 0;
        for (let j = 0; j + k <= 4000; j++) s += psi[j] * psi[j + k];
        expect(Math.abs(g[k] - s)).toBeLessThan(1e-12 * Math.max(1, Math.abs(s)));
      }
    }
  });

  it('AR(p) PACF vanishes beyond p and equals φ_p at lag p; lags smaller than the order work', () => {
    const r = armaAcf([0.5, -0.25, 0.1], [], 12);
    expect(r.pacf[3]).toBeCloseTo(0.1, 12);
    for (let k = 4; k <= 12; k++) expect(Math.abs(r.pacf[k])).toBeLessThan(1e-12);
    const short = armaAcf([0.5, -0.25, 0.1], [0.3, 0.2], 1);
    expect(short.acf.length).toBe(2);
    expect(short.acf[1]).toBeCloseTo(armaAcf([0.5, -0.25, 0.1], [0.3, 0.2], 10).acf[1], 15);
  });

  it('handles lags = 10000 and trailing zero coefficients', () => {
    const r = armaAcf([0.5, 0], [0.2, 0], 10000);
    expect(r.acf.length).toBe(10001);
    expect(r.acf[1]).toBeCloseTo(armaAcf([0.5], [0.2], 1).acf[1], 14);
  });
});

describe('armaAcf validation', () => {
  const field = (fn: () => unknown) => {
    try {
      fn();
    } catch (e) {
      expect(e).toBeInstanceOf(InvalidArgumentError);
      return (e as InvalidArgumentError).field + ': ' + (e as Error).message;
    }
    throw new Error('did not throw');
  };
  it('rejects bad lags', () => {
    for (const lags of [-1, 1.5, 10001, NaN, Infinity]) expect(field(() => armaAcf([0.5], [], lags))).toMatch(/^lags/);
  });
  it('rejects non-finite coefficients naming the field', () => {
    expect(field(() => armaAcf([NaN], [], 3))).toMatch(/^ar/);
    expect(field(() => armaAcf([0.1], [0.2, Infinity], 3))).toMatch(/^ma/);
  });
  it('rejects non-stationary AR parts, including unit roots and explosive complex pairs', () => {
    for (const ar of [[1], [-1.0001], [1.5, -0.5], [0.5, 0.5], [1.4, -1.01], [0, 0, 1.2]]) {
      expect(field(() => armaAcf(ar, [], 3))).toMatch(/^ar: ar is not stationary: /);
    }
  });
  it('stationarity/invertibility agree with root moduli from the reference file', () => {
    for (const p of Object.values(processes) as unknown as { phi: number[]; theta: number[]; ar_roots_modulus: number[]; ma_roots_modulus: number[] }[]) {
      expect(isStationary(p.phi)).toBe(p.ar_roots_modulus.every((m) => m > 1));
      expect(isInvertible(p.theta)).toBe(p.ma_roots_modulus.every((m) => m > 1));
    }
    expect(isInvertible([2])).toBe(false);
    expect(isInvertible([0.5, 0.7])).toBe(true);
    expect(isInvertible([-0.5, -0.7])).toBe(false); // 1 − 0.5z − 0.7z² has a root at ≈ 0.89
    // reflection coefficients of a stationary AR are its theoretical PACF
    const pacf = armaAcf([0.5, -0.25, 0.1], [], 3).pacf;
    const r = reflectionCoefficients([0.5, -0.25, 0.1]);
    for (let k = 1; k <= 3; k++) expect(r[k - 1]).toBeCloseTo(pacf[k], 13);
  });
});
