import { InvalidArgumentError, type Matrix } from '@modelbus/math-linalg';

/** Element-wise activations a dense layer can apply to its pre-activation z. */
export type Activation = 'identity' | 'relu' | 'sigmoid' | 'tanh';

export const ACTIVATIONS: readonly Activation[] = ['identity', 'relu', 'sigmoid', 'tanh'];

/** Logistic function without overflow: exp is only ever taken of a non-positive number. */
export function sigmoid(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

export function relu(x: number): number {
  return x > 0 ? x : 0;
}

export function tanh(x: number): number {
  return Math.tanh(x);
}

/** out[i] = f(z[i]); out may be z (in place). */
export function applyActivation(kind: Activation, z: Float64Array, out: Float64Array = new Float64Array(z.length)): Float64Array {
  const n = z.length;
  switch (kind) {
    case 'identity':
      if (out !== z) out.set(z);
      break;
    case 'relu':
      for (let i = 0; i < n; i++) out[i] = z[i] > 0 ? z[i] : 0;
      break;
    case 'sigmoid':
      for (let i = 0; i < n; i++) out[i] = sigmoid(z[i]);
      break;
    case 'tanh':
      for (let i = 0; i < n; i++) out[i] = Math.tanh(z[i]);
      break;
    default:
      throw new InvalidArgumentError('activation', `must be one of ${ACTIVATIONS.join(', ')}`);
  }
  return out;
}

/**
 * Back through the activation: dZ[i] = dA[i] · f'(z[i]), with f' written in terms of the output
 * a = f(z) so the forward pass need only keep a (relu: a > 0 ⇔ z > 0; σ' = a(1−a); tanh' = 1−a²).
 * dZ may alias dA.
 */
export function activationBackward(kind: Activation, a: Float64Array, dA: Float64Array, dZ: Float64Array): Float64Array {
  const n = a.length;
  switch (kind) {
    case 'identity':
      if (dZ !== dA) dZ.set(dA);
      break;
    case 'relu':
      for (let i = 0; i < n; i++) dZ[i] = a[i] > 0 ? dA[i] : 0;
      break;
    case 'sigmoid':
      for (let i = 0; i < n; i++) dZ[i] = dA[i] * a[i] * (1 - a[i]);
      break;
    case 'tanh':
      for (let i = 0; i < n; i++) dZ[i] = dA[i] * (1 - a[i] * a[i]);
      break;
    default:
      throw new InvalidArgumentError('activation', `must be one of ${ACTIVATIONS.join(', ')}`);
  }
  return dZ;
}

/** log Σ exp(z[i]) over [start, end), shifted by the maximum so no term overflows. */
export function logSumExp(z: ArrayLike<number>, start = 0, end = z.length): number {
  let m = -Infinity;
  for (let i = start; i < end; i++) if (z[i] > m) m = z[i];
  if (m === -Infinity) return -Infinity;
  let s = 0;
  for (let i = start; i < end; i++) s += Math.exp(z[i] - m);
  return m + Math.log(s);
}

/** Softmax of a vector, shifted by its maximum (the result is shift-invariant; exp cannot overflow). */
export function softmax(z: ArrayLike<number>, out: Float64Array = new Float64Array(z.length)): Float64Array {
  softmaxSlice(z, 0, z.length, out, 0);
  return out;
}

/** Row-wise softmax of a matrix; out may be z (in place). */
export function softmaxRows(z: Matrix, out: Matrix = { rows: z.rows, cols: z.cols, data: new Float64Array(z.data.length) }): Matrix {
  for (let i = 0; i < z.rows; i++) softmaxSlice(z.data, i * z.cols, z.cols, out.data, i * z.cols);
  return out;
}

function softmaxSlice(z: ArrayLike<number>, off: number, len: number, out: Float64Array, outOff: number): void {
  let m = -Infinity;
  for (let j = 0; j < len; j++) if (z[off + j] > m) m = z[off + j];
  let s = 0;
  for (let j = 0; j < len; j++) {
    const e = Math.exp(z[off + j] - m);
    out[outOff + j] = e;
    s += e;
  }
  for (let j = 0; j < len; j++) out[outOff + j] /= s;
}
