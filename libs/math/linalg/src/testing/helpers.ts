/**
 * Test-only helpers (not exported from index.ts): a tiny seeded generator, so linalg's tests need
 * no sibling library (math-stats may depend on linalg), and independent naive reference routines.
 */
import { Matrix } from '../matrix';

/** mulberry32: small seeded uniform generator in [0, 1). */
export function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** rows×cols matrix with entries uniform in [-1, 1). */
export function randomMatrix(rows: number, cols: number, rand: () => number): Matrix {
  const data = new Float64Array(rows * cols);
  for (let i = 0; i < data.length; i++) data[i] = 2 * rand() - 1;
  return { rows, cols, data };
}

/** Element (i, j) of op(x). */
export function at(x: Matrix, trans: boolean, i: number, j: number): number {
  return trans ? x.data[j * x.cols + i] : x.data[i * x.cols + j];
}

/** Naive triple loop op(a)·op(b), plus |op(a)|·|op(b)| for componentwise error bounds. */
export function naiveProduct(a: Matrix, b: Matrix, transA = false, transB = false): { c: Matrix; abs: Matrix } {
  const m = transA ? a.cols : a.rows;
  const k = transA ? a.rows : a.cols;
  const n = transB ? b.rows : b.cols;
  const c = new Float64Array(m * n);
  const abs = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      let t = 0;
      for (let p = 0; p < k; p++) {
        const x = at(a, transA, i, p) * at(b, transB, p, j);
        s += x;
        t += Math.abs(x);
      }
      c[i * n + j] = s;
      abs[i * n + j] = t;
    }
  }
  return { c: { rows: m, cols: n, data: c }, abs: { rows: m, cols: n, data: abs } };
}

export function identity(n: number): Matrix {
  const data = new Float64Array(n * n);
  for (let i = 0; i < n; i++) data[i * n + i] = 1;
  return { rows: n, cols: n, data };
}

export function transpose(x: Matrix): Matrix {
  const data = new Float64Array(x.rows * x.cols);
  for (let i = 0; i < x.rows; i++) for (let j = 0; j < x.cols; j++) data[j * x.rows + i] = x.data[i * x.cols + j];
  return { rows: x.cols, cols: x.rows, data };
}

/** Naive product (no bound), for building test inputs and checking identities. */
export function mul(a: Matrix, b: Matrix): Matrix {
  return naiveProduct(a, b).c;
}

/** Frobenius norm of a − b (shapes must agree). */
export function diffNorm(a: Matrix, b: Matrix): number {
  if (a.rows !== b.rows || a.cols !== b.cols) throw new Error(`shape ${a.rows}x${a.cols} vs ${b.rows}x${b.cols}`);
  let s = 0;
  for (let i = 0; i < a.data.length; i++) s += (a.data[i] - b.data[i]) ** 2;
  return Math.sqrt(s);
}

export function frobenius(a: Matrix): number {
  let s = 0;
  for (let i = 0; i < a.data.length; i++) s += a.data[i] ** 2;
  return Math.sqrt(s);
}

export const EPS = Number.EPSILON;

/** Hilbert matrix h_ij = 1/(i + j + 1): symmetric positive definite, κ₂ grows like e^{3.5n}. */
export function hilbert(n: number): Matrix {
  const data = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) data[i * n + j] = 1 / (i + j + 1);
  return { rows: n, cols: n, data };
}

/** Random symmetric positive definite matrix GᵀG + n·I (κ small). */
export function randomSpd(n: number, rand: () => number): Matrix {
  const g = randomMatrix(n, n, rand);
  const a = mul(transpose(g), g);
  for (let i = 0; i < n; i++) a.data[i * n + i] += n;
  symmetrize(a);
  return a;
}

/** Random symmetric matrix with entries in [-1, 1). */
export function randomSymmetric(n: number, rand: () => number): Matrix {
  const a = randomMatrix(n, n, rand);
  symmetrize(a);
  return a;
}

export function symmetrize(a: Matrix): void {
  const n = a.rows;
  for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) a.data[j * n + i] = a.data[i * n + j];
}

/** Random m×n matrix of rank r (product of random m×r and r×n factors). */
export function randomLowRank(m: number, n: number, r: number, rand: () => number): Matrix {
  return mul(randomMatrix(m, r, rand), randomMatrix(r, n, rand));
}

/** ‖xᵀx − I‖_F for a matrix x with (supposedly) orthonormal columns. */
export function orthogonalityError(x: Matrix): number {
  return diffNorm(mul(transpose(x), x), identity(x.cols));
}

/** Throws with a readable message unless value ≤ bound (keeps the numbers in the failure). */
export function expectBelow(label: string, value: number, bound: number): void {
  if (!(value <= bound)) throw new Error(`${label}: ${value.toExponential(3)} > bound ${bound.toExponential(3)}`);
}
