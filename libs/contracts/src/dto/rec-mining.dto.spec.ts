import { describe, expect, it } from 'vitest';
import 'reflect-metadata';
import { validateBody } from '../validate';
import { validationProblem } from '../validation-problem.testutil';
import { FpGrowthJobParams } from './rec-mining.dto';

describe('FpGrowthJobParams', () => {
  it('takes header with the long format', () => {
    expect(() => validateBody(FpGrowthJobParams as never, { dataset: 'd', minSupport: 0.5, format: 'long', header: true })).not.toThrow();
  });

  it.each([undefined, 'fimi', 'csv-baskets'])('refuses header with format %s, naming it', (format) => {
    const e = validationProblem(FpGrowthJobParams, { dataset: 'd', minSupport: 0.5, format, header: true });
    expect(e.code).toBe('INVALID_ARGUMENT');
    expect(e.message).toContain('header applies only with format long');
  });
});
