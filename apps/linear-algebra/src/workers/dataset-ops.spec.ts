import { describe, expect, it } from 'vitest';
import { checkExactSvdSize, checkRandomizedSvdSize, EXACT_SVD_MAX_SIDE, PCA_DENSE_MAX_ELEMENTS } from './dataset-ops';

describe('checkExactSvdSize', () => {
  it('accepts tall data with a short side at the limit', () => {
    expect(() => checkExactSvdSize(10_000, EXACT_SVD_MAX_SIDE, 'd')).not.toThrow();
  });
  it('refuses a shorter side past the limit, naming method and pointing to randomized', () => {
    expect(() => checkExactSvdSize(EXACT_SVD_MAX_SIDE + 1, EXACT_SVD_MAX_SIDE + 1, 'd')).toThrow(/method.*use method randomized/);
  });
  it('refuses more dense elements than the limit', () => {
    expect(() => checkExactSvdSize(PCA_DENSE_MAX_ELEMENTS + 1, 1, 'd')).toThrow(/elements/);
  });
});

describe('checkRandomizedSvdSize', () => {
  // the randomized SVD keeps dense (rows + cols)·l blocks, l = min(k + oversample, min(rows, cols))
  it('accepts (rows + cols)·l at the limit', () => {
    expect(() => checkRandomizedSvdSize(PCA_DENSE_MAX_ELEMENTS / 20 - 20, 20, 10, 10, 'd')).not.toThrow();
    expect(() => checkRandomizedSvdSize(PCA_DENSE_MAX_ELEMENTS / 20 - 19, 20, 10, 10, 'd')).toThrow(/limit/);
  });
  it('refuses more, naming k and oversample and the dense size', () => {
    expect(() => checkRandomizedSvdSize(3_000_000, 20, 10, 10, 'dataset "s"')).toThrow(
      /k randomized SVD of dataset "s" \(3000000x20\) with k \+ oversample = 20 keeps dense blocks of \(rows \+ cols\)·20 = 60000400 elements, more than the limit of 50000000: lower k or oversample/,
    );
    // l is capped at min(rows, cols)
    expect(() => checkRandomizedSvdSize(60_000_000, 3, 1, 10, 'd')).toThrow(/k \+ oversample = 3 keeps dense blocks of \(rows \+ cols\)·3 = 180000009 elements/);
  });
});
