import { describe, expect, it } from 'vitest';
import { InvalidArgumentError, matrixFrom } from '@modelbus/math-linalg';
import { applyStandardizer, fitStandardizer } from './standardize';

describe('fitStandardizer / applyStandardizer', () => {
  it('uses the population std and maps constant columns to std 1', () => {
    // Column 0: 1,2,3,4 → mean 2.5, population variance 1.25 (hand computed). Column 1 constant 0.1.
    const x = matrixFrom(4, 2, [1, 0.1, 2, 0.1, 3, 0.1, 4, 0.1]);
    const s = fitStandardizer(x);
    expect(s.mean[0]).toBe(2.5);
    expect(s.std[0]).toBeCloseTo(Math.sqrt(1.25), 15);
    expect(s.std[1]).toBe(1);
    const z = applyStandardizer(x, s);
    // Standardised column: mean 0 and population variance 1 up to rounding (1e-12 is ~10^4 ulp).
    let m = 0, v = 0;
    for (let i = 0; i < 4; i++) m += z.data[2 * i];
    for (let i = 0; i < 4; i++) v += z.data[2 * i] ** 2;
    expect(Math.abs(m / 4)).toBeLessThan(1e-12);
    expect(Math.abs(v / 4 - 1)).toBeLessThan(1e-12);
    expect(x.data[0]).toBe(1); // input untouched
  });

  it('rejects non-finite input and width mismatch', () => {
    expect(() => fitStandardizer({ rows: 1, cols: 2, data: Float64Array.of(1, NaN) })).toThrow(InvalidArgumentError);
    const s = fitStandardizer(matrixFrom(2, 2, [1, 2, 3, 4]));
    expect(() => applyStandardizer(matrixFrom(1, 3, [1, 2, 3]), s)).toThrow(InvalidArgumentError);
  });
});
