import { describe, expect, it } from 'vitest';
import { checkExactSvdSize, EXACT_SVD_MAX_SIDE, PCA_DENSE_MAX_ELEMENTS } from './dataset-ops';

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
