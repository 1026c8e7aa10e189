import { describe, expect, it } from 'vitest';
import { normalQuantile } from './normal-quantile';

describe('normalQuantile', () => {
  it('matches tabulated quantiles (R qnorm, printed to 16 digits) to 1e-14 relative', () => {
    const cases: Array<[number, number]> = [
      [0.975, 1.959963984540054],
      [0.995, 2.575829303548901],
      [0.9, 1.2815515655446004],
      [0.8, 0.8416212335729143],
      [1e-10, -6.361340902404056],
      [0.5, 0],
    ];
    for (const [p, z] of cases) expect(Math.abs(normalQuantile(p) - z)).toBeLessThanOrEqual(1e-14 * Math.max(1, Math.abs(z)));
  });
  it('is odd about 1/2 and rejects non-probabilities', () => {
    for (const p of [0.01, 0.2, 0.4]) expect(normalQuantile(p)).toBeCloseTo(-normalQuantile(1 - p), 14);
    expect(normalQuantile(0)).toBe(-Infinity);
    expect(() => normalQuantile(1.5)).toThrow(/p/);
    expect(() => normalQuantile(NaN)).toThrow(/p/);
  });
});
