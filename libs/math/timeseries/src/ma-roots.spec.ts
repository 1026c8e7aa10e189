import { InvalidArgumentError } from '@modelbus/math-linalg';
import { Rng } from '@modelbus/math-stats';
import { describe, expect, it } from 'vitest';
import { armaAcf, armaAutocovariance } from './arma-acf';
import { armaSimulate } from './arma-simulate';
import { arSmallestRootModulus, invertibleMa, maSmallestRootModulus } from './ma-roots';
import { isInvertible } from './polynomial';

/** θ of Π (1 − w_i z) for reciprocal roots given as [re, im] (im ≠ 0: the pair w, w̄). */
function thetaOf(roots: [number, number][]): number[] {
  let c = [1];
  const times = (f: number[]) => {
    const out = new Array(c.length + f.length - 1).fill(0);
    for (let i = 0; i < c.length; i++) for (let j = 0; j < f.length; j++) out[i + j] += c[i] * f[j];
    c = out;
  };
  for (const [re, im] of roots) times(im === 0 ? [1, -re] : [1, -2 * re, re * re + im * im]);
  return c.slice(1);
}

/** invertibleMa that must exist (no root on the unit circle). */
function flippedMa(theta: ArrayLike<number>) {
  const inv = invertibleMa(theta);
  if (!inv) throw new Error(`no invertible MA for ${Array.from(theta)}`);
  return inv;
}

const failure = (fn: () => unknown): InvalidArgumentError => {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(InvalidArgumentError);
    return e as InvalidArgumentError;
  }
  throw new Error('did not throw');
};

describe('MA roots and the invertible MA with the same ACF', () => {
  it('MA(1) θ = 2: root modulus 1/2; flipped θ = 1/2 with σ² × 4', () => {
    expect(maSmallestRootModulus([2])).toBeCloseTo(0.5, 14);
    const inv = flippedMa([2]);
    expect(inv.ma[0]).toBeCloseTo(0.5, 14);
    expect(inv.sigma2Factor).toBeCloseTo(4, 13);
    expect(inv.flipped).toBe(1);
  });

  it('MA(2) with a complex pair inside the circle (|z| = 1/2): flips to w/|w|², σ² × 16', () => {
    // reciprocal roots 2e^{±i}: θ(z) = 1 − 4cos(1) z + 4z²; flipped 0.5e^{±i}: 1 − cos(1) z + z²/4
    const theta = thetaOf([[2 * Math.cos(1), 2 * Math.sin(1)]]);
    expect(maSmallestRootModulus(theta)).toBeCloseTo(0.5, 13);
    const inv = flippedMa(theta);
    expect(inv.ma[0]).toBeCloseTo(-Math.cos(1), 13);
    expect(inv.ma[1]).toBeCloseTo(0.25, 13);
    expect(inv.sigma2Factor).toBeCloseTo(16, 12);
    expect(inv.flipped).toBe(2);
  });

  it('seeded MA(1..6) with roots on both sides: smallest modulus to 1e-9, flipped MA invertible with γ(θ) = factor·γ(flip) to 1e-10', () => {
    const rng = new Rng(20261130);
    // moduli of reciprocal roots in [0.2, 0.85] ∪ [1.15, 3] (kept off the unit circle, well separated in practice)
    const modulus = () => (rng.uniform() < 0.5 ? 0.2 + 0.65 * rng.uniform() : 1.15 + 1.85 * rng.uniform());
    for (let c = 0; c < 60; c++) {
      const roots: [number, number][] = [];
      let q = 0;
      const target = 1 + rng.int(6);
      while (q < target) {
        const r = modulus();
        if (q + 2 <= target && rng.uniform() < 0.5) {
          const a = 0.2 + 2.7 * rng.uniform();
          roots.push([r * Math.cos(a), r * Math.sin(a)]);
          q += 2;
        } else {
          roots.push([rng.uniform() < 0.5 ? -r : r, 0]);
          q += 1;
        }
      }
      const theta = thetaOf(roots);
      const largest = Math.max(...roots.map(([re, im]) => Math.hypot(re, im)));
      expect(Math.abs(maSmallestRootModulus(theta) * largest - 1)).toBeLessThan(1e-9);
      const inv = flippedMa(theta);
      expect(isInvertible(inv.ma)).toBe(true);
      expect(isInvertible(theta)).toBe(largest < 1);
      const g = armaAutocovariance([0.4], theta, 8, { allowNonInvertible: true });
      const gInv = armaAutocovariance([0.4], inv.ma, 8);
      for (let k = 0; k <= 8; k++) expect(Math.abs(g[k] - inv.sigma2Factor * gInv[k])).toBeLessThan(1e-10 * g[0]);
    }
  });

  it('keeps trailing zero coefficients (roots at infinity) and an invertible MA unchanged', () => {
    const inv = flippedMa([2, 0, 0]);
    expect(inv.ma.length).toBe(3);
    expect(Array.from(inv.ma).map((x) => Number(x.toFixed(14)))).toEqual([0.5, 0, 0]);
    const same = flippedMa([0.4, 0.2]);
    expect(same.flipped).toBe(0);
    expect(same.sigma2Factor).toBe(1);
    expect(same.ma[0]).toBeCloseTo(0.4, 14);
    expect(same.ma[1]).toBeCloseTo(0.2, 14);
    expect(maSmallestRootModulus([])).toBe(Infinity);
  });

  it('AR root moduli: 1 − 1.2z → 1/1.2; 1 − z + 0.5z² (roots 1 ± i) → √2; the stationarity error reports it', () => {
    expect(arSmallestRootModulus([1.2])).toBeCloseTo(1 / 1.2, 14);
    expect(arSmallestRootModulus([1, -0.5])).toBeCloseTo(Math.SQRT2, 13);
    expect(arSmallestRootModulus([])).toBe(Infinity);
    const e = failure(() => armaAcf([1.2], [], 3));
    expect(e.field).toBe('ar');
    expect(e.message).toMatch(/^ar is not stationary: the smallest root .* has modulus 0\.8333333333 /);
  });

  it('a root on the unit circle has no invertible counterpart', () => {
    expect(invertibleMa([1])).toBeNull();
    expect(invertibleMa([0, 1])).toBeNull();
  });
});

describe('armaAcf / armaSimulate refuse a non-invertible MA unless allowNonInvertible', () => {
  it('names ma, the smallest root modulus and the flipped MA', () => {
    const e = failure(() => armaAcf([0.5], [2], 5));
    expect(e.field).toBe('ma');
    expect(e.message).toMatch(/^ma is not invertible: the smallest root .* has modulus 0\.5 /);
    expect(e.message).toContain('ma = [0.5] with sigma2 × 4');
    expect(e.message).toContain('allowNonInvertible: true');
    expect(failure(() => armaAutocovariance([], [-0.5, -0.7], 3)).message).toMatch(/modulus 0\.89/);
    expect(failure(() => armaSimulate([], [2], 10, { seed: 1 })).field).toBe('ma');
    const unit = failure(() => armaAcf([], [1], 3)).message;
    expect(unit).toContain('modulus 1 ');
    expect(unit).toContain('no invertible counterpart');
    expect(unit).not.toContain('ma = [');
  });

  it('with allowNonInvertible: the ACF equals the flipped MA’s (same autocorrelations), ψ is the plain recursion', () => {
    const r = armaAcf([0.5], [2], 10, { allowNonInvertible: true });
    const flipped = armaAcf([0.5], [0.5], 10);
    for (let k = 0; k <= 10; k++) {
      expect(Math.abs(r.acf[k] - flipped.acf[k])).toBeLessThan(1e-14);
      expect(Math.abs(r.pacf[k] - flipped.pacf[k])).toBeLessThan(1e-12);
    }
    expect(r.gamma0).toBeCloseTo(4 * flipped.gamma0, 12);
    expect(r.psi[1]).toBeCloseTo(2.5, 14); // ψ_1 = θ_1 + φ_1
  });

  it('with allowNonInvertible: the simulated path is e_t + 2 e_{t−1} of the same seeded innovations', () => {
    const e = armaSimulate([], [], 40, { seed: 9, burnIn: 0 });
    const x = armaSimulate([], [2], 40, { seed: 9, burnIn: 0, allowNonInvertible: true });
    expect(x[0]).toBe(e[0]);
    for (let t = 1; t < 40; t++) expect(Math.abs(x[t] - (e[t] + 2 * e[t - 1]))).toBeLessThan(1e-14);
  });
});
