// Model fitting inside a worker thread: one series (jobs.ts.fit) or a chunk of series (jobs.ts.fit-batch).
import { InvalidArgumentError } from '@modelbus/math-linalg';
import { fitArma, fitEts, fitStructural, forecastFitted, selectArma, selectEts, type EtsSpec, type FittedModel, type IntervalForecast } from '@modelbus/math-timeseries';
import type { OpContext } from '@modelbus/platform/worker';
import type { FieldNames, FitOutcome, FitSpec } from '../fit/fit-spec';
import { parseLongCsv, parseSeriesCsv, type LongSeries } from './series-csv';

/** Known-initialisation fields of the math (knownInit) and their names in the job params. */
const RENAMES: Record<string, string> = { 'initialization.state': 'initialState', 'initialization.cov': 'initialCov' };

/**
 * The math names its input `y` (`input`); the caller's names are `series.values`, the dataset column or (quick calls)
 * `values`.
 */
export function renamed<T>(names: FieldNames, f: () => T, input = 'y'): T {
  try {
    return f();
  } catch (err) {
    const e = err as InvalidArgumentError;
    if (e?.name !== 'InvalidArgumentError' || typeof e.field !== 'string') throw err;
    const m = new RegExp(`^${input}(\\[\\d+\\])?$`).exec(e.field);
    const field = m ? names.values + (m[1] ?? '') : e.field === 'period' ? names.period : (RENAMES[e.field] ?? null);
    if (field === null) throw err;
    throw new InvalidArgumentError(field, e.message.slice(e.field.length + 1));
  }
}

function etsSpecOf(spec: FitSpec, period: number | undefined, names: FieldNames): EtsSpec {
  const c = spec.ets as NonNullable<FitSpec['ets']>;
  let trend = c.trend;
  if (c.damped) {
    if (trend === 'N') throw new InvalidArgumentError('ets.damped', "needs a trend (ets.trend 'A')");
    trend = 'Ad';
  }
  if (c.season !== 'N' && period === undefined) throw new InvalidArgumentError(names.period, `is required for a seasonal ETS model (ets.season '${c.season}')`);
  return { error: c.error, trend, season: c.season, ...(c.season !== 'N' ? { period } : {}) };
}

/**
 * A constant series (≥ 2 observed values, all equal) has an unbounded likelihood for every model here: the variances
 * go to 0 and the loglik to +∞, so an optimiser would stop at some tiny variance and report it as an optimum (the
 * local level did, "converged"). With a fixed parameter the fit is left to the model (a fixed variance bounds it).
 */
function refuseConstant(y: Float64Array, names: FieldNames): void {
  let first = NaN;
  let observed = 0;
  for (const v of y) {
    if (Number.isNaN(v)) continue;
    if (observed++ === 0) first = v;
    else if (v !== first) return;
  }
  if (observed >= 2) {
    throw new InvalidArgumentError(names.values, `is constant (all ${observed} observed values are ${first}): the likelihood grows without bound as the variances go to 0, so there is no estimate (fix a variance in \`fixed\` to evaluate a model on it)`);
  }
}

/** Fits one series (NaN = missing) with the spec; model-specific problems come back as INVALID_ARGUMENT naming the field. */
export function fitSeries(y: Float64Array, spec: FitSpec, names: FieldNames): FitOutcome {
  const n = y.length;
  const period = spec.period;
  if (period !== undefined && period > n / 2) throw new InvalidArgumentError(names.period, `must be ≤ n/2 = ${n / 2} for a series of ${n} values, got ${period}`);
  if (!spec.fixed || Object.keys(spec.fixed).length === 0) refuseConstant(y, names);
  const missingAt = y.findIndex((v) => Number.isNaN(v));
  const needComplete = (what: string) => {
    if (missingAt >= 0) throw new InvalidArgumentError(`${names.values}[${missingAt}]`, `is missing, but ${what} needs a complete series (missing values are accepted by local-level, local-linear-trend, bsm and arma)`);
  };
  const mean = spec.includeMean;
  const fixed = spec.fixed;
  const known = spec.initialization === 'known' ? { state: spec.initialState ?? [], cov: spec.initialCov?.data ?? [] } : undefined;
  const structural = { fixed, known };
  return renamed(names, (): FitOutcome => {
    switch (spec.model) {
      case 'local-level':
        return { fitted: fitStructural(y, { trend: 'level' }, structural) };
      case 'local-linear-trend':
        return { fitted: fitStructural(y, { trend: 'trend' }, structural) };
      case 'bsm':
        if (period === undefined) throw new InvalidArgumentError(names.period, 'is required for model bsm');
        return { fitted: fitStructural(y, { trend: 'trend', period, seasonal: spec.seasonal ?? 'dummy' }, structural) };
      case 'arma':
        if (spec.order) return { fitted: fitArma(y, spec.order[0], spec.order[1], { includeMean: mean, fixed, known }) };
        return armaSelection(y, mean);
      case 'ets':
        needComplete('ETS');
        if (spec.ets) return { fitted: fitEts(y, etsSpecOf(spec, period, names), { fixed, initialState: known?.state }) };
        return etsSelection(y, period);
      case 'auto':
        return missingAt >= 0 ? armaSelection(y, mean) : etsSelection(y, period);
      default:
        throw new InvalidArgumentError('model', `unknown model '${String(spec.model)}'`);
    }
  });
}

const finiteOrNull = (v: number) => (Number.isFinite(v) ? v : null);

function armaSelection(y: Float64Array, includeMean?: boolean): FitOutcome {
  const r = selectArma(y, { includeMean, criterion: 'aicc' });
  const candidates = r.candidates.map((c) => ({ spec: { p: c.p, q: c.q }, loglik: c.loglik, aicc: finiteOrNull(c.aicc), converged: c.converged }));
  return { fitted: r.best, selection: { criterion: 'aicc', candidates } };
}

function etsSelection(y: Float64Array, period?: number): FitOutcome {
  const r = selectEts(y, period);
  const candidates = r.candidates.map((c) => ({ spec: { ...c.spec }, loglik: c.loglik, aicc: finiteOrNull(c.aicc), converged: c.converged }));
  return { fitted: r.best, selection: { criterion: 'aicc', candidates } };
}

export interface FitArgs {
  /** Inline series (NaN = missing) or dataset bytes. */
  values?: Float64Array;
  dataset?: { name: string; bytes: Uint8Array; column?: string };
  spec: FitSpec;
  names: FieldNames;
}

/** jobs.ts.fit: reads the dataset if given, fits, and returns the fit with the series it used. */
export function tsFitOp(args: FitArgs, ctx: OpContext): FitOutcome & { values: Float64Array } {
  const values = args.values ?? parseSeriesCsv(args.dataset!.bytes, args.dataset!.name, args.dataset!.column);
  ctx.progress(0.1, `fitting ${args.spec.model} to ${values.length} values`);
  const out = fitSeries(values, args.spec, args.names);
  ctx.progress(1, `fitted ${out.fitted.kind}`);
  return { ...out, values };
}

export interface ForecastArgs {
  fitted: FittedModel;
  values: Float64Array;
  horizon: number;
  level: number;
  seed: number;
}

export const tsForecastOp = (a: ForecastArgs): IntervalForecast => forecastFitted(a.fitted, a.values, a.horizon, a.level, a.seed);

/** ts.forecast with a list of batch series: one task for all of them. */
export const tsForecastManyOp = (a: { items: ForecastArgs[] }): IntervalForecast[] => a.items.map(tsForecastOp);

/** jobs.ts.fit-batch step 1: parse the long-format dataset. */
export const tsParseLongOp = (a: { name: string; bytes: Uint8Array }): LongSeries => parseLongCsv(a.bytes, a.name);

export interface ChunkArgs {
  ids: string[];
  offsets: Int32Array;
  values: Float64Array;
  spec: FitSpec;
}

/** One series' outcome in a batch: the fit, or the error that stopped it. */
export interface SeriesFit {
  id: string;
  n: number;
  fitted?: FittedModel;
  error?: { code: string; message: string };
  /** The fitted series (null = missing), added by the job before storing (version 2 results). */
  values?: (number | null)[];
}

/** jobs.ts.fit-batch step 2: fits a chunk of series one after the other, progress per series. */
export function tsFitChunkOp(a: ChunkArgs, ctx: OpContext): { fits: SeriesFit[] } {
  const fits: SeriesFit[] = [];
  for (let i = 0; i < a.ids.length; i++) {
    const y = a.values.subarray(a.offsets[i], a.offsets[i + 1]);
    const names = { values: `series "${a.ids[i]}"`, period: 'period' };
    try {
      fits.push({ id: a.ids[i], n: y.length, fitted: fitSeries(y, a.spec, names).fitted });
    } catch (err) {
      const e = err as Error;
      const code = e?.name === 'InvalidArgumentError' || e?.name === 'RangeError' ? 'INVALID_ARGUMENT' : e?.name === 'FailedPreconditionError' ? 'FAILED_PRECONDITION' : 'INTERNAL';
      fits.push({ id: a.ids[i], n: y.length, error: { code, message: e?.message ?? String(err) } });
    }
    ctx.progress((i + 1) / a.ids.length, `${i + 1}/${a.ids.length}`);
  }
  return { fits };
}
