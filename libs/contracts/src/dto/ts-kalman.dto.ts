import { Type } from 'class-transformer';
import { IsArray, IsBoolean, IsIn, IsInt, IsNumber, IsOptional, Max, Min, ValidateIf, ValidateNested } from 'class-validator';
import { IsFiniteArray } from '../validators';
import { MatrixDto } from './matrix.dto';
import { TS_LIMITS, byProblem as byProblemOf, firstBadValue } from './ts-models.dto';

const byProblem = byProblemOf<KalmanRequest>;

/**
 * Limits of `ts.kalman.filter` / `ts.kalman.smooth` with a general model (besides n ≤ TS_LIMITS.kalmanLength).
 * n·m² bounds the work and the covariance arrays; the reply must still fit in one NATS message (1 MiB
 * max_payload): about 40,000 JSON numbers. Full covariances carry 2·n·m² numbers (filter), so e.g. n = 1,000
 * with m = 4 needs `covariances: 'diagonal'` (or 'none'); a reply over max_payload answers RESOURCE_EXHAUSTED.
 */
export const KALMAN_LIMITS = {
  /** n·m², the elements of one n × m × m covariance array. */
  stateElements: 1_000_000,
  /** States m, observations per time p, state disturbances r. */
  states: 100,
  observations: 100,
  disturbances: 100,
  /**
   * `simulate` on ts.kalman.smooth: draws per call, and the numbers drawn, draws·n·m (simulatedStates), or
   * draws·n·(m + p + r) with `disturbances` (plus the disturbance draws): ~40,000 fit in a reply.
   */
  simulationDraws: 100,
  simulatedElements: 40_000,
} as const;

export const KALMAN_INIT_KINDS = ['diffuse', 'known', 'stationary'] as const;
export type KalmanInitKind = (typeof KALMAN_INIT_KINDS)[number];
/** Covariances in the reply: full m × m (r × r, p × p) matrices per time, their diagonals only, or none. */
export const KALMAN_COVARIANCES = ['full', 'diagonal', 'none'] as const;
export type KalmanCovariances = (typeof KALMAN_COVARIANCES)[number];

/** A system matrix: one `{ rows, cols, data }` (time-invariant) or an array of them, one per time point (time-varying). */
export type SystemMatrixDto = MatrixDto | MatrixDto[];

const SYSTEM = ['Z', 'H', 'T', 'R', 'Q'] as const;
type SystemName = (typeof SYSTEM)[number];
const asList = (x: SystemMatrixDto): MatrixDto[] => (Array.isArray(x) ? x : [x]);
const isObj = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

/** A matrix that has rows, cols and data of the right length (details are reported by MatrixDto's own rules). */
function wellFormed(x: unknown): x is MatrixDto {
  return isObj(x) && Number.isInteger(x.rows) && Number.isInteger(x.cols) && Array.isArray(x.data) && x.data.length === (x.rows as number) * (x.cols as number);
}

/** The dimensions p, m, r read from Z and R (first matrix), or null while they are not well formed. */
export function kalmanDims(model: KalmanModelDto | undefined): { p: number; m: number; r: number } | null {
  if (!isObj(model)) return null;
  const z = Array.isArray(model.Z) ? model.Z[0] : model.Z;
  const r = Array.isArray(model.R) ? model.R[0] : model.R;
  if (!wellFormed(z) || !wellFormed(r)) return null;
  return { p: z.rows, m: z.cols, r: r.cols };
}

/** (i, j) of the first asymmetric pair (relative 1e-10, as the library) or a negative diagonal, or null. */
function symmetryProblem(x: MatrixDto): string | null {
  const k = x.rows;
  for (let i = 0; i < k; i++) {
    if (x.data[i * k + i] < 0) return `has a negative diagonal element at (${i},${i}): ${x.data[i * k + i]}`;
    for (let j = 0; j < i; j++) {
      const u = x.data[i * k + j];
      const v = x.data[j * k + i];
      if (Math.abs(u - v) > 1e-10 * (Math.abs(u) + Math.abs(v) + 1e-300)) return `must be symmetric: element (${i},${j}) = ${u} but (${j},${i}) = ${v}`;
    }
  }
  return null;
}

/** Observation count n of a well-formed values array, else 0. */
const countOf = (values: unknown): number => (Array.isArray(values) ? values.length : 0);

function modelProblem(model: unknown, _property: string, req: KalmanRequest): string | null {
  if (req.sigma2Eps !== undefined || req.sigma2Eta !== undefined) return 'model: give either model (general form) or sigma2Eps and sigma2Eta (local level form), not both';
  if (!isObj(model)) return null; // reported by ValidateNested
  const n = countOf(req.values);
  for (const name of SYSTEM) {
    const x = model[name];
    if (x === undefined || x === null) return `model.${name} is required`;
    if (Array.isArray(x)) {
      if (x.length === 0) return `model.${name} must be a matrix or a non-empty array of matrices`;
      if (x.length !== 1 && n > 0 && x.length !== n) return `model.${name} has ${x.length} matrices: give one matrix (time-invariant) or one per time point (n = ${n})`;
    }
    if (!asList(x as SystemMatrixDto).every(wellFormed)) return null; // reported by MatrixDto's rules
  }
  const dims = kalmanDims(model as unknown as KalmanModelDto) as { p: number; m: number; r: number };
  const { p, m, r } = dims;
  if (p < 1 || m < 1) return `model.Z must be p×m with p, m ≥ 1, got ${p}×${m}`;
  if (p > KALMAN_LIMITS.observations) return `model.Z has p = ${p} rows, more than the limit of ${KALMAN_LIMITS.observations}`;
  if (m > KALMAN_LIMITS.states) return `model.Z has m = ${m} columns (states), more than the limit of ${KALMAN_LIMITS.states}`;
  if (r > KALMAN_LIMITS.disturbances) return `model.R has r = ${r} columns, more than the limit of ${KALMAN_LIMITS.disturbances}`;
  if (n * m * m > KALMAN_LIMITS.stateElements) {
    return `model: n·m² = ${n}·${m}² = ${n * m * m} exceeds the limit of ${KALMAN_LIMITS.stateElements} for a quick call (shorten values or use fewer states)`;
  }
  const shapes: Record<SystemName, [number, number, string]> = { Z: [p, m, 'p×m'], H: [p, p, 'p×p'], T: [m, m, 'm×m'], R: [m, r, 'm×r'], Q: [r, r, 'r×r'] };
  for (const name of SYSTEM) {
    const x = model[name] as SystemMatrixDto;
    const list = asList(x);
    const [rows, cols, role] = shapes[name];
    for (let k = 0; k < list.length; k++) {
      const field = Array.isArray(x) ? `model.${name}[${k}]` : `model.${name}`;
      const a = list[k];
      if (a.rows !== rows || a.cols !== cols) return `${field} must be ${rows}×${cols} (${role}, p = ${p}, m = ${m}, r = ${r}), got ${a.rows}×${a.cols}`;
      if (name === 'H' || name === 'Q') {
        const s = symmetryProblem(a);
        if (s) return `${field} ${s}`;
      }
    }
  }
  return null;
}

/** values: one series (p = 1; numbers or null) or n rows of p (numbers or null) for p > 1; n ≤ kalmanLength. */
function valuesProblem(v: unknown, property: string, req: KalmanRequest): string | null {
  const max = TS_LIMITS.kalmanLength;
  if (!Array.isArray(v)) return `${property} must be an array (one series, or rows of p values; null = missing)`;
  if (v.length === 0) return `${property} must not be empty`;
  if (v.length > max) return `${property} has ${v.length} time points, more than the limit of ${max}`;
  const p = req.model === undefined ? 1 : kalmanDims(req.model)?.p;
  if (!v.some(Array.isArray)) {
    if (p !== undefined && p > 1) return `${property} must be n rows of ${p} values (model.Z has p = ${p} rows)`;
    const i = firstBadValue(v, true);
    return i < 0 ? null : `${property}[${i}] must be a finite number or null (missing) (got ${JSON.stringify(v[i]) ?? String(v[i])})`;
  }
  if (req.model === undefined) return `${property} must be one series for the local level form (rows of values need a model)`;
  for (let t = 0; t < v.length; t++) {
    const row = v[t];
    if (row === null) continue; // the whole row missing
    if (!Array.isArray(row)) return `${property}[${t}] must be an array of ${p ?? 'p'} values (rows of values)`;
    if (p !== undefined && row.length !== p) return `${property}[${t}] has ${row.length} values, model.Z has p = ${p} rows`;
    const i = firstBadValue(row, true);
    if (i >= 0) return `${property}[${t}][${i}] must be a finite number or null (missing) (got ${JSON.stringify(row[i]) ?? String(row[i])})`;
  }
  return null;
}

function initProblem(init: unknown, _property: string, req: KalmanRequest): string | null {
  if (req.model === undefined) return 'init needs model (the local level form is always exact diffuse)';
  if (!isObj(init)) return null;
  const dims = kalmanDims(req.model);
  if (!dims) return null;
  const { m } = dims;
  const i = init as unknown as KalmanInitDto;
  if (i.a1 !== undefined && Array.isArray(i.a1) && i.a1.length !== m) return `init.a1 must have m = ${m} values, got ${i.a1.length}`;
  if (i.P1 !== undefined && wellFormed(i.P1)) {
    if (i.P1.rows !== m || i.P1.cols !== m) return `init.P1 must be ${m}×${m} (m×m), got ${i.P1.rows}×${i.P1.cols}`;
    const s = symmetryProblem(i.P1);
    if (s) return `init.P1 ${s}`;
  }
  if (i.kind === 'known' && (i.a1 === undefined || i.P1 === undefined)) return `init.kind 'known' needs init.a1 (m = ${m} values) and init.P1 (m×m)`;
  if (i.diffuseStates !== undefined && i.kind !== 'diffuse') return `init.diffuseStates is only for init.kind 'diffuse'`;
  if (i.P1 !== undefined && i.kind === 'stationary') return `init.P1 is not for init.kind 'stationary' (P1 is then the solution of the Lyapunov equation)`;
  if (Array.isArray(i.diffuseStates)) {
    const seen = new Set<number>();
    for (const s of i.diffuseStates) {
      if (!(Number.isInteger(s) && s >= 0 && s < m)) return `init.diffuseStates must hold state indices 0..${m - 1}, got ${s}`;
      if (seen.has(s)) return `init.diffuseStates lists state ${s} twice`;
      seen.add(s);
    }
  }
  if (i.kind === 'stationary') {
    const varying = (['T', 'R', 'Q'] as const).filter((k) => Array.isArray(req.model?.[k]) && (req.model?.[k] as MatrixDto[]).length > 1);
    if (varying.length) return `init.kind 'stationary' needs time-invariant T, R and Q (model.${varying[0]} varies over time)`;
  }
  return null;
}

/**
 * Initial state of a general model: α_1 ~ N(a1, P_* + κ P_∞), κ → ∞.
 * - 'diffuse' (default): exact diffuse (D&K 2012 ch. 5) for the states in diffuseStates (default: all), P_∞ = 1 on
 *   their diagonal; a1 (default 0) and P1 (default 0) give the mean and finite covariance P_* of the others.
 * - 'known': α_1 ~ N(a1, P1), both required, P1 positive semidefinite; nothing diffuse, ordinary loglik.
 * - 'stationary': P1 solves the Lyapunov equation P = T P T' + R Q R'; T, R, Q time-invariant and every eigenvalue
 *   of T strictly inside the unit circle (else INVALID_ARGUMENT); a1 default 0.
 */
export class KalmanInitDto {
  @IsIn(KALMAN_INIT_KINDS, { message: `init.kind must be one of ${KALMAN_INIT_KINDS.join(', ')}` })
  kind!: KalmanInitKind;

  @IsOptional() @IsFiniteArray(KALMAN_LIMITS.states)
  a1?: number[];

  /** m × m, symmetric with a non-negative diagonal (positive semidefinite, checked by the service). */
  @IsOptional() @ValidateNested() @Type(() => MatrixDto)
  P1?: MatrixDto;

  @IsOptional() @IsArray() @IsInt({ each: true }) @Min(0, { each: true })
  diffuseStates?: number[];
}

/**
 * `simulate` on `ts.kalman.smooth` (general form): `draws` independent draws from p(α, ε, η | y) by the simulation
 * smoother of Durbin & Koopman (2002), reproducible from `seed` (same request and seed, same draws; the first k of
 * more draws are the draws of k). The states always (`simulatedStates`); with `disturbances: true` also the
 * observation and state disturbances of the same draws (`simulatedObsDisturbances`, `simulatedStateDisturbances`:
 * per draw y_t = Z_t α̃_t + ε̃_t where observed and α̃_{t+1} = T_t α̃_t + R_t η̃_t). Their means over draws estimate the
 * smoothed moments (smoothedState, smoothedObsDisturbance, smoothedStateDisturbance) with standard error
 * sqrt(variance/draws). draws·n·m (with disturbances draws·n·(m + p + r)) ≤ KALMAN_LIMITS.simulatedElements.
 */
export class KalmanSimulateDto {
  @IsInt({ message: `simulate.draws must be an integer in [1, ${KALMAN_LIMITS.simulationDraws}]` })
  @Min(1, { message: `simulate.draws must be an integer in [1, ${KALMAN_LIMITS.simulationDraws}]` })
  @Max(KALMAN_LIMITS.simulationDraws, { message: `simulate.draws must be an integer in [1, ${KALMAN_LIMITS.simulationDraws}]` })
  draws!: number;

  @IsInt({ message: 'simulate.seed must be an integer in [0, 4294967295]' })
  @Min(0, { message: 'simulate.seed must be an integer in [0, 4294967295]' })
  @Max(4294967295, { message: 'simulate.seed must be an integer in [0, 4294967295]' })
  seed!: number;

  /** Also draw the disturbances ε̃ (n × p per draw) and η̃ (n × r per draw); default false (states only). */
  @IsOptional() @IsBoolean({ message: 'simulate.disturbances must be true or false' })
  disturbances?: boolean;
}

/** The numbers of one simulation draw in the reply: n·m states, plus n·(p + r) disturbances when asked. */
export function simulatedPerDraw(n: number, dims: { p: number; m: number; r: number }, disturbances: boolean | undefined): number {
  return n * (dims.m + (disturbances ? dims.p + dims.r : 0));
}

/** simulate needs the general form and a reply of draws·n·m (draws·n·(m + p + r) with disturbances) ≤ simulatedElements numbers. */
function simulateProblem(sim: unknown, _property: string, req: KalmanRequest): string | null {
  if (req.model === undefined) return 'simulate needs model (general form; write the local level model as Z = T = R = 1, H = σ²_ε, Q = σ²_η)';
  const dims = kalmanDims(req.model);
  if (!isObj(sim) || !dims || !Number.isInteger(sim.draws)) return null;
  const total = (sim.draws as number) * simulatedPerDraw(countOf(req.values), dims, sim.disturbances === true);
  const max = KALMAN_LIMITS.simulatedElements;
  if (total <= max) return null;
  const what = sim.disturbances === true ? 'draws·n·(m + p + r)' : 'draws·n·m';
  return `simulate.draws: ${what} = ${total} exceeds the limit of ${max} numbers of simulated draws in a reply (fewer draws or a shorter series)`;
}

/**
 * The linear Gaussian state space model (Durbin & Koopman 2012 notation; p observations, m states, r disturbances):
 *   y_t = Z_t α_t + ε_t, ε_t ~ N(0, H_t);   α_{t+1} = T_t α_t + R_t η_t, η_t ~ N(0, Q_t).
 * Each of Z (p×m), H (p×p), T (m×m), R (m×r), Q (r×r) is one `{ rows, cols, data }` (row-major, finite) or an array
 * with one matrix per time point (length n; length 1 = time-invariant). H and Q symmetric with a non-negative diagonal.
 * T_t, R_t, Q_t carry α_t to α_{t+1}, so the last ones (t = n) are not used by the filter.
 */
export class KalmanModelDto {
  @ValidateNested() @Type(() => MatrixDto)
  Z!: SystemMatrixDto;

  @ValidateNested() @Type(() => MatrixDto)
  H!: SystemMatrixDto;

  @ValidateNested() @Type(() => MatrixDto)
  T!: SystemMatrixDto;

  @ValidateNested() @Type(() => MatrixDto)
  R!: SystemMatrixDto;

  @ValidateNested() @Type(() => MatrixDto)
  Q!: SystemMatrixDto;
}

/**
 * `ts.kalman.filter` / `ts.kalman.smooth`, in one of two forms:
 * - local level (the original form): `{ values, sigma2Eps, sigma2Eta }`, y_t = μ_t + ε_t, μ_{t+1} = μ_t + η_t at
 *   given variances, μ_1 exact diffuse; values one series. Reply KalmanFilterReply / KalmanSmoothReply.
 * - general: `{ values, model, init?, covariances? }` (see KalmanModelDto, KalmanInitDto). Reply
 *   StateSpaceFilterReply / StateSpaceSmoothReply.
 * values: at most TS_LIMITS.kalmanLength (5,000) time points; one series for p = 1, else n rows of p values; null
 * marks a missing observation (the only place a missing value is accepted: the filter predicts through it; a row
 * may be partly missing, or null as a whole). General form: n·m² ≤ KALMAN_LIMITS.stateElements, and the reply must fit in 1 MiB
 * (see KALMAN_LIMITS; otherwise RESOURCE_EXHAUSTED).
 */
export class KalmanRequest {
  @byProblem('kalmanValues', valuesProblem)
  values!: (number | null)[] | ((number | null)[] | null)[];

  @ValidateIf((o: KalmanRequest) => o.model === undefined)
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'sigma2Eps must be a finite number ≥ 0 (local level form; or give model)' })
  @Min(0, { message: 'sigma2Eps must be a finite number ≥ 0 (local level form; or give model)' })
  sigma2Eps?: number;

  @ValidateIf((o: KalmanRequest) => o.model === undefined)
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'sigma2Eta must be a finite number ≥ 0 (local level form; or give model)' })
  @Min(0, { message: 'sigma2Eta must be a finite number ≥ 0 (local level form; or give model)' })
  sigma2Eta?: number;

  @IsOptional() @ValidateNested() @Type(() => KalmanModelDto) @byProblem('kalmanModel', modelProblem)
  model?: KalmanModelDto;

  @IsOptional() @ValidateNested() @Type(() => KalmanInitDto) @byProblem('kalmanInit', initProblem)
  init?: KalmanInitDto;

  /** General form: 'full' (default) m×m covariances per time, 'diagonal' variances only, 'none'. */
  @IsOptional() @IsIn(KALMAN_COVARIANCES, { message: `covariances must be one of ${KALMAN_COVARIANCES.join(', ')}` })
  @byProblem('kalmanCovariances', (_v, _p, o) => (o.model === undefined ? 'covariances needs model (general form)' : null))
  covariances?: KalmanCovariances;

  /** `ts.kalman.smooth`, general form only: add `simulatedStates` (and with `disturbances` the disturbance draws) from p(α, ε, η | y), see KalmanSimulateDto. */
  @IsOptional() @ValidateNested() @Type(() => KalmanSimulateDto) @byProblem('kalmanSimulate', simulateProblem)
  simulate?: KalmanSimulateDto;
}

/** The original request class name (local level form), kept for existing callers. */
export const LocalLevelKalmanRequest = KalmanRequest;
export type LocalLevelKalmanRequest = KalmanRequest;

/**
 * Reply of `ts.kalman.filter`, local level form. Per time point: predicted a_t, P_t (null in the diffuse phase, where
 * P = ∞), filtered a_{t|t}, P_{t|t} (null while no value has been observed yet, where the level is still diffuse after
 * the update), innovation v_t and its variance F_t (null where y_t is missing or the step is diffuse). loglik is
 * exact-diffuse with all constants.
 */
export interface KalmanFilterReply {
  predictedMean: (number | null)[];
  predictedVar: (number | null)[];
  filteredMean: (number | null)[];
  filteredVar: (number | null)[];
  v: (number | null)[];
  F: (number | null)[];
  loglik: number;
  nobs: number;
  diffuseSteps: number;
}

/** Reply of `ts.kalman.smooth`, local level form: smoothed E[μ_t | Y_n], Var[μ_t | Y_n], plus the filter's v, F and loglik. */
export interface KalmanSmoothReply {
  smoothedMean: number[];
  smoothedVar: number[];
  v: (number | null)[];
  F: (number | null)[];
  loglik: number;
  nobs: number;
  diffuseSteps: number;
}

/**
 * Common part of the general-form replies. Arrays are nested by time: `x[t]` is the value at t = 0..n−1.
 * v[t] = y_t − Z_t a_t (p values, null where y is missing); F[t] = Z_t P_t Z_t' + H_t (p×p, or its diagonal with
 * covariances 'diagonal'; given also where y is missing; absent with 'none'). In the diffuse phase (t < diffuseSteps)
 * P_t and F_t are the finite parts P_*, F_* (statsmodels' convention), the diffuse parts are predictedCovInf.
 * loglik is the exact-diffuse log-likelihood with all constants (the ordinary one when nothing is diffuse).
 */
export interface StateSpaceCommonReply {
  n: number;
  p: number;
  m: number;
  r: number;
  v: (number | null)[][];
  F?: number[][][] | number[][];
  loglik: number;
  /** Observed (non-missing) scalar observations. */
  nobs: number;
  /** Time points in the diffuse phase (P_∞,t ≠ 0): D&K's d. */
  diffuseSteps: number;
}

/** Reply of `ts.kalman.filter`, general form. Covariance fields follow `covariances` (m×m per time, m diagonal values, or absent). */
export interface StateSpaceFilterReply extends StateSpaceCommonReply {
  /** a_t = E[α_t | Y_{t−1}], n × m. */
  predictedState: number[][];
  /** P_t (P_{*,t} in the diffuse phase), n × m × m or n × m. */
  predictedCov?: number[][][] | number[][];
  /** P_{∞,t} for t < diffuseSteps, diffuseSteps × m × m or × m. */
  predictedCovInf?: number[][][] | number[][];
  /** a_{t|t} = E[α_t | Y_t], n × m, and P_{t|t}. */
  filteredState: number[][];
  filteredCov?: number[][][] | number[][];
}

/**
 * Reply of `ts.kalman.smooth`, general form: state and disturbance smoother (D&K 2012 §4.4, §4.5, exact diffuse §5.3–5.4).
 * The smoothed disturbances are always given (their variances follow `covariances` for η; ε's are the diagonal).
 */
export interface StateSpaceSmoothReply extends StateSpaceCommonReply {
  /** E[α_t | Y_n], n × m, and Var[α_t | Y_n]. */
  smoothedState: number[][];
  smoothedCov?: number[][][] | number[][];
  /** E[ε_t | Y_n], n × p, and Var[ε_{t,i} | Y_n] (diagonal), n × p. */
  smoothedObsDisturbance: number[][];
  smoothedObsDisturbanceVar: number[][];
  /** E[η_t | Y_n], n × r, and Var[η_t | Y_n] (η_n = 0: it affects no observation). */
  smoothedStateDisturbance: number[][];
  smoothedStateDisturbanceCov?: number[][][] | number[][];
  /** With `simulate`: draws from p(α | y) (simulation smoother, D&K 2002), [draw][t][state]. */
  simulatedStates?: number[][][];
  /** With `simulate.disturbances`: the same draws' ε̃, [draw][t][observation] (missing entries drawn from their conditional law). */
  simulatedObsDisturbances?: number[][][];
  /** With `simulate.disturbances`: the same draws' η̃, [draw][t][disturbance] (η̃_n ~ N(0, Q_n): it affects no observation). */
  simulatedStateDisturbances?: number[][][];
}
