import { InvalidArgumentError } from '@modelbus/math-linalg';
import { describe, expect, it } from 'vitest';
import { Rng } from '@modelbus/math-stats';
import { sampleAcf, sampleCorrelations, samplePacf } from './sample-acf';

/** Independent PACF: solve the k×k Yule–Walker (Toeplitz) system by Gaussian elimination; φ_kk is the last entry. */
function pacfBySolve(rho: Float64Array, k: number): number {
  const a = Array.from({ length: k }, (_, i) => Array.from({ length: k }, (_, j) => rho[Math.abs(i - j)]));
  const b = Array.from({ length: k }, (_, i) => rho[i + 1]);
  for (let c = 0; c < k; c++) {
    let piv = c;
    for (let r = c + 1; r < k; r++) if (Math.abs(a[r][c]) > Math.abs(a[piv][c])) piv = r;
    [a[c], a[piv]] = [a[piv], a[c]];
    [b[c], b[piv]] = [b[piv], b[c]];
    for (let r = c + 1; r < k; r++) {
      const f = a[r][c] / a[c][c];
      for (let j = c; j < k; j++) a[r][j] -= f * a[c][j];
      b[r] -= f * b[c];
    }
  }
  const x = new Array<number>(k).fill(0);
  for (let r = k - 1; r >= 0; r--) {
    let s = b[r];
    for (let j = r + 1; j < k; j++) s -= a[r][j] * x[j];
    x[r] = s / a[r][r];
  }
  return x[k - 1];
}

describe('sampleAcf / samplePacf', () => {
  const x = [1, 3, 2, 5, 4, 6, 8, 7, 9, 12, 10, 11];

  it('matches a hand-computed biased ACF and the ±1.96/√n band', () => {
    // x̄ = 6.5; deviations d; γ̂_1 = Σ d_t d_{t+1} / n, ρ̂_1 = γ̂_1/γ̂_0 (n cancels)
    const d = x.map((v) => v - 6.5);
    const g0 = d.reduce((s, v) => s + v * v, 0);
    let g1 = 0;
    for (let t = 0; t + 1 < d.length; t++) g1 += d[t] * d[t + 1];
    const r = sampleAcf(x, 3);
    expect(r.values[0]).toBe(1);
    expect(r.values[1]).toBeCloseTo(g1 / g0, 14);
    expect(r.band).toBeCloseTo(1.96 / Math.sqrt(12), 15);
  });

  it('PACF equals the last Yule–Walker coefficient solved directly (1e-12)', () => {
    const acf = sampleAcf(x, 6).values;
    const pacf = samplePacf(x, 6).values;
    expect(pacf[0]).toBe(1);
    expect(pacf[1]).toBeCloseTo(acf[1], 15);
    for (let k = 2; k <= 6; k++) expect(Math.abs(pacf[k] - pacfBySolve(acf, k))).toBeLessThan(1e-12);
  });

  it('FFT route equals the direct sums (1e-12) for random data', () => {
    const rng = new Rng(9);
    const y = new Float64Array(3001);
    for (let i = 0; i < y.length; i++) y[i] = rng.normal() + (i % 7) * 0.3;
    const direct = sampleCorrelations(y, 150);
    const fft = sampleCorrelations(y, 150, true);
    // FFT rounding is O(ε log n) relative to ρ_0 = 1
    for (let k = 0; k <= 150; k++) expect(Math.abs(direct[k] - fft[k])).toBeLessThan(1e-12);
    expect(Math.abs(direct[7] - fft[7])).toBeLessThan(1e-12);
  });

  it('validates', () => {
    expect(() => sampleAcf([0.1, 0.1, 0.1], 1)).toThrow(/constant/);
    expect(() => sampleAcf([1, 1, 1], 1)).toThrow(/constant/);
    expect(() => sampleAcf([1, 2, 3], 3)).toThrow(InvalidArgumentError);
    expect(() => sampleAcf([1, NaN, 3], 1)).toThrow(/x\[1\]/);
    expect(() => samplePacf([1], 0)).toThrow(/x/);
  });
});
