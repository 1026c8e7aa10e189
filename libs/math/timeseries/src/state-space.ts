import { InvalidArgumentError, type Matrix } from '@modelbus/math-linalg';
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
 * symmetric positive semidefinite, checked by an LDL' factorisation with a relative pivot tolerance).
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

/** LDL' without pivoting; a pivot ≤ tol·max diag must come with a zero column below it. */
function isPositiveSemidefinite(A: Float64Array, m: number): boolean {
  let scale = 0;
  for (let i = 0; i < m; i++) scale = Math.max(scale, A[i * m + i]);
  const tol = 1e-12 * (scale || 1);
  const L = new Float64Array(m * m);
  const D = new Float64Array(m);
  for (let j = 0; j < m; j++) {
    let d = A[j * m + j];
    for (let k = 0; k < j; k++) d -= L[j * m + k] * L[j * m + k] * D[k];
    if (d < -tol) return false;
    D[j] = d;
    for (let i = j + 1; i < m; i++) {
      let s = A[i * m + j];
      for (let k = 0; k < j; k++) s -= L[i * m + k] * L[j * m + k] * D[k];
      if (d <= tol) {
        if (Math.abs(s) > tol) return false;
        L[i * m + j] = 0;
      } else L[i * m + j] = s / d;
    }
  }
  return true;
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
  if (!init || !(init.a1 instanceof Float64Array) || init.a1.length !== m) throw new InvalidArgumentError('init.a1', `must be a Float64Array of length ${m}`);
  for (let i = 0; i < m; i++) if (!Number.isFinite(init.a1[i])) throw new InvalidArgumentError(`init.a1[${i}]`, 'must be a finite number');
  checkMatrix(init.Pstar, 'init.Pstar', m, m, true);
  checkMatrix(init.Pinf, 'init.Pinf', m, m, true);
  return { p, m, r };
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
