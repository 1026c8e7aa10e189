import type { LuDecomposition } from './lu';
import { lu } from './lu';
import type { Matrix } from './matrix';
import { solveTriangularInPlace } from './triangular';
import { checkSquare } from './validate';

/** ‖a‖₁: the largest absolute column sum. */
export function norm1(a: Matrix): number {
  const { rows, cols, data } = a;
  const sums = new Float64Array(cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) sums[j] += Math.abs(data[i * cols + j]);
  let m = 0;
  for (let j = 0; j < cols; j++) m = Math.max(m, sums[j]);
  return m;
}

/**
 * Lower bound on ‖B‖₁ of an n×n operator seen only through x ↦ B·x and x ↦ Bᵀ·x (both in place),
 * by Hager's method as refined by Higham (1988, LAPACK dlacon/dlacn2): a gradient ascent of ‖B·x‖₁
 * over the unit 1-norm ball that moves to the vertex e_j with the largest |(Bᵀ·sign(Bx))_j| while that
 * improves, at most 5 steps, then compared with Higham's alternating test vector
 * x_i = (−1)^i·(1 + i/(n−1)), which catches the matrices that fool the ascent. Usually exact, and
 * in practice within a factor 3; costs a handful of solves (O(n²) each) instead of the O(n³) inverse.
 */
export function estimateOperatorNorm1(n: number, apply: (x: Float64Array) => void, applyT: (x: Float64Array) => void): number {
  if (n === 0) return 0;
  const x = new Float64Array(n).fill(1 / n);
  apply(x);
  if (n === 1) return Math.abs(x[0]);
  let est = sum1(x);
  const sign = new Float64Array(n);
  for (let i = 0; i < n; i++) sign[i] = x[i] >= 0 ? 1 : -1;
  let lastJ = -1;
  for (let iter = 0; iter < 5; iter++) {
    // z = Bᵀ·sign(B·x): the gradient; the best vertex is e_j with j = argmax |z_j|
    const z = sign.slice();
    applyT(z);
    let j = 0;
    for (let i = 1; i < n; i++) if (Math.abs(z[i]) > Math.abs(z[j])) j = i;
    if (iter > 0 && j === lastJ) break; // no better vertex: a local maximum
    lastJ = j;
    x.fill(0);
    x[j] = 1;
    apply(x);
    const next = sum1(x);
    let same = true;
    for (let i = 0; i < n; i++) {
      const s = x[i] >= 0 ? 1 : -1;
      if (s !== sign[i]) same = false;
      sign[i] = s;
    }
    if (next <= est || same) {
      est = Math.max(est, next);
      break;
    }
    est = next;
  }
  for (let i = 0; i < n; i++) x[i] = (i % 2 === 0 ? 1 : -1) * (1 + i / (n - 1));
  apply(x);
  return Math.max(est, (2 * sum1(x)) / (3 * n));
}

/**
 * Estimate of the 1-norm condition number κ₁(a) = ‖a‖₁·‖a⁻¹‖₁ of a square matrix, from its LU
 * factorisation (computed here unless given) and Hager–Higham's estimate of ‖a⁻¹‖₁: O(n²) beyond the
 * factorisation, never forms a⁻¹. A lower bound on the exact value, usually equal to it. Infinity when
 * a has an exactly zero pivot; 0×0 gives 0. Pass the factorisation when it exists already.
 */
export function cond1Estimate(a: Matrix, factor?: LuDecomposition): number {
  checkSquare(a, 'a');
  const f = factor ?? lu(a);
  const n = a.rows;
  if (n === 0) return 0;
  const u = f.lu.data;
  for (let i = 0; i < n; i++) if (u[i * n + i] === 0) return Infinity;
  const tmp = new Float64Array(n);
  // a = Pᵀ·L·U: a⁻¹·x = U⁻¹·L⁻¹·(P·x); a⁻ᵀ·x = Pᵀ·(L⁻ᵀ·U⁻ᵀ·x)
  const apply = (x: Float64Array) => {
    for (let i = 0; i < n; i++) tmp[i] = x[f.perm[i]];
    solveTriangularInPlace(u, n, tmp, 1, true, false, true, 'a');
    solveTriangularInPlace(u, n, tmp, 1, false, false, false, 'a');
    x.set(tmp);
  };
  const applyT = (x: Float64Array) => {
    solveTriangularInPlace(u, n, x, 1, false, true, false, 'a');
    solveTriangularInPlace(u, n, x, 1, true, true, true, 'a');
    tmp.set(x);
    for (let i = 0; i < n; i++) x[f.perm[i]] = tmp[i];
  };
  return norm1(a) * estimateOperatorNorm1(n, apply, applyT);
}

function sum1(x: Float64Array): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += Math.abs(x[i]);
  return s;
}
