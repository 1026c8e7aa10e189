import { describe, expect, it } from 'vitest';
import { ModelbusError } from '@modelbus/contracts';
import type { FittedModel } from '@modelbus/math-timeseries';
import { batchSeries, batchSeriesList, type StoredBatchResult } from './batch-result';

const fitted = { kind: 'local-level', params: { sigma2Irregular: 1, sigma2Level: 1 } } as unknown as FittedModel;

const stored: StoredBatchResult = {
  format: 'modelbus.ts-fit-batch',
  version: 2,
  spec: { model: 'local-level' },
  series: [
    { id: 'a', n: 3, fitted, values: [1, null, 3] },
    { id: '17', n: 2, error: { code: 'INVALID_ARGUMENT', message: 'series "17" has 2 values, too few' } },
    { id: 'c', n: 2, fitted, values: [5, 6] },
  ],
};

const failure = (fn: () => unknown): ModelbusError => {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ModelbusError);
    return e as ModelbusError;
  }
  throw new Error('did not throw');
};

describe('batchSeries: a series of a ts-fit-batch result by id or index', () => {
  it('finds a series by id (a string, even one that looks like a number) and by 0-based index', () => {
    expect(batchSeries(stored, 'r', 'c', 'series')).toMatchObject({ index: 2, id: 'c', entry: { values: [5, 6] } });
    expect(batchSeries(stored, 'r', 0, 'series')).toMatchObject({ index: 0, id: 'a' });
    expect(batchSeriesList(stored, 'r', ['c', 0, 'a']).map((s) => s.index)).toEqual([2, 0, 0]);
  });

  it('an unknown id or an index past the end is INVALID_ARGUMENT naming the field', () => {
    const e = failure(() => batchSeries(stored, 'r', 'zz', 'series'));
    expect(e.code).toBe('INVALID_ARGUMENT');
    expect(e.message).toMatch(/^series "zz" is not a series_id of batch result "r" \(3 series: "a", "17", "c"/);
    const i = failure(() => batchSeries(stored, 'r', 3, 'series'));
    expect(i.code).toBe('INVALID_ARGUMENT');
    expect(i.message).toContain('series index 3 is past the end: batch result "r" has 3 series (indexes 0..2)');
    expect(failure(() => batchSeriesList(stored, 'r', ['a', 'zz'])).message).toMatch(/^series\[1\] "zz"/);
  });

  it('a series whose fit failed is FAILED_PRECONDITION with its error; so is a version 1 result without values', () => {
    for (const ref of ['17', 1] as const) {
      const e = failure(() => batchSeries(stored, 'r', ref, 'series'));
      expect(e.code).toBe('FAILED_PRECONDITION');
      expect(e.message).toBe('series "17" (index 1) of batch result "r" failed in the batch fit, so it has no model: INVALID_ARGUMENT: series "17" has 2 values, too few');
    }
    const v1: StoredBatchResult = { ...stored, version: 1, series: [{ id: 'a', n: 3, fitted }] };
    const e = failure(() => batchSeries(v1, 'old', 'a', 'series'));
    expect(e.code).toBe('FAILED_PRECONDITION');
    expect(e.message).toContain('re-run jobs.ts.fit-batch');
  });
});
