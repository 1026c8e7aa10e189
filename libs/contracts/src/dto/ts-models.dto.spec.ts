import { describe, expect, it } from 'vitest';
import 'reflect-metadata';
import { validateBody } from '../validate';
import { TsFitBatchParams, TsFitParams } from './ts-models.dto';
import { validationProblem } from '../validation-problem.testutil';

const problem = validationProblem;

const series = { values: [1, 2, 3, 4] };

describe('TsFitParams fixed / initialization', () => {
  it('accepts fixed parameters and a known initialisation', () => {
    const p = validateBody(TsFitParams, {
      model: 'local-level', series, fixed: { sigma2Irregular: 15099 }, initialization: 'known', initialState: [1100], initialCov: { rows: 1, cols: 1, data: [20000] },
    });
    expect(p.fixed).toEqual({ sigma2Irregular: 15099 });
    expect(p.initialCov?.data).toEqual([20000]);
    expect(validateBody(TsFitBatchParams, { model: 'arma', order: [1, 0], dataset: 'd', fixed: { ar1: 0.5 }, initialization: 'stationary' }).fixed).toEqual({ ar1: 0.5 });
  });

  it.each([
    ['a fixed value that is not a number', { fixed: { sigma2Level: '3' } }, 'fixed.sigma2Level must be a finite number'],
    ['a fixed array', { fixed: [1] }, 'fixed must be an object'],
    ['a fixed name with a dot', { fixed: { 'sigma2.level': 1 } }, 'fixed.sigma2.level'],
    ['an unknown initialization', { initialization: 'approximate' }, 'initialization must be one of diffuse, known, stationary'],
    ['known without a state', { initialization: 'known', initialCov: { rows: 1, cols: 1, data: [1] } }, 'initialState is required'],
    ['known without a covariance', { initialization: 'known', initialState: [1] }, 'initialCov is required'],
    ['a ragged covariance', { initialization: 'known', initialState: [1, 2], initialCov: { rows: 2, cols: 2, data: [1, 0, 1] } }, 'initialCov.data has 3 values'],
    ['a non-finite state', { initialization: 'known', initialState: [null], initialCov: { rows: 1, cols: 1, data: [1] } }, 'initialState[0]'],
  ])('rejects %s with INVALID_ARGUMENT naming the field', (_n, extra, text) => {
    const e = problem(TsFitParams, { model: 'local-level', series, ...extra });
    expect(e.code).toBe('INVALID_ARGUMENT');
    expect(e.message).toContain(text);
  });
});
