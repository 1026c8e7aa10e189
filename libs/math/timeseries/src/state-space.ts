import { InvalidArgumentError, ldlt, ldltInertia, type Matrix } from '@modelbus/math-linalg';
import { toSeries } from './validate';

/**
 * Time-invariant linear Gaussian state space model (Durbin & Koopman 2012 notation):
 *   y_t = Z α_t + ε_t,  ε_t ~ N(0, H)        (p observations, m states)
 *   α_{t+1} = T α_t + R η_t,  η_t ~ N(0, Q)  (r state disturbances)
 *   α_1 ~ N(a_1, P_* + κ P_∞), κ → ∞ (exact diffuse initialisation).
 */
export interface StateSpaceModel {
  Z: Matrix; // p × m
  H: Matrix; // p × p
  T: Matrix; // m × m
  R: Matrix; // m × r
  Q: Matrix; // r × r
}

/**
 * A system matrix: one Matrix for every t (time-invariant), an array with one Matrix per time point
 * (index t = 0..n−1, 0-based), or a function of t. Z_t, H_t act on y_t; T_t, R_t, Q_t carry α_t to
 * α_{t+1} (D&K 2012 §4.2), so each needs n entries for a series of n (forecasting h steps ahead
 * asks for t = n … n + h − 1 too).
 */
export type SystemMatrix = Matrix | readonly Matrix[] | ((t: number) => Matrix);

/** The general model with time-invariant or time-varying system matrices (StateSpaceModel is the time-invariant case). */
export interface TimeVaryingModel {
  Z: SystemMatrix; // p × m
  H: SystemMatrix; // p × p
  T: SystemMatrix; // m × m
  R: SystemMatrix; // m × r
  Q: SystemMatrix; // r × r
}

/** Per-time accessors of the validated system matrices; `constant` says which ones do not vary. */
export interface ResolvedSystem {
  dims: Dims;
  Z: (t: number) => Matrix;
  H: (t: number) => Matrix;
  T: (t: number) => Matrix;
  R: (t: number) => Matrix;
  Q: (t: number) => Matrix;
  constant: { Z: boolean; H: boolean; T: boolean; R: boolean; Q: boolean };
}

function isMatrix(x: SystemMatrix): x is Matrix {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** The matrix at t = 0 (to read the dimensions from). */
function first(x: SystemMatrix | undefined, field: string): Matrix | undefined {
  if (x === undefined || x === null) return undefined;
  if (typeof x === 'function') return x(0);
  if (Array.isArray(x)) {
    if (x.length === 0) throw new InvalidArgumentError(field, 'is an empty array of matrices');
    return x[0];
  }
  return x as Matrix;
}

/** Validated accessor: arrays are checked up front (length ≥ n), functions at every call. */
function accessor(x: SystemMatrix, field: string, rows: number, cols: number, symmetric: boolean, n: number): (t: number) => Matrix {
  if (isMatrix(x)) {
    checkMatrix(x, field, rows, cols, symmetric);
    return () => x;
  }
  if (Array.isArray(x)) {
    const list = x as readonly Matrix[];
    if (list.length < n) throw new InvalidArgumentError(field, `has ${list.length} matrices, needs one per time point (${n})`);
    for (let t = 0; t < list.length; t++) checkMatrix(list[t], `${field}[${t}]`, rows, cols, symmetric);
    return (t) => {
      if (!(t < list.length)) throw new InvalidArgumentError(field, `has ${list.length} matrices, none for t = ${t}`);
      return list[t];
    };
  }
  if (typeof x !== 'function') throw new InvalidArgumentError(field, 'must be a matrix, an array of matrices or a function of t');
  const f = x as (t: number) => Matrix;
  return (t) => {
    const mt = f(t);
    checkMatrix(mt, `${field}(${t})`, rows, cols, symmetric);
    return mt;
  };
}

/** Validates a time-invariant or time-varying model for n time points and the initial state; returns per-time accessors. */
export function resolveSystem(model: TimeVaryingModel, init: StateInit | null, n: number): ResolvedSystem {
  if (!model) throw new InvalidArgumentError('model', 'is required');
  const Z0 = first(model.Z, 'Z');
  const R0 = first(model.R, 'R');
  const p = Z0?.rows as number;
  const m = Z0?.cols as number;
  const r = R0?.cols as number;
  if (!(p >= 1 && m >= 1 && r >= 0)) throw new InvalidArgumentError('model', 'needs Z (p×m, p, m ≥ 1) and R (m×r)');
  const out: ResolvedSystem = {
    dims: { p, m, r },
    Z: accessor(model.Z, 'Z', p, m, false, n),
    H: accessor(model.H, 'H', p, p, true, n),
    T: accessor(model.T, 'T', m, m, false, n),
    R: accessor(model.R, 'R', m, r, false, n),
    Q: accessor(model.Q, 'Q', r, r, true, n),
    constant: { Z: isMatrix(model.Z), H: isMatrix(model.H), T: isMatrix(model.T), R: isMatrix(model.R), Q: isMatrix(model.Q) },
  };
  if (init !== null) checkInit(init, m);
  return out;
}

export interface StateInit {
  a1: Float64Array; // m
  Pstar: Matrix; // m × m, finite part of Var(α_1)
  Pinf: Matrix; // m × m, diffuse part (usually 0/1 diagonal)
}

export interface Dims {
  p: number;
  m: number;
  r: number;
}

/** Every state diffuse: a_1 = 0, P_* = 0, P_∞ = I. */
export function diffuseInit(m: number): StateInit {
  const Pinf = new Float64Array(m * m);
  for (let i = 0; i < m; i++) Pinf[i * m + i] = 1;
  return { a1: new Float64Array(m), Pstar: { rows: m, cols: m, data: new Float64Array(m * m) }, Pinf: { rows: m, cols: m, data: Pinf } };
}

/**
 * A known initial state α_1 ~ N(a_1, P_1) (no diffuse part): state (m) and cov (m × m row-major,
 * symmetric positive semidefinite to a relative tolerance, see isPositiveSemidefinite).
 */
export function knownInit(state: ArrayLike<number>, cov: ArrayLike<number>, m: number, field = 'initialization'): StateInit {
  if (!state || state.length !== m) throw new InvalidArgumentError(`${field}.state`, `must have ${m} values (one per state), got ${state?.length}`);
  if (!cov || cov.length !== m * m) throw new InvalidArgumentError(`${field}.cov`, `must be ${m}×${m} (${m * m} values row-major), got ${cov?.length} values`);
  const P = { rows: m, cols: m, data: Float64Array.from(cov) };
  const a1 = Float64Array.from(state);
  for (let i = 0; i < m; i++) if (!Number.isFinite(a1[i])) throw new InvalidArgumentError(`${field}.state[${i}]`, 'must be a finite number');
  checkMatrix(P, `${field}.cov`, m, m, true);
  if (!isPositiveSemidefinite(P.data, m)) throw new InvalidArgumentError(`${field}.cov`, 'must be positive semidefinite');
  return { a1, Pstar: P, Pinf: { rows: m, cols: m, data: new Float64Array(m * m) } };
}

/** Relative tolerance of isPositiveSemidefinite: eigenvalues of the unit-diagonal form down to −PSD_TOL count as zero. */
export const PSD_TOL = 1e-12;

/**
 * Whether the symmetric m × m A is positive semidefinite, with a tolerance for rounding in singular
 * (zero-eigenvalue) matrices. A is first scaled to unit diagonal, S A S with S = diag(1/√a_ii) — a
 * congruence, so the inertia is unchanged, and states of very different scales (a level variance of
 * 1e6 beside a seasonal one of 1e-3) are judged alike. A variance ≤ tol·max a_ii counts as zero: its
 * covariances must then be within the Cauchy–Schwarz bound |a_ij| ≤ √(tol·max a_ii · a_jj) and the
 * row is dropped. The rest is PSD when B + tol·I has no negative eigenvalue (the inertia of linalg's
 * Bunch–Kaufman LDLᵀ, whose backward error, ~m·eps, is far below tol), i.e. λ_min(B) ≥ −tol.
 */
export function isPositiveSemidefinite(A: Float64Array, m: number, tol = PSD_TOL): boolean {
  let maxDiag = 0;
  for (let i = 0; i < m; i++) {
    const d = A[i * m + i];
    if (!(d >= 0)) return false;
    maxDiag = Math.max(maxDiag, d);
  }
  const floor = tol * maxDiag;
  const s = new Float64Array(m); // 1/√a_ii, 0 for a zero variance
  for (let i = 0; i < m; i++) s[i] = A[i * m + i] > floor ? 1 / Math.sqrt(A[i * m + i]) : 0;
  const B = new Float64Array(m * m);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < m; j++) {
      const a = A[i * m + j];
      if (s[i] === 0 || s[j] === 0) {
        if (i !== j && Math.abs(a) > Math.sqrt(Math.max(A[i * m + i], floor) * Math.max(A[j * m + j], floor))) return false;
      } else B[i * m + j] = a * s[i] * s[j];
    }
    B[i * m + i] += tol;
  }
  return ldltInertia(ldlt({ rows: m, cols: m, data: B })).negative === 0;
}

function checkMatrix(x: Matrix | undefined, field: string, rows: number, cols: number, symmetric = false): void {
  if (!x || !(x.data instanceof Float64Array)) throw new InvalidArgumentError(field, 'must be a matrix {rows, cols, data: Float64Array}');
  if (x.rows !== rows || x.cols !== cols || x.data.length !== rows * cols) {
    throw new InvalidArgumentError(field, `must be ${rows}×${cols}, got ${x.rows}×${x.cols} with ${x.data.length} values`);
  }
  for (let i = 0; i < x.data.length; i++) if (!Number.isFinite(x.data[i])) throw new InvalidArgumentError(`${field}.data[${i}]`, 'must be a finite number');
  if (symmetric) {
    for (let i = 0; i < rows; i++) {
      if (x.data[i * cols + i] < 0) throw new InvalidArgumentError(field, `has a negative diagonal element at ${i}`);
      for (let j = 0; j < i; j++) {
        const u = x.data[i * cols + j];
        const v = x.data[j * cols + i];
        if (Math.abs(u - v) > 1e-10 * (Math.abs(u) + Math.abs(v) + 1e-300)) throw new InvalidArgumentError(field, `must be symmetric (element ${i},${j})`);
      }
    }
  }
}

/** Validates shapes, finiteness and symmetry of the model and initial state; returns the dimensions. */
export function validateModel(model: StateSpaceModel, init: StateInit): Dims {
  if (!model) throw new InvalidArgumentError('model', 'is required');
  const p = model.Z?.rows;
  const m = model.Z?.cols;
  const r = model.R?.cols;
  if (!(p >= 1 && m >= 1 && r >= 0)) throw new InvalidArgumentError('model', 'needs Z (p×m, p, m ≥ 1) and R (m×r)');
  checkMatrix(model.Z, 'Z', p, m);
  checkMatrix(model.H, 'H', p, p, true);
  checkMatrix(model.T, 'T', m, m);
  checkMatrix(model.R, 'R', m, r);
  checkMatrix(model.Q, 'Q', r, r, true);
  checkInit(init, m);
  return { p, m, r };
}

function checkInit(init: StateInit, m: number): void {
  if (!init || !(init.a1 instanceof Float64Array) || init.a1.length !== m) throw new InvalidArgumentError('init.a1', `must be a Float64Array of length ${m}`);
  for (let i = 0; i < m; i++) if (!Number.isFinite(init.a1[i])) throw new InvalidArgumentError(`init.a1[${i}]`, 'must be a finite number');
  checkMatrix(init.Pstar, 'init.Pstar', m, m, true);
  checkMatrix(init.Pinf, 'init.Pinf', m, m, true);
}

/**
 * Observations as an n × p row-major array (NaN = missing). Accepts a Matrix, or for p = 1
 * a plain number[] / Float64Array.
 */
export function toObservations(y: Matrix | number[] | Float64Array, p: number): { n: number; data: Float64Array } {
  if (Array.isArray(y) || y instanceof Float64Array) {
    if (p !== 1) throw new InvalidArgumentError('y', `must be an n×${p} matrix`);
    const data = toSeries(y, 'y', true, 1);
    return { n: data.length, data };
  }
  if (!y || !(y.data instanceof Float64Array) || y.cols !== p || y.data.length !== y.rows * p || y.rows < 1) {
    throw new InvalidArgumentError('y', `must be an n×${p} matrix with n ≥ 1`);
  }
  const data = toSeries(y.data, 'y.data', true, 1);
  return { n: y.rows, data };
}
