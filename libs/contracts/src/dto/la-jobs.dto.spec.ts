import 'reflect-metadata';
import { describe, expect, it } from 'vitest';
import { JOB_KINDS } from '../subjects';
import { validateBody } from '../validate';
import { EigshRequest, LstsqRequest, PcaRequest, QrRequest, SvdRequest } from './la-factor.dto';
import { LA_JOB_KINDS, LaPcaInverseTransformRequest, LaPcaJobParams, LaPcaTransformRequest, LaResultRequest, LaSvdJobParams } from './la-jobs.dto';
import { validationProblem } from '../validation-problem.testutil';

function problem(cls: new () => object, body: unknown): string {
  const e = validationProblem(cls, body);
  expect(e.code).toBe('INVALID_ARGUMENT');
  return e.message;
}
const a = { rows: 1, cols: 1, data: [1] };

describe('linear-algebra job and subject DTOs', () => {
  it('job kinds are listed for submission', () => {
    expect(JOB_KINDS.la).toEqual([LA_JOB_KINDS.svd, LA_JOB_KINDS.pca]);
  });

  it('accepts well-formed jobs.la.svd / jobs.la.pca params (dataset fields and PCA options inherited)', () => {
    expect(validateBody(LaSvdJobParams, { dataset: 'm.csv', format: 'csv', header: true, k: 5, method: 'randomized', oversample: 20, powerIterations: 6, seed: 1 })).toBeInstanceOf(LaSvdJobParams);
    const p = validateBody(LaPcaJobParams, { dataset: 'x', format: 'matrix-market', k: 2, center: false, scale: true, whiten: true, transform: true });
    expect(p).toMatchObject({ dataset: 'x', k: 2, scale: true });
  });

  it.each([
    [LaSvdJobParams, { dataset: 'a b' }, 'dataset must be an object name'],
    [LaSvdJobParams, {}, 'dataset'],
    [LaSvdJobParams, { dataset: 'x', format: 'xlsx' }, 'format'],
    [LaSvdJobParams, { dataset: 'x', k: 0 }, 'k'],
    [LaSvdJobParams, { dataset: 'x', method: 'lanczos' }, 'method'],
    [LaSvdJobParams, { dataset: 'x', oversample: -1 }, 'oversample'],
    [LaSvdJobParams, { dataset: 'x', extra: 1 }, 'extra'],
    [LaPcaJobParams, { dataset: 'x', k: 1.5 }, 'k'],
    [LaPcaJobParams, { dataset: 'x', whiten: 'yes' }, 'whiten'],
    [LaResultRequest, { result: 'r', part: 'u v' }, 'part'],
    [LaResultRequest, { result: 'r', rowLimit: 0 }, 'rowLimit'],
    [QrRequest, { a, pivoting: true, tolerance: 1 }, 'tolerance'],
    [QrRequest, { a, pivoting: 'yes' }, 'pivoting'],
    [SvdRequest, { a, full: 'yes' }, 'full'],
    [LaPcaTransformRequest, { result: 'la-pca-1' }, 'x should not be null'],
    [LaPcaTransformRequest, { result: 'a b', x: a }, 'result must be the result object name of a jobs.la.pca job'],
    [LaPcaTransformRequest, { result: 'r', x: { rows: 1, cols: 2, data: [1] } }, 'x.data has 1 values'],
    [LaPcaInverseTransformRequest, { result: 'r' }, 'scores should not be null'],
    [EigshRequest, { a }, 'k'],
    [EigshRequest, { a, k: 1, which: 'middle' }, 'which'],
  ])('%o rejects %j naming %s', (cls, body, field) => {
    expect(problem(cls as never, body)).toContain(field);
  });

  // class-validator reports whichever constraint fails last: a string k read "k must not be greater than 100000"
  const b = { rows: 1, cols: 1, data: [1] };
  it.each([
    [SvdRequest, { a, k: '1' }, 'k must be an integer in [1, 100000] (and at most min(rows, cols) of a)'],
    [SvdRequest, { a, k: 0 }, 'k must be an integer in [1, 100000] (and at most min(rows, cols) of a)'],
    [PcaRequest, { x: a, k: 'all' }, 'k must be an integer in [1, 100000] (and at most min(rows, cols) of the data)'],
    [EigshRequest, { a, k: null }, 'k must be an integer in [1, 100000] (and at most the rows of a)'],
    [EigshRequest, { a, k: 1, seed: '7' }, 'seed must be an integer in [0, 4294967295]'],
    [EigshRequest, { a, k: 1, tolerance: 'tight' }, 'tolerance must be a number in [1e-15, 0.1]'],
    [QrRequest, { a, tolerance: '1e-3' }, 'tolerance must be a number in [0, 0.999999]'],
    [LstsqRequest, { a, b, ridge: '0.1' }, 'ridge must be a finite number ≥ 0'],
    [LstsqRequest, { a, b, ridge: -1 }, 'ridge must be a finite number ≥ 0'],
    [LaSvdJobParams, { dataset: 'x', k: '5' }, 'k must be an integer in [1, 1000000] (and at most min(rows, cols) of the dataset)'],
    [LaSvdJobParams, { dataset: 'x', oversample: '10' }, 'oversample must be an integer in [0, 1000]'],
    [LaSvdJobParams, { dataset: 'x', powerIterations: 1.5 }, 'powerIterations must be an integer in [0, 100]'],
    [LaSvdJobParams, { dataset: 'x', seed: -1 }, 'seed must be an integer in [0, 4294967295]'],
    [LaPcaJobParams, { dataset: 'x', k: '2' }, 'k must be an integer in [1, 100000] (and at most min(rows, cols) of the data)'],
    [LaResultRequest, { result: 'r', rowOffset: '5' }, 'rowOffset must be an integer ≥ 0'],
    [LaResultRequest, { result: 'r', rowLimit: '5' }, 'rowLimit must be an integer ≥ 1'],
  ])('%o rejects %j with the one message "%s"', (cls, body, message) => {
    expect(problem(cls as never, body)).toBe(`invalid request: ${message}`);
  });
});
