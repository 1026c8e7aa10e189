import { assertFinite, InvalidArgumentError, type Matrix } from '@modelbus/math-linalg';

/** Per-column location and scale: z = (x - mean) / std. */
export interface Standardizer {
  mean: Float64Array;
  std: Float64Array;
}

/**
 * Column means and population standard deviations (divide by n) of x. A column whose std is 0 —
 * or only rounding noise, at most 1e-12 of the column's largest |value| — gets std 1, so a
 * constant feature maps to a constant instead of dividing by zero or amplifying noise.
 * Fit on the training part only and apply the same statistics to the test part.
 */
export function fitStandardizer(x: Matrix, field = 'x'): Standardizer {
  assertFinite(x.data, `${field}.data`);
  const { rows, cols, data } = x;
  const mean = new Float64Array(cols);
  const std = new Float64Array(cols);
  const scale = new Float64Array(cols);
  if (rows === 0) return { mean, std: std.fill(1) };
  for (let i = 0; i < rows; i++) {
    const r = i * cols;
    for (let j = 0; j < cols; j++) {
      const v = data[r + j];
      mean[j] += v;
      const a = Math.abs(v);
      if (a > scale[j]) scale[j] = a;
    }
  }
  for (let j = 0; j < cols; j++) mean[j] /= rows;
  // Two passes (mean first, then squared deviations) avoid the cancellation of E[x²] − E[x]².
  for (let i = 0; i < rows; i++) {
    const r = i * cols;
    for (let j = 0; j < cols; j++) {
      const d = data[r + j] - mean[j];
      std[j] += d * d;
    }
  }
  for (let j = 0; j < cols; j++) {
    const s = Math.sqrt(std[j] / rows);
    std[j] = s > 1e-12 * scale[j] ? s : 1;
  }
  return { mean, std };
}

/** Returns a new matrix (x - mean) / std column-wise; x is not modified. */
export function applyStandardizer(x: Matrix, s: { mean: ArrayLike<number>; std: ArrayLike<number> }): Matrix {
  const { rows, cols, data } = x;
  if (s.mean.length !== cols || s.std.length !== cols) {
    throw new InvalidArgumentError('x', `has ${cols} columns but the standardizer has ${s.mean.length}`);
  }
  const out = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    const r = i * cols;
    for (let j = 0; j < cols; j++) out[r + j] = (data[r + j] - s.mean[j]) / s.std[j];
  }
  return { rows, cols, data: out };
}
