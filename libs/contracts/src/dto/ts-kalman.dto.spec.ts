import { describe, expect, it } from 'vitest';
import 'reflect-metadata';
import { validateBody } from '../validate';
import { KalmanRequest } from './ts-kalman.dto';
import { validationProblem } from '../validation-problem.testutil';

const problem = (body: unknown) => validationProblem(KalmanRequest, body);

const mat = (rows: number, cols: number, data: number[]) => ({ rows, cols, data });
// local linear trend: y = level + ε; level' = level + slope + ξ; slope' = slope + ζ
const llt = { Z: mat(1, 2, [1, 0]), H: mat(1, 1, [2]), T: mat(2, 2, [1, 1, 0, 1]), R: mat(2, 2, [1, 0, 0, 1]), Q: mat(2, 2, [0.5, 0, 0, 0.1]) };
const values = [1, 2, null, 4, 5];

describe('KalmanRequest', () => {
  it('accepts the local level form, the general form, per-time matrices, rows of values and every init kind', () => {
    expect(validateBody(KalmanRequest, { values, sigma2Eps: 1, sigma2Eta: 0.5 }).sigma2Eps).toBe(1);
    expect(validateBody(KalmanRequest, { values, model: llt }).model?.T).toEqual(llt.T);
    const tvH = values.map((_, t) => mat(1, 1, [1 + t]));
    expect((validateBody(KalmanRequest, { values, model: { ...llt, H: tvH }, covariances: 'diagonal' }).model?.H as unknown[]).length).toBe(5);
    expect(validateBody(KalmanRequest, { values, model: { ...llt, T: [llt.T] } }).model).toBeDefined();
    const bivariate = { ...llt, Z: mat(2, 2, [1, 0, 1, 0]), H: mat(2, 2, [1, 0.2, 0.2, 1]) };
    expect(validateBody(KalmanRequest, { values: [[1, 2], [null, 3], [4, null], null], model: bivariate }).values).toHaveLength(4);
    for (const init of [
      { kind: 'diffuse' }, { kind: 'diffuse', diffuseStates: [1], a1: [3, 0], P1: mat(2, 2, [4, 0, 0, 0]) },
      { kind: 'known', a1: [0, 0], P1: mat(2, 2, [1, 0.5, 0.5, 1]) }, { kind: 'stationary' },
    ]) expect(validateBody(KalmanRequest, { values, model: llt, init }).init?.kind).toBe(init.kind);
    const long = Array(2000).fill(1);
    expect(validateBody(KalmanRequest, { values: long, model: llt, simulate: { draws: 5, seed: 1 } }).simulate?.disturbances).toBeUndefined();
    expect(validateBody(KalmanRequest, { values, model: llt, simulate: { draws: 5, seed: 1, disturbances: true } }).simulate?.disturbances).toBe(true);
  });

  it.each([
    ['neither form', { values }, 'sigma2Eps must be a finite number'],
    ['both forms', { values, model: llt, sigma2Eps: 1, sigma2Eta: 1 }, 'give either model'],
    ['a missing system matrix', { values, model: { ...llt, Q: undefined } }, 'model.Q is required'],
    ['Z with a ragged data array', { values, model: { ...llt, Z: mat(1, 2, [1]) } }, 'model.Z.data has 1 values'],
    ['H of the wrong shape', { values, model: { ...llt, H: mat(2, 2, [1, 0, 0, 1]) } }, 'model.H must be 1×1 (p×p'],
    ['T not m×m', { values, model: { ...llt, T: mat(2, 3, [1, 1, 0, 0, 1, 0]) } }, 'model.T must be 2×2'],
    ['R with rows ≠ m', { values, model: { ...llt, R: mat(3, 2, [1, 0, 0, 1, 0, 0]) } }, 'model.R must be 2×2'],
    ['Q not r×r', { values, model: { ...llt, Q: mat(1, 1, [1]) } }, 'model.Q must be 2×2 (r×r'],
    ['a non-symmetric Q', { values, model: { ...llt, Q: mat(2, 2, [1, 0.3, 0.2, 1]) } }, 'model.Q must be symmetric: element (1,0) = 0.2 but (0,1) = 0.3'],
    ['a non-symmetric H at one time point', { values: [[1, 2], [3, 4]], model: { ...llt, Z: mat(2, 2, [1, 0, 0, 1]), H: [mat(2, 2, [1, 0, 0, 1]), mat(2, 2, [1, 0.5, 0, 1])] } }, 'model.H[1] must be symmetric'],
    ['a negative variance in H', { values, model: { ...llt, H: mat(1, 1, [-1]) } }, 'model.H has a negative diagonal element'],
    ['a non-finite entry', { values, model: { ...llt, T: mat(2, 2, [1, 1, null, 1] as number[]) } }, 'model.T.data[2] must be a finite number'],
    ['per-time arrays of the wrong length', { values, model: { ...llt, Z: [llt.Z, llt.Z] } }, 'model.Z has 2 matrices: give one matrix (time-invariant) or one per time point (n = 5)'],
    ['a wrongly shaped matrix at one time point', { values, model: { ...llt, Z: [llt.Z, llt.Z, mat(1, 3, [1, 0, 0]), llt.Z, llt.Z] } }, 'model.Z[2] must be 1×2'],
    ['rows of values of the wrong width for p = 1', { values: [[1, 2], [3, 4]], model: llt }, 'values[0] has 2 values, model.Z has p = 1 rows'],
    ['one series for p = 2', { values, model: { ...llt, Z: mat(2, 2, [1, 0, 0, 1]), H: mat(2, 2, [1, 0, 0, 1]) } }, 'values must be n rows of 2 values'],
    ['a non-finite value', { values: [1, 'x', 3], model: llt }, 'values[1] must be a finite number or null'],
    ['a non-finite value in a row', { values: [[1, 2], [3, Infinity]], model: { ...llt, Z: mat(2, 2, [1, 0, 0, 1]), H: mat(2, 2, [1, 0, 0, 1]) } }, 'values[1][1] must be a finite number or null'],
    ['rows for the local level form', { values: [[1], [2]], sigma2Eps: 1, sigma2Eta: 1 }, 'values must be one series for the local level form'],
    ['too many states for n', { values: Array(5000).fill(1), model: { ...llt, Z: mat(1, 20, Array(20).fill(1)), T: mat(20, 20, Array(400).fill(0)), R: mat(20, 2, Array(40).fill(0)) } }, 'n·m² = 5000·20² = 2000000 exceeds the limit'],
    ['an unknown init kind', { values, model: llt, init: { kind: 'approximate' } }, 'init.kind must be one of diffuse, known, stationary'],
    ['known without P1', { values, model: llt, init: { kind: 'known', a1: [0, 0] } }, "init.kind 'known' needs init.a1"],
    ['a1 of the wrong length', { values, model: llt, init: { kind: 'known', a1: [0], P1: mat(2, 2, [1, 0, 0, 1]) } }, 'init.a1 must have m = 2 values'],
    ['a non-symmetric P1', { values, model: llt, init: { kind: 'known', a1: [0, 0], P1: mat(2, 2, [1, 0.5, 0.4, 1]) } }, 'init.P1 must be symmetric'],
    ['P1 of the wrong shape', { values, model: llt, init: { kind: 'known', a1: [0, 0], P1: mat(1, 1, [1]) } }, 'init.P1 must be 2×2'],
    ['diffuseStates out of range', { values, model: llt, init: { kind: 'diffuse', diffuseStates: [2] } }, 'init.diffuseStates must hold state indices 0..1'],
    ['diffuseStates with a known init', { values, model: llt, init: { kind: 'known', a1: [0, 0], P1: mat(2, 2, [1, 0, 0, 1]), diffuseStates: [0] } }, "init.diffuseStates is only for init.kind 'diffuse'"],
    ['P1 with a stationary init (it would be ignored)', { values, model: llt, init: { kind: 'stationary', P1: mat(2, 2, [1, 0, 0, 1]) } }, "init.P1 is not for init.kind 'stationary'"],
    ['stationary with a time-varying T', { values, model: { ...llt, T: values.map(() => llt.T) }, init: { kind: 'stationary' } }, "init.kind 'stationary' needs time-invariant T, R and Q (model.T varies"],
    ['init with the local level form', { values, sigma2Eps: 1, sigma2Eta: 1, init: { kind: 'diffuse' } }, 'init needs model'],
    ['an unknown covariances option', { values, model: llt, covariances: 'some' }, 'covariances must be one of full, diagonal, none'],
    ['an unknown model field', { values, model: { ...llt, D: mat(1, 1, [0]) } }, 'property D should not exist'],
    ['simulate.disturbances not a boolean', { values, model: llt, simulate: { draws: 1, seed: 1, disturbances: 'yes' } }, 'simulate.disturbances must be true or false'],
    // 5 draws · 2000 t · (m + p + r = 2 + 1 + 2); the states alone (20,000) fit, see below
    ['simulated disturbances over the reply limit', { values: Array(2000).fill(1), model: llt, simulate: { draws: 5, seed: 1, disturbances: true } }, 'simulate.draws: draws·n·(m + p + r) = 50000 exceeds the limit of 40000'],
  ])('rejects %s with INVALID_ARGUMENT naming the field', (_n, body, text) => {
    const e = problem(body);
    expect(e.code).toBe('INVALID_ARGUMENT');
    expect(e.message).toContain(text);
  });
});
