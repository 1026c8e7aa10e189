import { FailedPreconditionError } from './errors';
import { identity, Matrix, zeros } from './matrix';
import { solveTriangularInPlace } from './triangular';
import { checkRhs, checkSquare } from './validate';

/**
 * P·a = L·U with partial pivoting, packed: `lu` holds U on and above the diagonal and the multipliers
 * of unit-lower L below it. Row i of P·a is row perm[i] of a; sign = det(P) = ±1.
 * maxAbs = max|a_ij|, kept to judge pivots "zero to working precision" in the solvers.
 */
export interface LuDecomposition {
  lu: Matrix;
  perm: Int32Array;
  sign: number;
  maxAbs: number;
}

/**
 * LU factorisation with partial (row) pivoting, right-looking; the row updates are contiguous axpys.
 * Never throws for singular input (det is then 0 or tiny); luSolve/inverse do.
 */
export function lu(a: Matrix): LuDecomposition {
  checkSquare(a, 'a');
  const n = a.rows;
  const f = zeros(n, n);
  const d = f.data;
  d.set(a.data);
  const perm = new Int32Array(n);
  for (let i = 0; i < n; i++) perm[i] = i;
  let maxAbs = 0;
  for (let i = 0; i < d.length; i++) maxAbs = Math.max(maxAbs, Math.abs(d[i]));
  let sign = 1;
  for (let k = 0; k < n; k++) {
    let p = k;
    let best = Math.abs(d[k * n + k]);
    for (let i = k + 1; i < n; i++) {
      const v = Math.abs(d[i * n + k]);
      if (v > best) {
        best = v;
        p = i;
      }
    }
    if (p !== k) {
      for (let j = 0; j < n; j++) {
        const tmp = d[k * n + j];
        d[k * n + j] = d[p * n + j];
        d[p * n + j] = tmp;
      }
      const tp = perm[k];
      perm[k] = perm[p];
      perm[p] = tp;
      sign = -sign;
    }
    const pivot = d[k * n + k];
    if (pivot === 0) continue; // column already zero below the diagonal: nothing to eliminate
    const rk = k * n;
    for (let i = k + 1; i < n; i++) {
      const ri = i * n;
      const l = (d[ri + k] /= pivot);
      if (l === 0) continue;
      for (let j = k + 1; j < n; j++) d[ri + j] -= l * d[rk + j];
    }
  }
  return { lu: f, perm, sign, maxAbs };
}

/** Throws FailedPreconditionError at the first pivot |u_jj| ≤ n·eps·max|a| (singular to working precision). */
function assertNonsingular(f: LuDecomposition): void {
  const n = f.lu.rows;
  const tol = n * Number.EPSILON * f.maxAbs;
  for (let j = 0; j < n; j++) {
    const u = f.lu.data[j * n + j];
    if (!(Math.abs(u) > tol)) {
      throw new FailedPreconditionError(`a is singular to working precision: pivot ${j} is ${Number(u.toPrecision(6))} (threshold ${tol.toPrecision(3)})`);
    }
  }
}

/** Solves a·x = b from an LU factorisation (b n×r). */
export function luSolve(f: LuDecomposition, b: Matrix): Matrix {
  const n = f.lu.rows;
  checkRhs(b, n, 'b');
  assertNonsingular(f);
  const r = b.cols;
  const x = zeros(n, r);
  for (let i = 0; i < n; i++) x.data.set(b.data.subarray(f.perm[i] * r, f.perm[i] * r + r), i * r);
  solveTriangularInPlace(f.lu.data, n, x.data, r, true, false, true, 'a');
  solveTriangularInPlace(f.lu.data, n, x.data, r, false, false, false, 'a');
  return x;
}

/** Solves the square system a·x = b (b n×r) by LU with partial pivoting. */
export function solve(a: Matrix, b: Matrix): Matrix {
  checkSquare(a, 'a');
  checkRhs(b, a.rows, 'b');
  return luSolve(lu(a), b);
}

/** Determinant via LU (product of the pivots times the permutation sign); det of a 0×0 matrix is 1. */
export function det(a: Matrix): number {
  const f = lu(a);
  const n = a.rows;
  let p = f.sign;
  for (let i = 0; i < n; i++) p *= f.lu.data[i * n + i];
  return p;
}

/** a⁻¹ by solving a·x = I. Throws FailedPreconditionError when a is singular to working precision. */
export function inverse(a: Matrix): Matrix {
  checkSquare(a, 'a');
  return luSolve(lu(a), identity(a.rows));
}
