import type { FittedModel } from '@modelbus/math-timeseries';
import type { TsFitModel } from '@modelbus/contracts';

/** The model part of jobs.ts.fit / jobs.ts.fit-batch params: what to fit, without the data. */
export interface FitSpec {
  model: TsFitModel;
  period?: number;
  order?: [number, number];
  includeMean?: boolean;
  seasonal?: 'dummy' | 'trig';
  ets?: { error: 'A' | 'M'; trend: 'N' | 'A' | 'Ad'; season: 'N' | 'A' | 'M'; damped?: boolean };
  /** Parameters held fixed, by the fitted model's param names. */
  fixed?: Record<string, number>;
  initialization?: 'diffuse' | 'known' | 'stationary';
  /** With initialization 'known': a_1 and P_1 (row-major, rows = cols = number of states; ARMA: of the de-meaned Harvey state). */
  initialState?: number[];
  initialCov?: { rows: number; cols: number; data: number[] };
}

/** How the job's inputs are named in error messages ("series.values[3] ..." or "dataset "x" column "y"[3] ..."). */
export interface FieldNames {
  values: string;
  period: string;
}

/** One candidate of an automatic selection (ARMA orders or ETS components). */
export interface SelectionCandidate {
  spec: Record<string, unknown>;
  loglik: number;
  aicc: number | null;
  converged: boolean;
}

/** What a fit produces: the winning model, and the candidates when it was selected automatically. */
export interface FitOutcome {
  fitted: FittedModel;
  selection?: { criterion: 'aicc'; candidates: SelectionCandidate[] };
}

/**
 * A stored time-series model (object kind 'ts-model', JSON): the fitted model and the series it was
 * fitted on (null = missing), which forecasting filters through to reach the end of the sample.
 */
export interface StoredTsModel {
  format: 'modelbus.ts-model';
  version: 1;
  fitted: FittedModel;
  series: (number | null)[];
  start?: string;
  /** Default interval level of ts.forecast. */
  level: number;
  source: { series?: true; dataset?: string; column?: string };
  selection?: FitOutcome['selection'];
}

export const TS_MODEL_FORMAT = 'modelbus.ts-model';

/** JSON number arrays: NaN (missing) becomes null explicitly. */
export function toJsonSeries(values: ArrayLike<number>): (number | null)[] {
  const out = new Array<number | null>(values.length);
  for (let i = 0; i < values.length; i++) out[i] = Number.isNaN(values[i]) ? null : values[i];
  return out;
}

/** JSON series (null = missing) to a Float64Array with NaN for missing. */
export function fromJsonSeries(values: ArrayLike<number | null>): Float64Array {
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = values[i] === null ? NaN : (values[i] as number);
  return out;
}
