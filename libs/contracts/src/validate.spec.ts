import { describe, expect, it } from 'vitest';
import { ArmaAcfRequest, MatmulRequest, PredictRequest, RulesRequest, validateBody, ModelbusError, JobSubmissionDto, PerceptronTrainParams } from './index';
import { validationProblem } from './validation-problem.testutil';

const problem = validationProblem;

const m = (rows: number, cols: number, data: unknown[]) => ({ rows, cols, data });

describe('validateBody', () => {
  it('accepts a well-formed matmul request and returns a DTO instance', () => {
    const r = validateBody(MatmulRequest, { a: m(1, 2, [1, 2]), b: m(2, 1, [3, 4]) });
    expect(r).toBeInstanceOf(MatmulRequest);
    expect(r.a.data).toEqual([1, 2]);
  });

  it.each([
    ['missing field', MatmulRequest, { a: m(1, 1, [1]) }, 'b'],
    ['ragged matrix', MatmulRequest, { a: m(2, 2, [1, 2, 3]), b: m(2, 1, [1, 2]) }, 'a.data has 3 values'],
    ['non-finite (1e999 parses to Infinity)', MatmulRequest, JSON.parse('{"a":{"rows":1,"cols":1,"data":[1e999]},"b":{"rows":1,"cols":1,"data":[1]}}'), 'a.data[0] must be a finite number'],
    ['string in data', MatmulRequest, { a: m(1, 1, ['1']), b: m(1, 1, [1]) }, 'a.data[0]'],
    ['oversize shape', MatmulRequest, { a: m(1001, 1000, []), b: m(1, 1, [1]) }, 'a.data would hold rows*cols = 1001000 elements, more than the limit'],
    ['negative rows', MatmulRequest, { a: m(-1, 1, []), b: m(1, 1, [1]) }, 'a.rows'],
    ['rows as a string', MatmulRequest, { a: { rows: '2', cols: 1, data: [1, 2] }, b: m(1, 1, [1]) }, 'a.rows must be an integer in [0, 100000]'],
    ['Infinity named, not null', MatmulRequest, { a: m(1, 1, [Infinity]), b: m(1, 1, [1]) }, 'a.data[0] must be a finite number (got Infinity)'],
    ['nested rows instead of row-major data', MatmulRequest, { a: m(2, 2, [[1, 2], [3, 4]]), b: m(2, 1, [1, 2]) }, 'a.data must be a flat row-major array of numbers'],
    ['unknown field', MatmulRequest, { a: m(1, 1, [1]), b: m(1, 1, [1]), c: 1 }, 'c'],
    ['lags not integer', ArmaAcfRequest, { ar: [0.5], ma: [], lags: 2.5 }, 'lags'],
    ['lags too large', ArmaAcfRequest, { ar: [0.5], ma: [], lags: 1e7 }, 'lags'],
    ['ar null element', ArmaAcfRequest, { ar: [null], ma: [], lags: 3 }, 'ar[0]'],
    ['ragged inputs', PredictRequest, { model: 'x', inputs: [[1, 2], [3]] }, 'inputs[1] has 1 values'],
    ['bad model name', PredictRequest, { model: 'a b', inputs: [[1]] }, 'model'],
    ['confidence > 1', RulesRequest, { result: 'r', minConfidence: 1.5 }, 'minConfidence'],
    ['bad job id', JobSubmissionDto, { jobId: 'a.b', params: {} }, 'jobId'],
    ['epochs zero', PerceptronTrainParams, { dataset: 'd', labelColumn: 'label', epochs: 0, learningRate: 1, seed: 1 }, 'epochs'],
  ])('rejects %s with INVALID_ARGUMENT naming the field', (_name, cls, body, field) => {
    const e = problem(cls as never, body);
    expect(e).toBeInstanceOf(ModelbusError);
    expect(e.code).toBe('INVALID_ARGUMENT');
    expect(e.message).toContain(field);
  });

  it('rejects a body that is not an object', () => {
    expect(problem(MatmulRequest, [1, 2]).message).toContain('JSON object');
    expect(problem(MatmulRequest, null).code).toBe('INVALID_ARGUMENT');
  });

  it('lists every problem in details', () => {
    const e = problem(MatmulRequest, { a: m(1, 1, [NaN]), b: m(1, 1, [Infinity]) });
    const fields = (e.details as { fields: { field: string }[] }).fields.map((f) => f.field);
    expect(fields).toEqual(['a.data', 'b.data']);
  });
});
