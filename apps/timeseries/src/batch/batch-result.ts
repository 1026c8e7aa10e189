// The stored result of jobs.ts.fit-batch and how ts.forecast / ts.model.get address one of its series.
import { ModelbusError, type TsSeriesRef } from '@modelbus/contracts';
import type { FitSpec } from '../fit/fit-spec';
import type { SeriesFit } from '../workers/fit-ops';

export const BATCH_FORMAT = 'modelbus.ts-fit-batch';
/** 2: fitted series keep their values (1 had the fits only, so its series cannot be forecast). */
export const BATCH_VERSION = 2;

/** Stored result of a batch fit (object kind 'ts-fit-batch', JSON). */
export interface StoredBatchResult {
  format: typeof BATCH_FORMAT;
  version: 1 | 2;
  spec: FitSpec;
  /**
   * One entry per series, in order of first appearance in the dataset: its fitted model and (version 2) the values
   * it was fitted on, or its error.
   */
  series: SeriesFit[];
}

/** A batch series ready to forecast: its place, its model and its values. */
export interface BatchSeries {
  index: number;
  id: string;
  entry: SeriesFit & { fitted: NonNullable<SeriesFit['fitted']>; values: (number | null)[] };
}

const ids = new WeakMap<StoredBatchResult, Map<string, number>>();

/** id → index of the first series with that id (ids are unique in a long-format dataset). */
function indexOf(stored: StoredBatchResult): Map<string, number> {
  let m = ids.get(stored);
  if (!m) {
    m = new Map();
    for (let i = stored.series.length - 1; i >= 0; i--) m.set(stored.series[i].id, i);
    ids.set(stored, m);
  }
  return m;
}

/** INVALID_ARGUMENT naming `field`, with details shaped like validateBody's. */
export function invalidField(field: string, reason: string): ModelbusError {
  const message = `${field} ${reason}`;
  return new ModelbusError('INVALID_ARGUMENT', message, { fields: [{ field, problems: [message] }] });
}

/**
 * The series `ref` (a series_id, or a 0-based index) of batch result `name`, named `field` in errors:
 * INVALID_ARGUMENT for an unknown id or an index past the end, FAILED_PRECONDITION when its fit failed in the batch
 * or the result predates stored values (version 1).
 */
export function batchSeries(stored: StoredBatchResult, name: string, ref: TsSeriesRef, field: string): BatchSeries {
  const count = stored.series.length;
  let index: number;
  if (typeof ref === 'number') {
    if (ref >= count) throw invalidField(field, `index ${ref} is past the end: batch result "${name}" has ${count} series (indexes 0..${count - 1})`);
    index = ref;
  } else {
    const i = indexOf(stored).get(ref);
    if (i === undefined) {
      const some = stored.series.slice(0, 3).map((s) => JSON.stringify(s.id)).join(', ');
      throw invalidField(field, `${JSON.stringify(ref).slice(0, 200)} is not a series_id of batch result "${name}" (${count} series: ${some}${count > 3 ? ', …' : ''}; or give a 0-based index)`);
    }
    index = i;
  }
  const entry = stored.series[index];
  const what = `series ${JSON.stringify(entry.id)} (index ${index}) of batch result "${name}"`;
  if (!entry.fitted) {
    const e = entry.error;
    throw new ModelbusError('FAILED_PRECONDITION', `${what} failed in the batch fit, so it has no model: ${e ? `${e.code}: ${e.message}` : 'no fit stored'}`);
  }
  if (!entry.values) {
    throw new ModelbusError('FAILED_PRECONDITION', `${what} has no stored values (a version ${stored.version} result from before per-series forecasting): re-run jobs.ts.fit-batch to forecast it`);
  }
  return { index, id: entry.id, entry: entry as BatchSeries['entry'] };
}

/** The list form of `series` (ts.forecast): each entry resolved, errors naming series[i]. */
export function batchSeriesList(stored: StoredBatchResult, name: string, refs: TsSeriesRef[]): BatchSeries[] {
  return refs.map((r, i) => batchSeries(stored, name, r, `series[${i}]`));
}
