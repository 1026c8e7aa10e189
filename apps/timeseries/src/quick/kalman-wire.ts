// Request → worker arguments and worker result → JSON reply for the general-form Kalman quick calls.
import {
  type KalmanCovariances, type KalmanRequest, type MatrixDto, type StateSpaceFilterReply, type StateSpaceSmoothReply, type SystemMatrixDto,
} from '@modelbus/contracts';
import { toJsonSeries } from '../fit/fit-spec';
import type { PackedMatrices, StateSpaceArgs } from '../workers/kalman-ops';

/** One matrix or a per-time list as count matrices back to back (a list of one = time-invariant). */
function pack(x: SystemMatrixDto): PackedMatrices {
  const list: MatrixDto[] = Array.isArray(x) ? x : [x];
  const { rows, cols } = list[0];
  const size = rows * cols;
  const data = new Float64Array(list.length * size);
  for (let k = 0; k < list.length; k++) data.set(list[k].data, k * size);
  return { rows, cols, count: list.length, data };
}

/** Worker arguments (typed arrays, transferable) from a validated general-form request. */
export function stateSpaceArgs(req: KalmanRequest, smooth: boolean): { args: StateSpaceArgs; transfer: ArrayBuffer[] } {
  const model = req.model as NonNullable<KalmanRequest['model']>;
  const packed = { Z: pack(model.Z), H: pack(model.H), T: pack(model.T), R: pack(model.R), Q: pack(model.Q) };
  const p = packed.Z.rows;
  const n = req.values.length;
  const values = new Float64Array(n * p);
  for (let t = 0; t < n; t++) {
    const row = req.values[t];
    if (Array.isArray(row)) for (let i = 0; i < p; i++) values[t * p + i] = row[i] ?? NaN;
    else if (row === null) values.fill(NaN, t * p, (t + 1) * p); // a missing value (p = 1) or a whole missing row
    else values[t] = row;
  }
  const init = req.init ?? { kind: 'diffuse' as const };
  const args: StateSpaceArgs = {
    values, n, p, model: packed, smooth, covariances: req.covariances ?? 'full',
    simulate: smooth && req.simulate ? { draws: req.simulate.draws, seed: req.simulate.seed, disturbances: req.simulate.disturbances === true } : undefined,
    init: { kind: init.kind, a1: init.a1 && Float64Array.from(init.a1), P1: init.P1 && Float64Array.from(init.P1.data), diffuseStates: init.diffuseStates },
  };
  const transfer = [values.buffer, ...Object.values(packed).map((x) => x.data.buffer as ArrayBuffer)];
  return { args, transfer };
}

/** n rows of k (NaN → null). */
function rows(x: Float64Array, n: number, k: number): (number | null)[][] {
  const out = new Array<(number | null)[]>(n);
  for (let t = 0; t < n; t++) out[t] = toJsonSeries(x.subarray(t * k, (t + 1) * k));
  return out;
}

/** count k × k matrices, or (diagonal) count rows of k; undefined stays undefined. */
function covs(x: Float64Array | undefined, count: number, k: number, how: KalmanCovariances): number[][][] | number[][] | undefined {
  if (x === undefined) return undefined;
  if (how === 'diagonal') return rows(x, count, k) as number[][];
  const out = new Array<number[][]>(count);
  for (let t = 0; t < count; t++) out[t] = rows(x.subarray(t * k * k, (t + 1) * k * k), k, k) as number[][];
  return out;
}

/** draws × n × k back to back as [draw][t][i]. */
function draws(x: Float64Array, n: number, k: number): number[][][] {
  const out = new Array<number[][]>(x.length / (n * k));
  for (let d = 0; d < out.length; d++) out[d] = rows(x.subarray(d * n * k, (d + 1) * n * k), n, k) as number[][];
  return out;
}

export type StateSpaceResult = Record<string, Float64Array | undefined> & { n: number; p: number; m: number; r: number; loglik: number; nobs: number; diffuseSteps: number };

function common(w: StateSpaceResult, how: KalmanCovariances) {
  const { n, p, m, r, loglik, nobs, diffuseSteps } = w;
  return { n, p, m, r, v: rows(w.v as Float64Array, n, p), F: covs(w.F, n, p, how), loglik, nobs, diffuseSteps };
}

export function filterReply(w: StateSpaceResult, how: KalmanCovariances): StateSpaceFilterReply {
  const { n, m } = w;
  return {
    ...common(w, how),
    predictedState: rows(w.predictedState as Float64Array, n, m) as number[][], predictedCov: covs(w.predictedCov, n, m, how),
    predictedCovInf: covs(w.predictedCovInf, w.diffuseSteps, m, how),
    filteredState: rows(w.filteredState as Float64Array, n, m) as number[][], filteredCov: covs(w.filteredCov, n, m, how),
  };
}

export function smoothReply(w: StateSpaceResult, how: KalmanCovariances): StateSpaceSmoothReply {
  const { n, p, m, r } = w;
  return {
    ...common(w, how),
    smoothedState: rows(w.smoothedState as Float64Array, n, m) as number[][], smoothedCov: covs(w.smoothedCov, n, m, how),
    smoothedObsDisturbance: rows(w.smoothedObsDisturbance as Float64Array, n, p) as number[][],
    smoothedObsDisturbanceVar: rows(w.smoothedObsDisturbanceVar as Float64Array, n, p) as number[][],
    smoothedStateDisturbance: rows(w.smoothedStateDisturbance as Float64Array, n, r) as number[][],
    smoothedStateDisturbanceCov: covs(w.smoothedStateDisturbanceCov, n, r, how),
    ...(w.simulatedStates ? { simulatedStates: draws(w.simulatedStates, n, m) } : {}),
    ...(w.simulatedObsDisturbances ? { simulatedObsDisturbances: draws(w.simulatedObsDisturbances, n, p) } : {}),
    ...(w.simulatedStateDisturbances ? { simulatedStateDisturbances: draws(w.simulatedStateDisturbances, n, r) } : {}),
  };
}
