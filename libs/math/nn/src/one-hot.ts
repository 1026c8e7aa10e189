import { InvalidArgumentError, type Matrix } from '@modelbus/math-linalg';

/** Number of classes implied by integer labels 0..k−1 (k = max + 1); rejects anything else. */
export function countClasses(labels: ArrayLike<number>, field = 'labels'): number {
  let max = -1;
  for (let i = 0; i < labels.length; i++) {
    const c = labels[i];
    if (!Number.isInteger(c) || c < 0) throw new InvalidArgumentError(field, `must be non-negative integers (row ${i} is ${c})`);
    if (c > max) max = c;
  }
  return max + 1;
}

/** n × k matrix with a 1 in column labels[i] of row i. */
export function oneHot(labels: ArrayLike<number>, numClasses = countClasses(labels), field = 'labels'): Matrix {
  if (!Number.isInteger(numClasses) || numClasses < 1) throw new InvalidArgumentError('numClasses', 'must be a positive integer');
  const n = labels.length;
  const data = new Float64Array(n * numClasses);
  for (let i = 0; i < n; i++) {
    const c = labels[i];
    if (!Number.isInteger(c) || c < 0 || c >= numClasses) {
      throw new InvalidArgumentError(field, `must be integers in [0, ${numClasses}) (row ${i} is ${c})`);
    }
    data[i * numClasses + c] = 1;
  }
  return { rows: n, cols: numClasses, data };
}

/** Column index of each row's largest entry (first one on ties). */
export function argmaxRows(m: Matrix): Float64Array {
  const out = new Float64Array(m.rows);
  for (let i = 0; i < m.rows; i++) {
    const r = i * m.cols;
    let best = 0;
    for (let j = 1; j < m.cols; j++) if (m.data[r + j] > m.data[r + best]) best = j;
    out[i] = best;
  }
  return out;
}
