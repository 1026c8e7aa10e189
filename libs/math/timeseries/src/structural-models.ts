import { InvalidArgumentError, type Matrix } from '@modelbus/math-linalg';
import { rqr } from './kalman-filter';
import { type UnivariateSystem } from './ssm-loglik';
import { type StateInit, type StateSpaceModel, diffuseInit } from './state-space';
import { checkFinite } from './validate';

/** Seasonal component form: stochastic dummy (Harvey 1989 §2.3.4) or trigonometric (D&K 2012 §3.2.1). */
export type SeasonalForm = 'dummy' | 'trig';

/**
 * Structural (unobserved components) model: y_t = μ_t [+ γ_t] + ε_t, μ_{t+1} = μ_t [+ ν_t] + ξ_t,
 * [ν_{t+1} = ν_t + ζ_t], with every initial state diffuse. trend 'level' = local level,
 * 'trend' = local linear trend; period ≥ 2 adds a seasonal of that period.
 */
export interface StructuralSpec {
  trend: 'level' | 'trend';
  period?: number;
  seasonal?: SeasonalForm;
}

/** Variance names in params order: irregular, level, [slope], [seasonal]. */
export function structuralParamNames(spec: StructuralSpec): string[] {
  const names = ['sigma2Irregular', 'sigma2Level'];
  if (spec.trend === 'trend') names.push('sigma2Slope');
  if (spec.period !== undefined) names.push('sigma2Seasonal');
  return names;
}

/** Number of states (= number of diffuse initial elements): 1 or 2 for the trend, period − 1 for the seasonal. */
export function structuralStateCount(spec: StructuralSpec): number {
  return (spec.trend === 'trend' ? 2 : 1) + (spec.period !== undefined ? spec.period - 1 : 0);
}

function mat(rows: number, cols: number): Matrix {
  return { rows, cols, data: new Float64Array(rows * cols) };
}

/**
 * The state space form of a structural model at the given variances (params by name, see
 * structuralParamNames). Trigonometric seasonal: harmonics λ_j = 2πj/s, j = 1..⌊s/2⌋, each a
 * rotation of (γ_j, γ*_j) with its own disturbances of the common variance σ²_ω; for even s the
 * last harmonic (λ = π) keeps only γ_j, so both forms have s − 1 seasonal states.
 */
export function structuralModel(spec: StructuralSpec, params: Record<string, number>): { model: StateSpaceModel; init: StateInit } {
  const names = structuralParamNames(spec);
  for (const nm of names) {
    checkFinite(params[nm], `params.${nm}`);
    if (params[nm] < 0) throw new InvalidArgumentError(`params.${nm}`, `must be ≥ 0, got ${params[nm]}`);
  }
  const k = spec.trend === 'trend' ? 2 : 1;
  const s = spec.period;
  const ns = s === undefined ? 0 : s - 1;
  const m = k + ns;
  const trig = spec.seasonal === 'trig';
  const r = k + (s === undefined ? 0 : trig ? ns : 1);
  const Z = mat(1, m);
  const T = mat(m, m);
  const R = mat(m, r);
  const Q = mat(r, r);
  const H = mat(1, 1);
  H.data[0] = params.sigma2Irregular;
  Z.data[0] = 1;
  T.data[0] = 1;
  R.data[0] = 1; // level disturbance
  Q.data[0] = params.sigma2Level;
  if (k === 2) {
    T.data[1] = 1; // μ_{t+1} = μ_t + ν_t
    T.data[m + 1] = 1;
    R.data[1 * r + 1] = 1;
    Q.data[1 * r + 1] = params.sigma2Slope;
  }
  if (s !== undefined) {
    const w = params.sigma2Seasonal;
    if (!trig) {
      // γ_{t+1} = −γ_t − … − γ_{t−s+2} + ω_t; the other seasonal states shift down
      for (let j = 0; j < ns; j++) T.data[k * m + k + j] = -1;
      for (let i = 1; i < ns; i++) T.data[(k + i) * m + k + i - 1] = 1;
      Z.data[k] = 1;
      R.data[k * r + k] = 1;
      Q.data[k * r + k] = w;
    } else {
      let off = k;
      for (let j = 1; j <= Math.floor(s / 2); j++) {
        const lam = (2 * Math.PI * j) / s;
        Z.data[off] = 1;
        if (2 * j === s) {
          T.data[off * m + off] = -1; // cos π
          off += 1;
        } else {
          const c = Math.cos(lam);
          const sn = Math.sin(lam);
          T.data[off * m + off] = c;
          T.data[off * m + off + 1] = sn;
          T.data[(off + 1) * m + off] = -sn;
          T.data[(off + 1) * m + off + 1] = c;
          off += 2;
        }
      }
      for (let i = 0; i < ns; i++) {
        R.data[(k + i) * r + k + i] = 1;
        Q.data[(k + i) * r + k + i] = w;
      }
    }
  }
  return { model: { Z, H, T, R, Q }, init: diffuseInit(m) };
}

/** Flattens a univariate state space model and its initialisation for UnivariateLoglik. */
export function toUnivariateSystem(model: StateSpaceModel, init: StateInit): UnivariateSystem {
  const m = model.T.rows;
  return {
    m,
    z: Float64Array.from(model.Z.data),
    h: model.H.data[0],
    T: model.T.data,
    RQR: rqr(model.R.data, model.Q.data, m, model.R.cols),
    a1: init.a1,
    Pstar: init.Pstar.data,
    Pinf: init.Pinf.data,
  };
}
