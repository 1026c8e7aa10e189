import { describe, expect, it } from 'vitest';
import 'reflect-metadata';
import { validateBody } from '../validate';
import { validationProblem } from '../validation-problem.testutil';
import { FpGrowthJobParams } from './rec-mining.dto';
import { RulesRequest } from './rec.dto';

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

describe('FpGrowthJobParams: the support threshold', () => {
  // class-validator reports the last decorator's default first ("must not be greater than 1", "less than 5e-324")
  it.each([
    ['missing', {}],
    ['0', { minSupport: 0 }],
    ['negative', { minSupport: -0.1 }],
    ['above 1', { minSupport: 1.5 }],
    ['a string', { minSupport: '0.5' }],
  ])('minSupport %s: says it is a fraction in (0, 1] or that minCount can be given', (_, p) => {
    const e = validationProblem(FpGrowthJobParams, { dataset: 'd', ...p });
    expect(e.code).toBe('INVALID_ARGUMENT');
    expect(e.message).toContain('minSupport must be a fraction in (0, 1] (or give minCount)');
  });

  it('minCount 0: says it is a count ≥ 1', () => {
    expect(validationProblem(FpGrowthJobParams, { dataset: 'd', minCount: 0 }).message).toContain('minCount must be an integer ≥ 1');
  });
});

describe('RulesRequest: minConfidence', () => {
  it.each([
    ['missing', {}],
    ['above 1', { minConfidence: 1.2 }],
    ['negative', { minConfidence: -0.5 }],
  ])('%s: says it is a fraction in [0, 1]', (_, p) => {
    const e = validationProblem(RulesRequest, { result: 'r', ...p });
    expect(e.code).toBe('INVALID_ARGUMENT');
    expect(e.message).toContain('minConfidence must be a fraction in [0, 1]');
  });
});
