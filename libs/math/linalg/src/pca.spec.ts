import { describe, expect, it } from 'vitest';
import { eigh } from './eigh';
import { InvalidArgumentError } from './errors';
import { pca, pcaInverseTransform, pcaTransform } from './pca';
import { EPS, expectBelow, mul, orthogonalityError, randomMatrix, seeded, transpose } from './testing/helpers';

describe('pca', () => {
  const x = randomMatrix(50, 5, seeded(11));
  for (let i = 0; i < 50; i++) {
    x.data[i * 5 + 1] = 3 * x.data[i * 5] + 0.1 * x.data[i * 5 + 1] + 4; // strong correlation, offset
  }

  it('explained variances equal the eigenvalues of the sample covariance (independent eigh path)', () => {
    const m = pca(x);
    const n = 50;
    const z = randomMatrix(50, 5, seeded(0));
    for (let i = 0; i < n; i++) for (let j = 0; j < 5; j++) z.data[i * 5 + j] = x.data[i * 5 + j] - m.mean[j];
    const cov = mul(transpose(z), z);
    for (let i = 0; i < 25; i++) cov.data[i] /= n - 1;
    for (let i = 0; i < 5; i++) for (let j = 0; j < i; j++) cov.data[j * 5 + i] = cov.data[i * 5 + j];
    const { values } = eigh(cov);
    // both backward stable; covariance entries O(10): 1e3·eps relative to the largest
    for (let c = 0; c < 5; c++) expectBelow(`λ_${c}`, Math.abs(m.explainedVariance[c] - values[4 - c]), 1e3 * EPS * values[4]);
    const sum = m.explainedVarianceRatio.reduce((s, v) => s + v, 0);
    expect(sum).toBeCloseTo(1, 12);
    expectBelow('components orthonormal', orthogonalityError(transpose(m.components)), 50 * EPS);
    for (let c = 0; c < 5; c++) {
      const row = Array.from(m.components.data.subarray(c * 5, c * 5 + 5));
      const big = row.reduce((b, v) => (Math.abs(v) > Math.abs(b) ? v : b), 0);
      expect(big).toBeGreaterThan(0);
    }
  });

  it('transform reproduces the fitted scores, full-rank inverse transform reproduces x', () => {
    const m = pca(x, { scale: true });
    const t = pcaTransform(m, x);
    expectBelow('scores', t.data.reduce((s, v, i) => Math.max(s, Math.abs(v - m.transformed.data[i])), 0), 1e3 * EPS);
    const back = pcaInverseTransform(m, t);
    expectBelow('reconstruction', back.data.reduce((s, v, i) => Math.max(s, Math.abs(v - x.data[i])), 0), 1e4 * EPS);
  });

  it('scale: true on columns of ~1e200 gives the same components and ratios as on the unscaled data (no overflow)', () => {
    const huge = { ...x, data: x.data.map((v, i) => v * (i % x.cols === 0 ? 1e200 : 1e150)) };
    const a = pca(x, { scale: true });
    const b = pca(huge, { scale: true });
    expect(Array.from(b.scale ?? [], (v, j) => v / (a.scale?.[j] ?? 1) / (j === 0 ? 1e200 : 1e150))).toEqual(Array.from(b.scale ?? [], () => expect.closeTo(1, 12)));
    expectBelow('components', b.components.data.reduce((m, v, i) => Math.max(m, Math.abs(v - a.components.data[i])), 0), 1e3 * EPS);
    expectBelow('ratios', b.explainedVarianceRatio.reduce((m, v, i) => Math.max(m, Math.abs(v - a.explainedVarianceRatio[i])), 0), 1e3 * EPS);
  });

  it('whitened scores have unit sample variance', () => {
    const m = pca(x, { k: 2, whiten: true });
    for (let c = 0; c < 2; c++) {
      let ss = 0;
      for (let i = 0; i < 50; i++) ss += m.transformed.data[i * 2 + c] ** 2;
      expect(ss / 49).toBeCloseTo(1, 10);
    }
  });

  it('tall data: scores z·V (no U formed) equal U·Σ of the full SVD path; rank-deficient whitening stays unit-variance', () => {
    // 400×60 takes the QR-first path; a repeated column makes σ_60 ≈ 0, so whitening falls back to U
    const big = randomMatrix(400, 60, seeded(12));
    for (let i = 0; i < 400; i++) big.data[i * 60 + 59] = big.data[i * 60 + 3];
    const plain = pca(big, { k: 5 });
    const w = pca(big, { whiten: true });
    for (let c = 0; c < 5; c++) {
      let ss = 0;
      let dot = 0;
      for (let i = 0; i < 400; i++) {
        ss += w.transformed.data[i * 60 + c] ** 2;
        dot += w.transformed.data[i * 60 + c] * plain.transformed.data[i * 5 + c];
      }
      expect(ss / 399).toBeCloseTo(1, 10);
      // the plain score column is √(n−1)·σ_c times the whitened one (same sign convention)
      expect(dot / (ss * Math.sqrt(plain.explainedVariance[c]))).toBeCloseTo(1, 10);
    }
    for (const v of w.transformed.data) expect(Number.isFinite(v)).toBe(true);
  });

  it('rejects k out of range naming k', () => {
    expect(() => pca(x, { k: 6 })).toThrow(InvalidArgumentError);
    expect(() => pca(x, { k: 0 })).toThrow(/^k /);
  });
});
