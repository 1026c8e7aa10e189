import { Type } from 'class-transformer';
import {
  ArrayMaxSize, ArrayMinSize, IsBoolean, IsDefined, IsIn, IsInt, IsNumber, IsOptional, IsString, Matches, Max, Min, ValidateIf, ValidateNested,
  registerDecorator, type ValidationArguments, type ValidationOptions,
} from 'class-validator';
import { LIMITS } from '../limits';
import { OBJECT_NAME_PATTERN } from '../subjects';
import { IsFiniteArray, NotWith } from '../validators';
import { MatrixDto } from './matrix.dto';

/**
 * Subjects of the time-series service beyond `ts.arma.acf` (which lives in SUBJECTS).
 * Size: a request and its reply each travel in one NATS message, 1 MiB by default (max_payload).
 * A JSON number takes up to ~24 bytes, so the quick calls cap their lengths (TS_LIMITS) to keep
 * replies under that; longer series go through `jobs.ts.fit` on a dataset.
 */
export const TS_SUBJECTS = {
  tsArmaSimulate: 'ts.arma.simulate',
  tsAcf: 'ts.acf',
  tsKalmanFilter: 'ts.kalman.filter',
  tsKalmanSmooth: 'ts.kalman.smooth',
  tsModelGet: 'ts.model.get',
  tsForecast: 'ts.forecast',
} as const;

/** Job kinds of the time-series service: `jobs.ts.fit`, `jobs.ts.fit-batch`. */
export const TS_JOB_KINDS = { fit: 'fit', fitBatch: 'fit-batch' } as const;

/** Object kinds in MODELBUS_MODELS written by the time-series service. */
export const TS_MODEL_KIND = 'ts-model';
export const TS_BATCH_KIND = 'ts-fit-batch';

export const TS_LIMITS = {
  /** Values of an inline series in `jobs.ts.fit` (the job message itself is bounded by max_payload). */
  seriesLength: 100_000,
  /** `ts.arma.simulate` n: one value per reply number (~24 bytes each) stays under 1 MiB. */
  simulateLength: 40_000,
  /** `ts.acf` input length and lags (three arrays of lags + 1 in the reply). */
  acfLength: 40_000,
  acfLags: 5_000,
  /** `ts.kalman.filter` / `ts.kalman.smooth` series length: the reply carries 6 arrays of n. */
  kalmanLength: 5_000,
  /** `ts.forecast` horizon: the reply carries 4 arrays of horizon numbers (≤ ~960 KB). */
  horizon: 10_000,
  /** Series of a `jobs.ts.fit-batch` result in one `ts.forecast` / `ts.model.get` (list form of `series`). */
  forecastSeries: 100,
  /** Longest series_id `series` can name. */
  seriesId: 1_000,
  /** Largest AR or MA order of a fit. */
  fitOrder: 10,
  /** Length of initialState (a bsm has period + 1 states). */
  initialStates: 1_001,
} as const;

export const TS_FIT_MODELS = ['local-level', 'local-linear-trend', 'bsm', 'arma', 'ets', 'auto'] as const;
export type TsFitModel = (typeof TS_FIT_MODELS)[number];

/** First index that is neither a finite number nor (allowMissing) null, or -1. */
export function firstBadValue(values: unknown[], allowMissing: boolean): number {
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === null && allowMissing) continue;
    if (typeof v !== 'number' || !Number.isFinite(v)) return i;
  }
  return -1;
}

/** A property decorator from a function that names the problem of a value (null = valid; the whole object at hand); the problem is the message. */
export function byProblem<O = object>(name: string, problem: (v: unknown, property: string, object: O) => string | null, options?: ValidationOptions) {
  return (object: object, propertyName: string) =>
    registerDecorator({
      name,
      target: object.constructor,
      propertyName,
      options,
      validator: {
        validate: (value: unknown, args: ValidationArguments) => problem(value, args.property, args.object as O) === null,
        defaultMessage: (args: ValidationArguments) => problem(args.value, args.property, args.object as O) ?? '',
      },
    });
}

/**
 * A non-empty series of at most maxLength values: finite numbers, and with allowMissing `null`
 * for a missing observation (the only place a missing value is accepted; the Kalman filter
 * predicts through it). The message names the first bad index.
 */
export function IsSeriesValues(maxLength: number, allowMissing: boolean, options?: ValidationOptions) {
  const problem = (v: unknown, property: string): string | null => {
    if (!Array.isArray(v)) return `${property} must be an array of numbers${allowMissing ? ' (null = missing)' : ''}`;
    if (v.length === 0) return `${property} must not be empty`;
    if (v.length > maxLength) return `${property} has ${v.length} values, more than the limit of ${maxLength}`;
    const i = firstBadValue(v, allowMissing);
    if (i < 0) return null;
    const got = JSON.stringify(v[i]) ?? String(v[i]);
    return `${property}[${i}] must be a finite number${allowMissing ? ' or null (missing)' : ''} (got ${got})`;
  };
  return byProblem('isSeriesValues', problem, options);
}

// One message per field for all its constraints: class-validator reports whichever fails last, so a missing seed
// would otherwise read "seed must not be greater than 4294967295".
const LEVEL_MESSAGE = { message: 'level must be a number strictly between 0 and 1 (e.g. 0.95)' };
const HORIZON_MESSAGE = { message: `horizon must be an integer in [1, ${TS_LIMITS.horizon}]` };
const SEED_MESSAGE = { message: 'seed must be an integer in [0, 4294967295]' };
const SIMULATE_N_MESSAGE = { message: `n must be an integer in [1, ${TS_LIMITS.simulateLength}]` };
const SIGMA2_MESSAGE = { message: 'sigma2 must be a finite number > 0' };
const BURN_IN_MESSAGE = { message: 'burnIn must be an integer in [0, 1000000]' };
const SERIES_PERIOD_MESSAGE = { message: `period must be an integer in [2, ${TS_LIMITS.seriesLength / 2}]` };
const PERIOD_MESSAGE = { message: `period must be an integer in [2, ${TS_LIMITS.seriesLength}]` };
const ORDER_MESSAGE = { message: `order must be [p, q] with integers p, q in [0, ${TS_LIMITS.fitOrder}]` };
const ORDER_EACH_MESSAGE = { each: true, ...ORDER_MESSAGE };
const CHUNK_SIZE_MESSAGE = { message: 'chunkSize must be an integer in [1, 100000]' };
const ACF_LAGS_MESSAGE = { message: `lags must be an integer in [0, ${TS_LIMITS.acfLags}] (and ≤ n − 1)` };

/** A series `{ values, start?, period? }`; values may hold null (missing) — see TsFitParams for which models accept it. */
export class SeriesDto {
  @IsDefined() @IsSeriesValues(TS_LIMITS.seriesLength, true)
  values!: (number | null)[];

  /** Seasonal period (observations per cycle), 2 ≤ period ≤ n/2; required for bsm and seasonal ETS. */
  @IsOptional() @IsInt(SERIES_PERIOD_MESSAGE) @Min(2, SERIES_PERIOD_MESSAGE) @Max(TS_LIMITS.seriesLength / 2, SERIES_PERIOD_MESSAGE)
  period?: number;

  /** Free label of the first observation (a date, a year); stored, not interpreted. */
  @IsOptional() @IsString() @Matches(/^.{0,100}$/, { message: 'start must be at most 100 characters' })
  start?: string;
}

/** At most this many entries in `fixed` (more than any model has parameters). */
const FIXED_MAX = 64;

/**
 * `{ name: number }` with at most maxKeys entries, names of letters and digits, values finite
 * numbers. Whether a name belongs to the model is checked by the fit (it depends on the model).
 */
export function IsNumberRecord(maxKeys: number, options?: ValidationOptions) {
  const problem = (v: unknown, property: string): string | null => {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return `${property} must be an object { parameterName: number }`;
    const entries = Object.entries(v as Record<string, unknown>);
    if (entries.length > maxKeys) return `${property} has ${entries.length} entries, more than the limit of ${maxKeys}`;
    for (const [k, x] of entries) {
      if (!/^[A-Za-z][A-Za-z0-9]{0,39}$/.test(k)) return `${property}.${k.slice(0, 40)}: a parameter name is letters and digits (as in the fitted model's params)`;
      if (typeof x !== 'number' || !Number.isFinite(x)) return `${property}.${k} must be a finite number (got ${JSON.stringify(x) ?? String(x)})`;
    }
    return null;
  };
  return byProblem('isNumberRecord', problem, options);
}

export const TS_INITIALIZATIONS = ['diffuse', 'known', 'stationary'] as const;
export type TsInitialization = (typeof TS_INITIALIZATIONS)[number];

/** ETS components in the innovations form of Hyndman et al. (2008). */
export class EtsComponentsDto {
  @IsIn(['A', 'M']) error!: 'A' | 'M';
  /** 'Ad' is the damped additive trend (same as trend 'A' with damped: true). */
  @IsIn(['N', 'A', 'Ad']) trend!: 'N' | 'A' | 'Ad';
  @IsIn(['N', 'A', 'M']) season!: 'N' | 'A' | 'M';
  @IsOptional() @IsBoolean() damped?: boolean;
}

/** The model specification shared by `jobs.ts.fit` and `jobs.ts.fit-batch`. */
export class TsModelOptions {
  @IsIn(TS_FIT_MODELS as unknown as string[], { message: `model must be one of ${TS_FIT_MODELS.join(', ')}` })
  model!: TsFitModel;

  /** Seasonal period for a dataset (an inline series carries it as series.period). */
  @IsOptional() @IsInt(PERIOD_MESSAGE) @Min(2, PERIOD_MESSAGE) @Max(TS_LIMITS.seriesLength, PERIOD_MESSAGE)
  period?: number;

  /** ARMA orders [p, q], each 0..10. */
  @IsOptional() @ArrayMinSize(2, ORDER_MESSAGE) @ArrayMaxSize(2, ORDER_MESSAGE)
  @IsInt(ORDER_EACH_MESSAGE) @Min(0, ORDER_EACH_MESSAGE) @Max(TS_LIMITS.fitOrder, ORDER_EACH_MESSAGE)
  order?: [number, number];

  /** ARMA: estimate a mean (default true). */
  @IsOptional() @IsBoolean()
  includeMean?: boolean;

  /** bsm seasonal form (default 'dummy'). */
  @IsOptional() @IsIn(['dummy', 'trig'])
  seasonal?: 'dummy' | 'trig';

  @IsOptional() @ValidateNested() @Type(() => EtsComponentsDto)
  ets?: EtsComponentsDto;

  /**
   * Parameters held at given values instead of estimated, by the names the fitted model reports in
   * `params`, e.g. `{ "sigma2Irregular": 15099 }`:
   * - local-level / local-linear-trend / bsm: sigma2Irregular, sigma2Level, sigma2Slope, sigma2Seasonal (variances ≥ 0);
   * - arma: ar1..arp, ma1..maq, mean, sigma2 (> 0). Fixed AR coefficients must be stationary and fixed MA
   *   ones invertible (INVALID_ARGUMENT otherwise); with only some AR (or MA) coefficients fixed, the free
   *   ones are searched inside the stationary (invertible) region;
   * - ets: alpha, beta, gamma, phi, inside 0 < α < 1, 0 < β < α, 0 < γ < 1 − α, 0 < φ ≤ 1.
   * Only the free parameters are optimised and counted in nParams / AIC / BIC; with every parameter
   * fixed the fit just evaluates the likelihood. An unknown name is INVALID_ARGUMENT listing the valid
   * ones. Needs a fully specified model (not `auto`, arma with `order`, ets with `ets`).
   */
  @IsOptional() @IsNumberRecord(FIXED_MAX)
  fixed?: Record<string, number>;

  /**
   * Initial state α_1 of the state space form: 'diffuse' (exact diffuse, the default of the structural
   * models), 'known' (structural models: α_1 ~ N(initialState, initialCov), no diffuse part, so the
   * loglik is the ordinary Gaussian one and nDiffuse = 0) or 'stationary' (arma's default: the
   * unconditional distribution, from the Lyapunov equation). arma with an order also takes 'known'
   * (initialState and initialCov of its state, see initialState; σ² is then estimated directly, not
   * concentrated out, since P_1 is not scaled by it; nParams unchanged). ETS estimates its
   * initial states with the smoothing parameters by default, or takes 'known' with initialState only
   * (no initialCov: its states are deterministic given the data), and then estimates only the
   * smoothing parameters (and φ), the only ones counted in nParams.
   */
  @IsOptional() @IsIn(TS_INITIALIZATIONS as unknown as string[], { message: `initialization must be one of ${TS_INITIALIZATIONS.join(', ')}` })
  initialization?: TsInitialization;

  /**
   * With initialization 'known': a_1, one value per state in the order level, [slope], seasonal states
   * (dummy: γ_t, γ_{t−1}, …, γ_{t−s+2}; trig: γ_1, γ*_1, γ_2, γ*_2, … by harmonic). ETS: level l_0,
   * [trend b_0], then all m seasonal states newest first s_0, s_{−1}, …, s_{−m+1} (t = 1 is the first
   * observation and uses s_{−m+1}); = statsmodels ETSModel's initial_level, initial_trend and
   * initial_seasonal reversed (statsmodels lists it oldest first). Multiplicative components need
   * positive states (level and multiplicative seasonal states). arma(p, q): r = max(p, q + 1) values of
   * the Harvey state of the de-meaned process x_t = y_t − mean (y_t itself without a mean):
   * α_1[0] = x_1 and, for i ≥ 1, α_1[i] = Σ_{k=i}^{r−1} (ar_{k+1} x_{−k+i} + ma_k e_{1−k+i})
   * (ar_k = 0 for k > p, ma_k = 0 for k > q) — statsmodels SARIMAX(order=(p, 0, q), trend='n')'s state;
   * with trend='c' SARIMAX's state is of y, i.e. ours + d with d[i] = mean·Σ_{k>i} ar_k (d[0] = mean).
   */
  @ValidateIf((o: TsModelOptions) => o.initialization === 'known' || o.initialState !== undefined)
  @IsDefined({ message: "initialState is required with initialization 'known'" }) @IsFiniteArray(TS_LIMITS.initialStates)
  initialState?: number[];

  /** With initialization 'known' (structural models and arma, not ETS): P_1, symmetric positive semidefinite, states × states, `{ rows, cols, data }` row-major. */
  @ValidateIf((o: TsModelOptions) => (o.initialization === 'known' && o.model !== 'ets') || o.initialCov !== undefined)
  @IsDefined({ message: "initialCov is required with initialization 'known' (except for ets)" }) @ValidateNested() @Type(() => MatrixDto)
  initialCov?: MatrixDto;
}

/**
 * Params of `jobs.ts.fit` (state → `model`, an object of kind 'ts-model' that keeps the fitted
 * model and the series, so `ts.forecast` can continue from the end of the sample).
 *
 * - model: 'local-level' | 'local-linear-trend' | 'bsm' (exact-diffuse Kalman MLE of the variances),
 *   'arma' (exact Gaussian MLE; without `order`, orders ≤ (3, 3) chosen by AICc), 'ets' (without
 *   `ets`, automatic AICc selection like R's forecast::ets), 'auto' (ETS selection on a complete
 *   series, ARMA order selection when values are missing).
 * - exactly one of `series` (inline) and `dataset` (a CSV in MODELBUS_DATASETS: one numeric column,
 *   or a header row and the column named by `column`; an empty cell or NA is missing).
 * - Missing values (null / empty cell) are accepted by local-level, local-linear-trend, bsm and arma
 *   only; ETS needs a complete series, and multiplicative ETS components need positive data.
 * - period: series.period, or `period` with a dataset; needed by bsm and seasonal ETS.
 */
export class TsFitParams extends TsModelOptions {
  @ValidateIf((o: TsFitParams) => o.series !== undefined || o.dataset === undefined)
  @IsDefined({ message: 'series: give either series or dataset' }) @ValidateNested() @Type(() => SeriesDto)
  series?: SeriesDto;

  @IsOptional() @IsString() @Matches(OBJECT_NAME_PATTERN, { message: 'dataset must be an object name of letters, digits, ".", "_" or "-"' }) @NotWith('series')
  dataset?: string;

  /** With a dataset that has a header row: the column to fit (default: the only column). */
  @IsOptional() @IsString() @Matches(/^.{1,200}$/, { message: 'column must be a column name of 1 to 200 characters' })
  column?: string;

  /** Default interval level of `ts.forecast` with this model (default 0.95). */
  @IsOptional() @IsNumber({ allowNaN: false, allowInfinity: false }, LEVEL_MESSAGE) @Min(Number.MIN_VALUE, LEVEL_MESSAGE) @Max(1 - Number.EPSILON, LEVEL_MESSAGE)
  level?: number;
}

/**
 * Params of `jobs.ts.fit-batch` (state → `result`, an object of kind 'ts-fit-batch').
 * The dataset is in long format: rows `series_id,value` (an optional header row whose second
 * field is not a number; an empty value or NA is missing), rows of one series in time order,
 * series in order of first appearance. Every series is fitted with the same model spec (the
 * TsModelOptions fields, as in jobs.ts.fit); the fits fan out over the worker pool. The result keeps each fitted
 * series' values with its model, so `ts.forecast` and `ts.model.get` take the result with `series` (an id or index).
 */
export class TsFitBatchParams extends TsModelOptions {
  @IsString() @Matches(OBJECT_NAME_PATTERN, { message: 'dataset must be an object name of letters, digits, ".", "_" or "-"' })
  dataset!: string;

  /** Series per pool task (default: chosen so every thread gets several tasks). */
  @IsOptional() @IsInt(CHUNK_SIZE_MESSAGE) @Min(1, CHUNK_SIZE_MESSAGE) @Max(100_000, CHUNK_SIZE_MESSAGE)
  chunkSize?: number;
}

/**
 * A series of a `jobs.ts.fit-batch` result (kind 'ts-fit-batch'): a string is a series_id of the dataset, a number a
 * 0-based index in dataset order (the result's `series` list; ids that look like numbers are still strings: "1001").
 */
export type TsSeriesRef = string | number;

function seriesRefProblem(v: unknown, property: string): string | null {
  if (typeof v === 'string') return v.length >= 1 && v.length <= TS_LIMITS.seriesId ? null : `${property} must be a series_id of 1 to ${TS_LIMITS.seriesId} characters`;
  if (typeof v === 'number') return Number.isInteger(v) && v >= 0 ? null : `${property} must be a series_id (string) or a 0-based index (integer ≥ 0), got ${v}`;
  return `${property} must be a series_id (string) or a 0-based index (integer ≥ 0)${Array.isArray(v) ? '' : `, got ${JSON.stringify(v) ?? String(v)}`}`;
}

/** `series` of ts.forecast / ts.model.get: one reference, or (allowList) a list of 1..forecastSeries references. */
function seriesProblem(allowList: boolean) {
  return (v: unknown, property: string, o: { horizon?: unknown }): string | null => {
    if (!Array.isArray(v)) return seriesRefProblem(v, property);
    if (!allowList) return `${property} must be one series_id (string) or 0-based index (integer ≥ 0)`;
    if (v.length === 0 || v.length > TS_LIMITS.forecastSeries) return `${property} must list 1 to ${TS_LIMITS.forecastSeries} series, got ${v.length}`;
    for (let i = 0; i < v.length; i++) {
      const why = seriesRefProblem(v[i], `${property}[${i}]`);
      if (why) return why;
    }
    // the reply carries 4 arrays of horizon numbers per series: the same cap as one forecast's horizon
    if (typeof o.horizon === 'number' && v.length * o.horizon > TS_LIMITS.horizon) {
      return `${property} lists ${v.length} series × horizon ${o.horizon} = ${v.length * o.horizon} forecast steps, more than the limit of ${TS_LIMITS.horizon} per reply`;
    }
    return null;
  };
}

/** `ts.model.get`: a stored ts-model, or with `series` one series of a ts-fit-batch result. */
export class TsModelGetRequest {
  @IsString() @Matches(OBJECT_NAME_PATTERN, { message: 'model must be a model object name' })
  model!: string;

  /** With a ts-fit-batch result: the series (series_id or 0-based index); the reply is its model, plus `series` and `index`. */
  @IsOptional() @byProblem('tsSeriesRef', seriesProblem(false))
  series?: TsSeriesRef;
}

/**
 * Reply of `ts.model.get`. loglik is the full Gaussian one with all constants (exact-diffuse for
 * structural models, exact for ARMA, innovations for ETS); AIC/BIC count every estimated parameter
 * (nParams: variances, coefficients, mean, smoothing parameters, initial states incl. the diffuse
 * ones) — `note` says so.
 */
export interface TsModelReply {
  kind: string;
  params: Record<string, number>;
  loglik: number;
  aic: number;
  bic: number;
  converged: boolean;
  nobs: number;
  aicc: number | null;
  nParams: number;
  nDiffuse: number;
  iterations: number;
  spec: Record<string, unknown>;
  note: string;
  /** With `series` (a batch result): the series' id and 0-based index. */
  series?: string;
  index?: number;
}

/**
 * `ts.forecast`: h steps past the end of the fitted series. `model` is a ts-model (from `jobs.ts.fit`), or a
 * ts-fit-batch result (from `jobs.ts.fit-batch`) with `series` naming which of its series:
 * - `series: "sku-17"` (a series_id) or `series: 3` (0-based index in dataset order) → the usual reply
 *   `{ mean, se, lower, upper }` plus `series` (the id) and `index`;
 * - `series: ["sku-17", 3, …]` (1..100 entries, entries × horizon ≤ 10,000) → `{ forecasts: [{ series, index, mean,
 *   se, lower, upper }] }` in the order asked.
 * Each is the forecast `jobs.ts.fit` of that series alone would give (the batch keeps every fitted series' values).
 * A batch result without `series`, `series` on a ts-model, an unknown series_id or an index past the end:
 * INVALID_ARGUMENT naming `series` (`series[i]` in a list). A series whose fit failed in the batch:
 * FAILED_PRECONDITION with its error. Any such problem fails the whole request.
 */
export class TsForecastRequest {
  @IsString() @Matches(OBJECT_NAME_PATTERN, { message: 'model must be a model object name' })
  model!: string;

  /** With a ts-fit-batch result: which series (series_id string or 0-based index), or a list of them. */
  @IsOptional() @byProblem('tsSeriesRefs', seriesProblem(true))
  series?: TsSeriesRef | TsSeriesRef[];

  @IsInt(HORIZON_MESSAGE) @Min(1, HORIZON_MESSAGE) @Max(TS_LIMITS.horizon, HORIZON_MESSAGE)
  horizon!: number;

  /** Interval level in (0, 1); default the model's (0.95). */
  @IsOptional() @IsNumber({ allowNaN: false, allowInfinity: false }, LEVEL_MESSAGE) @Min(Number.MIN_VALUE, LEVEL_MESSAGE) @Max(1 - Number.EPSILON, LEVEL_MESSAGE)
  level?: number;

  /** Seed of the simulated intervals of non-linear (multiplicative) ETS models (default 1). */
  @IsOptional() @IsInt(SEED_MESSAGE) @Min(0, SEED_MESSAGE) @Max(2 ** 32 - 1, SEED_MESSAGE)
  seed?: number;
}

export interface TsForecastReply {
  mean: number[];
  se: number[];
  lower: number[];
  upper: number[];
  /** With `series` (a batch result): the series' id and 0-based index. */
  series?: string;
  index?: number;
}

/** Reply of `ts.forecast` with a list of batch series. */
export interface TsForecastManyReply {
  forecasts: (TsForecastReply & { series: string; index: number })[];
}

/**
 * `ts.arma.simulate`: n values of a stationary, invertible ARMA process, N(0, sigma2) innovations. A non-stationary
 * AR part is INVALID_ARGUMENT naming `ar`; a non-invertible MA part INVALID_ARGUMENT naming `ma` (with the smallest
 * root modulus and the invertible MA with the same ACF) unless allowNonInvertible.
 */
export class ArmaSimulateRequest {
  @IsDefined() @IsFiniteArray(LIMITS.armaOrder)
  ar!: number[];

  @IsDefined() @IsFiniteArray(LIMITS.armaOrder)
  ma!: number[];

  /** At most TS_LIMITS.simulateLength (40,000) so the reply fits NATS' 1 MiB default. */
  @IsInt(SIMULATE_N_MESSAGE) @Min(1, SIMULATE_N_MESSAGE) @Max(TS_LIMITS.simulateLength, SIMULATE_N_MESSAGE)
  n!: number;

  @IsInt(SEED_MESSAGE) @Min(0, SEED_MESSAGE) @Max(2 ** 32 - 1, SEED_MESSAGE)
  seed!: number;

  @IsOptional() @IsNumber({ allowNaN: false, allowInfinity: false }, SIGMA2_MESSAGE) @Min(Number.MIN_VALUE, SIGMA2_MESSAGE)
  sigma2?: number;

  /** Discarded warm-up steps (default: until the ψ-weights decay below 1e-10). */
  @IsOptional() @IsInt(BURN_IN_MESSAGE) @Min(0, BURN_IN_MESSAGE) @Max(1_000_000, BURN_IN_MESSAGE)
  burnIn?: number;

  /** Simulate a non-invertible MA as given (default false): x_t = e_t + θ₁e_{t−1} + … with the given θ. */
  @IsOptional() @IsBoolean({ message: 'allowNonInvertible must be true or false' })
  allowNonInvertible?: boolean;
}

export interface ArmaSimulateReply {
  values: number[];
}

/** `ts.acf`: sample ACF and PACF (lag 0 first) and the ±1.96/√n white-noise band. */
export class SampleAcfRequest {
  /** A complete series of 2..40,000 finite numbers. */
  @IsDefined() @IsSeriesValues(TS_LIMITS.acfLength, false)
  values!: number[];

  /** 0 ≤ lags ≤ min(5,000, n − 1). */
  @IsInt(ACF_LAGS_MESSAGE) @Min(0, ACF_LAGS_MESSAGE) @Max(TS_LIMITS.acfLags, ACF_LAGS_MESSAGE)
  lags!: number;
}

export interface SampleAcfReply {
  acf: number[];
  pacf: number[];
  band: number;
}

// ts.kalman.filter / ts.kalman.smooth request and replies: ts-kalman.dto.ts
