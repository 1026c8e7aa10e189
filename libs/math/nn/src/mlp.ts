import { FailedPreconditionError, InvalidArgumentError, type Matrix } from '@modelbus/math-linalg';
import { Rng } from '@modelbus/math-stats';
import { ACTIVATIONS, type Activation } from './activations';
import { denseBackward, denseForward, denseParamCount, type DenseLayer } from './dense';

/** Layer sizes [input, hidden..., output]; hidden layers use `hidden`, the output layer is linear (logits). */
export interface MlpArchitecture {
  sizes: number[];
  hidden: Activation;
}

export function validateArchitecture(arch: MlpArchitecture): void {
  if (!Array.isArray(arch.sizes) || arch.sizes.length < 2) throw new InvalidArgumentError('sizes', 'needs at least input and output sizes');
  arch.sizes.forEach((s, i) => {
    if (!Number.isInteger(s) || s < 1) throw new InvalidArgumentError(`sizes[${i}]`, 'must be a positive integer');
  });
  if (!ACTIVATIONS.includes(arch.hidden)) throw new InvalidArgumentError('activation', `must be one of ${ACTIVATIONS.join(', ')}`);
}

/** The dense layers of the network with their offsets into the flat parameter vector. */
export function mlpLayers(arch: MlpArchitecture): DenseLayer[] {
  const layers: DenseLayer[] = [];
  let off = 0;
  for (let l = 0; l + 1 < arch.sizes.length; l++) {
    const inDim = arch.sizes[l], outDim = arch.sizes[l + 1];
    const last = l + 2 === arch.sizes.length;
    layers.push({ inDim, outDim, activation: last ? 'identity' : arch.hidden, wOffset: off, bOffset: off + inDim * outDim });
    off += denseParamCount(inDim, outDim);
  }
  return layers;
}

export function mlpParamCount(sizes: number[]): number {
  let n = 0;
  for (let l = 0; l + 1 < sizes.length; l++) n += denseParamCount(sizes[l], sizes[l + 1]);
  return n;
}

/**
 * Seeded initial parameters: biases 0, weights normal with variance 2/fan_in into ReLU layers
 * (He et al. 2015) and 2/(fan_in + fan_out) otherwise (Glorot & Bengio 2010).
 */
export function initMlpParams(arch: MlpArchitecture, seed: number): Float64Array {
  const params = new Float64Array(mlpParamCount(arch.sizes));
  const rng = new Rng(seed);
  for (const layer of mlpLayers(arch)) {
    const sd = layer.activation === 'relu' ? Math.sqrt(2 / layer.inDim) : Math.sqrt(2 / (layer.inDim + layer.outDim));
    for (let i = 0; i < layer.inDim * layer.outDim; i++) params[layer.wOffset + i] = sd * rng.normal();
  }
  return params;
}

/** Per-layer activation and gradient buffers for batches of up to maxBatch rows, reused across batches. */
export class MlpWorkspace {
  readonly layers: DenseLayer[];
  readonly acts: Float64Array[];
  readonly deltas: Float64Array[];
  constructor(readonly arch: MlpArchitecture, readonly maxBatch: number) {
    this.layers = mlpLayers(arch);
    this.acts = this.layers.map((l) => new Float64Array(maxBatch * l.outDim));
    this.deltas = this.layers.map((l) => new Float64Array(maxBatch * l.outDim));
  }

  /** Layer l's output for the current batch size (view, no copy). */
  act(l: number, rows: number): Matrix {
    const cols = this.layers[l].outDim;
    return { rows, cols, data: this.acts[l].subarray(0, rows * cols) };
  }

  delta(l: number, rows: number): Matrix {
    const cols = this.layers[l].outDim;
    return { rows, cols, data: this.deltas[l].subarray(0, rows * cols) };
  }
}

/** Forward pass; returns the logits (a view into the workspace, valid until the next call). */
export function mlpForward(ws: MlpWorkspace, params: Float64Array, x: Matrix): Matrix {
  if (x.rows > ws.maxBatch) throw new InvalidArgumentError('x', `has ${x.rows} rows, the workspace holds ${ws.maxBatch}`);
  let input = x;
  for (let l = 0; l < ws.layers.length; l++) {
    const out = ws.act(l, x.rows);
    denseForward(ws.layers[l], params, input, out);
    requireFinite(out.data, `layer ${l + 1} activations`);
    input = out;
  }
  return input;
}

/**
 * Backward pass after mlpForward on the same x: dLogits (batch × outputs) is dL/d(logits);
 * grads (length = params) receives dL/dθ. dLogits is not modified.
 */
export function mlpBackward(ws: MlpWorkspace, params: Float64Array, x: Matrix, dLogits: Float64Array, grads: Float64Array): void {
  const n = x.rows;
  const L = ws.layers.length;
  ws.delta(L - 1, n).data.set(dLogits.subarray(0, n * ws.layers[L - 1].outDim));
  for (let l = L - 1; l >= 0; l--) {
    const input = l === 0 ? x : ws.act(l - 1, n);
    denseBackward(ws.layers[l], params, input, ws.act(l, n), ws.delta(l, n), grads, l === 0 ? null : ws.delta(l - 1, n));
    if (l > 0) requireFinite(ws.deltas[l - 1].subarray(0, n * ws.layers[l - 1].outDim), `layer ${l} gradients`);
  }
}

/**
 * Finite inputs and weights can still overflow inside the network (diverging training). That is
 * a state of the model, not a bad argument, so it is a FailedPreconditionError; checking each
 * layer's output costs O(batch·width), small next to the O(batch·width²) products.
 */
function requireFinite(v: Float64Array, what: string): void {
  for (let i = 0; i < v.length; i++) {
    if (!Number.isFinite(v[i])) throw new FailedPreconditionError(`non-finite ${what} (training diverged; lower the learning rate or standardise the inputs)`);
  }
}
