import { describe, expect, it } from 'vitest';
import 'reflect-metadata';
import { validateBody } from '../validate';
import { ArmaAcfRequest } from './ts.dto';
import { ArmaSimulateRequest, SampleAcfRequest, TsFitBatchParams, TsFitParams, TsForecastRequest, TsModelGetRequest } from './ts-models.dto';
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

describe('one message per field for all its constraints (a missing value does not read as "must not be greater than")', () => {
  it.each([
    ['fit: level 1', TsFitParams, { model: 'local-level', series, level: 1 }, 'level must be a number strictly between 0 and 1'],
    ['fit: level 0', TsFitParams, { model: 'local-level', series, level: 0 }, 'level must be a number strictly between 0 and 1'],
    ['forecast: no horizon', TsForecastRequest, { model: 'm' }, 'horizon must be an integer in [1, 10000]'],
    ['forecast: horizon 0', TsForecastRequest, { model: 'm', horizon: 0 }, 'horizon must be an integer in [1, 10000]'],
    ['forecast: level "x"', TsForecastRequest, { model: 'm', horizon: 2, level: 'x' }, 'level must be a number strictly between 0 and 1'],
    ['forecast: seed -1', TsForecastRequest, { model: 'm', horizon: 2, seed: -1 }, 'seed must be an integer in [0, 4294967295]'],
    ['simulate: no seed', ArmaSimulateRequest, { ar: [0.5], ma: [], n: 5 }, 'seed must be an integer in [0, 4294967295]'],
    ['simulate: no n', ArmaSimulateRequest, { ar: [0.5], ma: [], seed: 1 }, 'n must be an integer in [1, 40000]'],
    ['simulate: n 1.5', ArmaSimulateRequest, { ar: [0.5], ma: [], n: 1.5, seed: 1 }, 'n must be an integer in [1, 40000]'],
    ['simulate: sigma2 0', ArmaSimulateRequest, { ar: [0.5], ma: [], n: 5, seed: 1, sigma2: 0 }, 'sigma2 must be a finite number > 0'],
    ['simulate: burnIn -1', ArmaSimulateRequest, { ar: [0.5], ma: [], n: 5, seed: 1, burnIn: -1 }, 'burnIn must be an integer in [0, 1000000]'],
    ['arma acf: no lags', ArmaAcfRequest, { ar: [0.5], ma: [] }, 'lags must be an integer in [0, 10000]'],
    ['arma acf: lags "3"', ArmaAcfRequest, { ar: [0.5], ma: [], lags: '3' }, 'lags must be an integer in [0, 10000]'],
    ['sample acf: no lags', SampleAcfRequest, { values: [1, 2, 3] }, 'lags must be an integer in [0, 5000]'],
    ['fit: period "x"', TsFitParams, { model: 'bsm', dataset: 'd', period: 'x' }, 'period must be an integer in [2, 100000]'],
    ['fit: series.period "x"', TsFitParams, { model: 'bsm', series: { values: [1, 2], period: 'x' } }, 'series.period must be an integer in [2, 50000]'],
    ['fit: order ["x", 1]', TsFitParams, { model: 'arma', series, order: ['x', 1] }, 'order must be [p, q] with integers p, q in [0, 10]'],
    ['fit: order [1, 11]', TsFitParams, { model: 'arma', series, order: [1, 11] }, 'order must be [p, q] with integers p, q in [0, 10]'],
    ['batch: chunkSize "x"', TsFitBatchParams, { model: 'arma', dataset: 'd', chunkSize: 'x' }, 'chunkSize must be an integer in [1, 100000]'],
  ])('%s', (_n, cls, body, text) => {
    const e = problem(cls as never, body);
    expect(e.code).toBe('INVALID_ARGUMENT');
    expect(e.message).toContain(text);
  });
});

describe('series of a batch result (ts.forecast, ts.model.get)', () => {
  it('accepts a series_id, a 0-based index and (ts.forecast) a list of them', () => {
    expect(validateBody(TsForecastRequest, { model: 'm', horizon: 3, series: '1001' }).series).toBe('1001');
    expect(validateBody(TsForecastRequest, { model: 'm', horizon: 3, series: 0 }).series).toBe(0);
    expect(validateBody(TsForecastRequest, { model: 'm', horizon: 100, series: ['a', 2] }).series).toEqual(['a', 2]);
    expect(validateBody(TsModelGetRequest, { model: 'm', series: 'a' }).series).toBe('a');
    expect(validateBody(ArmaAcfRequest, { ar: [], ma: [2], lags: 3, allowNonInvertible: true }).allowNonInvertible).toBe(true);
  });

  it.each([
    ['a negative index', TsForecastRequest, { model: 'm', horizon: 3, series: -1 }, 'series must be a series_id (string) or a 0-based index (integer ≥ 0), got -1'],
    ['a fractional index', TsForecastRequest, { model: 'm', horizon: 3, series: 1.5 }, 'got 1.5'],
    ['an empty id', TsForecastRequest, { model: 'm', horizon: 3, series: '' }, 'series must be a series_id of 1 to 1000 characters'],
    ['an object', TsForecastRequest, { model: 'm', horizon: 3, series: { id: 'a' } }, 'series must be a series_id (string) or a 0-based index'],
    ['an empty list', TsForecastRequest, { model: 'm', horizon: 3, series: [] }, 'series must list 1 to 100 series, got 0'],
    ['a list of 101', TsForecastRequest, { model: 'm', horizon: 1, series: Array.from({ length: 101 }, (_, i) => i) }, 'series must list 1 to 100 series, got 101'],
    ['a bad entry', TsForecastRequest, { model: 'm', horizon: 3, series: ['a', null] }, 'series[1] must be a series_id'],
    ['entries × horizon over the reply cap', TsForecastRequest, { model: 'm', horizon: 5001, series: ['a', 'b'] }, '2 series × horizon 5001 = 10002 forecast steps, more than the limit of 10000'],
    ['a list on ts.model.get', TsModelGetRequest, { model: 'm', series: ['a'] }, 'series must be one series_id (string) or 0-based index'],
    ['allowNonInvertible "yes"', ArmaSimulateRequest, { ar: [], ma: [2], n: 3, seed: 1, allowNonInvertible: 'yes' }, 'allowNonInvertible must be true or false'],
  ])('rejects %s with INVALID_ARGUMENT naming series', (_n, cls, body, text) => {
    const e = problem(cls as never, body);
    expect(e.code).toBe('INVALID_ARGUMENT');
    expect(e.message).toContain(text);
  });
});
