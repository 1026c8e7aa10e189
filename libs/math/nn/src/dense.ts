import { gemm, type Matrix } from '@modelbus/math-linalg';
import { activationBackward, applyActivation, type Activation } from './activations';

/**
 * A fully connected layer out = f(in · W + b) whose parameters live in a shared flat vector:
 * W (inDim × outDim, row-major) at wOffset, then b (outDim) at bOffset. Keeping every layer in
 * one Float64Array lets an optimizer update a whole network with a single loop.
 */
export interface DenseLayer {
  inDim: number;
  outDim: number;
  activation: Activation;
  wOffset: number;
  bOffset: number;
}

/** Parameters of a layer with the given sizes. */
export function denseParamCount(inDim: number, outDim: number): number {
  return inDim * outDim + outDim;
}

function weightView(layer: DenseLayer, params: Float64Array): Matrix {
  return { rows: layer.inDim, cols: layer.outDim, data: params.subarray(layer.wOffset, layer.wOffset + layer.inDim * layer.outDim) };
}

/** out := f(input · W + b) for a batch (input: batch × inDim, out: batch × outDim). */
export function denseForward(layer: DenseLayer, params: Float64Array, input: Matrix, out: Matrix): Matrix {
  gemm(false, false, 1, input, weightView(layer, params), 0, out);
  const { outDim, bOffset } = layer;
  const o = out.data;
  for (let i = 0; i < out.rows; i++) {
    const r = i * outDim;
    for (let j = 0; j < outDim; j++) o[r + j] += params[bOffset + j];
  }
  applyActivation(layer.activation, o, o);
  return out;
}

/**
 * Back-propagates through the layer. On entry `dOut` holds dL/d(output); it is overwritten with
 * dL/dZ (pre-activation). Writes dL/dW and dL/db into `grads` (same layout as params) and, when
 * `dInput` is given, dL/d(input) = dZ · Wᵀ.
 */
export function denseBackward(
  layer: DenseLayer,
  params: Float64Array,
  input: Matrix,
  output: Matrix,
  dOut: Matrix,
  grads: Float64Array,
  dInput: Matrix | null,
): void {
  activationBackward(layer.activation, output.data, dOut.data, dOut.data);
  const { inDim, outDim, wOffset, bOffset } = layer;
  gemm(true, false, 1, input, dOut, 0, { rows: inDim, cols: outDim, data: grads.subarray(wOffset, wOffset + inDim * outDim) });
  for (let j = 0; j < outDim; j++) grads[bOffset + j] = 0;
  const d = dOut.data;
  for (let i = 0; i < dOut.rows; i++) {
    const r = i * outDim;
    for (let j = 0; j < outDim; j++) grads[bOffset + j] += d[r + j];
  }
  if (dInput) gemm(false, true, 1, dOut, weightView(layer, params), 0, dInput);
}
