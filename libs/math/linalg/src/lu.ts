import { FailedPreconditionError } from './errors';
import { gemmRaw } from './gemm';
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

/** Panel width of the blocked algorithm; matrices narrower than this run the unblocked panel alone. */
const NB = 64;

/**
 * LU factorisation with partial (row) pivoting, blocked right-looking (LAPACK dgetrf order):
 * factor a 64-column panel with pivoting (row swaps applied to whole rows), form U12 = L11⁻¹·A12,
 * then update the trailing matrix A22 −= L21·U12 with one GEMM (WASM SIMD when available).
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
  for (let k0 = 0; k0 < n; k0 += NB) {
    const kb = Math.min(NB, n - k0);
    sign *= factorPanel(d, n, k0, kb, perm);
    const right = n - k0 - kb;
    if (right === 0) break;
    // U12 := L11⁻¹·A12 (unit lower; row-oriented so the updates are contiguous row axpys).
    for (let i = k0 + 1; i < k0 + kb; i++) {
      const ri = i * n;
      for (let p = k0; p < i; p++) {
        const l = d[ri + p];
        if (l === 0) continue;
        const rp = p * n;
        for (let j = k0 + kb; j < n; j++) d[ri + j] -= l * d[rp + j];
      }
    }
    const below = n - k0 - kb;
    const off21 = (k0 + kb) * n + k0;
    const off12 = k0 * n + k0 + kb;
    const off22 = (k0 + kb) * n + k0 + kb;
    gemmRaw(false, false, below, right, kb, -1, d.subarray(off21), n, d.subarray(off12), n, 1, d.subarray(off22), n);
  }
  return { lu: f, perm, sign, maxAbs };
}

/**
 * Unblocked partial-pivoting elimination of columns k0..k0+kb−1 over rows k0..n−1, touching only
 * those columns (plus whole-row swaps). Returns the sign of the row permutation applied.
 */
function factorPanel(d: Float64Array, n: number, k0: number, kb: number, perm: Int32Array): number {
  let sign = 1;
  const end = k0 + kb;
  for (let k = k0; k < end; k++) {
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
      for (let j = k + 1; j < end; j++) d[ri + j] -= l * d[rk + j];
    }
  }
  return sign;
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
  return luDeterminant(lu(a)).det;
}

/**
 * Sign and log|det| of a square matrix via LU, free of the over/underflow a plain product of n pivots
 * hits (numpy's slogdet). An exactly singular matrix (a zero pivot) gives sign 0, logAbsDet −∞.
 */
export function slogdet(a: Matrix): { sign: number; logAbsDet: number } {
  const { sign, logAbsDet } = luDeterminant(lu(a));
  return { sign, logAbsDet };
}

/** det (the plain product, may over/underflow), sign and log|det| from an existing LU factorisation. */
export function luDeterminant(f: LuDecomposition): { det: number; sign: number; logAbsDet: number } {
  const n = f.lu.rows;
  let det = f.sign;
  let sign = f.sign;
  let logAbsDet = 0;
  for (let i = 0; i < n; i++) {
    const u = f.lu.data[i * n + i];
    det *= u;
    if (u === 0) return { det: 0, sign: 0, logAbsDet: -Infinity };
    if (u < 0) sign = -sign;
    logAbsDet += Math.log(Math.abs(u));
  }
  return { det, sign, logAbsDet };
}

/** a⁻¹ by solving a·x = I. Throws FailedPreconditionError when a is singular to working precision. */
export function inverse(a: Matrix): Matrix {
  checkSquare(a, 'a');
  return luSolve(lu(a), identity(a.rows));
}
