import { InvalidArgumentError } from '@modelbus/math-linalg';
import { describe, expect, it } from 'vitest';
import { armaAcf } from './arma-acf';
import { armaFilter } from './arma-filter';
import { armaSimulate } from './arma-simulate';
import { sampleAcf } from './sample-acf';
import ref from './__fixtures__/arma_theoretical_statsmodels.json';

type Proc = { phi: number[]; theta: number[]; filter_from_given_shocks_zero_init: number[]; gamma0_over_sigma2: number };
const processes = ref.processes as unknown as Record<string, Proc>;

describe('armaFilter', () => {
  it('reproduces the reference shock sequence definition', () => {
    // e_t = ((t·7919) mod 1000)/1000 − 0.5, t = 1..50 (as stated in the file)
    for (let t = 1; t <= 50; t++) expect(ref.shocks[t - 1]).toBeCloseTo(((t * 7919) % 1000) / 1000 - 0.5, 14);
  });
  for (const [name, p] of Object.entries(processes)) {
    it(`${name}: filter output matches statsmodels to 1e-12`, () => {
      // pure recursions on O(1) numbers: peers agree to rounding, 1e-12 absolute is generous
      const x = armaFilter(p.phi, p.theta, ref.shocks);
      const want = p.filter_from_given_shocks_zero_init;
      for (let t = 0; t < want.length; t++) expect(Math.abs(x[t] - want[t])).toBeLessThan(1e-12);
    });
  }
});

describe('armaSimulate', () => {
  it('is reproducible from the seed and differs across seeds', () => {
    const a = armaSimulate([0.5], [0.3], 50, { seed: 7 });
    const b = armaSimulate([0.5], [0.3], 50, { seed: 7 });
    const c = armaSimulate([0.5], [0.3], 50, { seed: 8 });
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(Array.from(a)).not.toEqual(Array.from(c));
    expect(a.length).toBe(50);
  });

  it('equals armaFilter on the same innovations once burn-in is accounted for', () => {
    const withBurn = armaSimulate([0.6], [], 20, { seed: 3, burnIn: 5 });
    const all = armaSimulate([0.6], [], 25, { seed: 3, burnIn: 0 });
    for (let t = 0; t < 20; t++) expect(withBurn[t]).toBeCloseTo(all[t + 5], 14);
  });

  for (const [name, p] of Object.entries(processes)) {
    it(`${name}: long simulation has the theoretical variance and ACF`, () => {
      const n = 200_000;
      const sigma2 = 2.5;
      const x = armaSimulate(p.phi, p.theta, n, { seed: 12345, sigma2 });
      const theo = armaAcf(p.phi, p.theta, 10);
      const emp = sampleAcf(x, 10).values;
      // Bartlett: sd(ρ̂_k) ≈ sqrt((1 + 2Σρ²)/n) ≤ ~0.006 here; 0.03 is ≥ 5 sd
      for (let k = 1; k <= 10; k++) expect(Math.abs(emp[k] - theo.acf[k])).toBeLessThan(0.03);
      let m = 0;
      let v = 0;
      for (const xi of x) m += xi;
      m /= n;
      for (const xi of x) v += (xi - m) ** 2;
      v /= n;
      // relative sd of the sample variance ≈ sqrt(2(1+2Σρ²)/n) ≲ 0.01; allow 6%
      expect(Math.abs(v / (sigma2 * p.gamma0_over_sigma2) - 1)).toBeLessThan(0.06);
    });
  }

  it('validates inputs', () => {
    expect(() => armaSimulate([1.1], [], 10, { seed: 1 })).toThrow(/ar is not stationary/);
    expect(() => armaSimulate([0.5], [], -1, { seed: 1 })).toThrow(InvalidArgumentError);
    expect(() => armaSimulate([0.5], [], 10, { seed: 1.5 })).toThrow(/seed/);
    expect(() => armaSimulate([0.5], [], 10, { seed: 1, sigma2: 0 })).toThrow(/sigma2/);
    expect(() => armaSimulate([0.5], [], 10, undefined as never)).toThrow(/seed/);
  });
});
