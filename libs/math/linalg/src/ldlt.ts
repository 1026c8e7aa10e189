import { estimateOperatorNorm1, norm1 } from './condition';
import { FailedPreconditionError } from './errors';
import { Matrix, zeros } from './matrix';
import { checkRhs, checkSymmetric } from './validate';

/**
 * P·a·Pᵀ = L·D·Lᵀ of a symmetric (possibly indefinite or singular) matrix: L unit lower triangular,
 * D block diagonal with 1×1 and 2×2 blocks, P a symmetric permutation (row i of P·a·Pᵀ is row
 * perm[i] of a). D is stored as its diagonal and its first subdiagonal (nonzero only inside 2×2
 * blocks); blockSize[i] is 1, or 2 at the first index of a 2×2 block (0 at the second).
 */
export interface Ldlt {
  l: Matrix;
  diag: Float64Array;
  offDiag: Float64Array;
  blockSize: Int8Array;
  perm: Int32Array;
  /** max|a_ij|, the scale for "zero to working precision" in inertia and solve. */
  maxAbs: number;
}

/** Bunch–Kaufman's α = (1 + √17)/8: balances the growth of 1×1 and 2×2 steps (bounded by 2.57ⁿ⁻¹). */
const ALPHA = (1 + Math.sqrt(17)) / 8;

/**
 * LDLᵀ factorisation with Bunch–Kaufman partial pivoting (Golub & Van Loan §4.4, LAPACK dsytf2): at
 * each step a 1×1 pivot when the diagonal is large enough relative to its column, else a 2×2 pivot
 * block, so it works for indefinite matrices where Cholesky fails and LDLᵀ without pivoting is
 * unstable. Unblocked, updating the full trailing square (twice the flops of one triangle, kept
 * simple because whole-row swaps then stay valid); meant for moderate n. Never throws for singular
 * input (a zero pivot column gives a zero D entry); ldltSolve does.
 */
export function ldlt(a: Matrix): Ldlt {
  checkSymmetric(a, 'a');
  const n = a.rows;
  const w = new Float64Array(n * n);
  let maxAbs = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      const v = a.data[i * n + j];
      w[i * n + j] = v;
      w[j * n + i] = v;
      maxAbs = Math.max(maxAbs, Math.abs(v));
    }
  }
  const perm = new Int32Array(n);
  for (let i = 0; i < n; i++) perm[i] = i;
  const diag = new Float64Array(n);
  const offDiag = new Float64Array(Math.max(0, n - 1));
  const blockSize = new Int8Array(n);
  const swap = (p: number, q: number) => {
    if (p === q) return;
    for (let j = 0; j < n; j++) {
      const t = w[p * n + j];
      w[p * n + j] = w[q * n + j];
      w[q * n + j] = t;
    }
    for (let i = 0; i < n; i++) {
      const t = w[i * n + p];
      w[i * n + p] = w[i * n + q];
      w[i * n + q] = t;
    }
    const t = perm[p];
    perm[p] = perm[q];
    perm[q] = t;
  };
  let k = 0;
  while (k < n) {
    const akk = Math.abs(w[k * n + k]);
    let colmax = 0;
    let imax = k;
    for (let i = k + 1; i < n; i++) {
      const v = Math.abs(w[i * n + k]);
      if (v > colmax) {
        colmax = v;
        imax = i;
      }
    }
    let size = 1;
    if (Math.max(akk, colmax) > 0 && akk < ALPHA * colmax) {
      let rowmax = 0; // largest off-diagonal in row/column imax of the trailing matrix
      for (let j = k; j < n; j++) if (j !== imax) rowmax = Math.max(rowmax, Math.abs(w[imax * n + j]));
      if (akk * rowmax >= ALPHA * colmax * colmax) {
        // 1×1 at k: growth is bounded although the column is larger
      } else if (Math.abs(w[imax * n + imax]) >= ALPHA * rowmax) {
        swap(k, imax); // 1×1 with the large diagonal entry imax
      } else {
        swap(k + 1, imax); // 2×2 with rows k, imax
        size = 2;
      }
    }
    if (size === 1) {
      const d = w[k * n + k];
      diag[k] = d;
      blockSize[k] = 1;
      if (d !== 0) {
        for (let i = k + 1; i < n; i++) {
          const lik = w[i * n + k] / d;
          if (lik === 0) continue;
          const ri = i * n;
          const rk = k * n; // row k = column k above the diagonal (w is kept symmetric)
          for (let j = k + 1; j < n; j++) w[ri + j] -= lik * w[rk + j];
        }
        for (let i = k + 1; i < n; i++) w[i * n + k] /= d;
      } // d = 0 only when the whole column is 0: nothing to eliminate, L column stays 0
      k += 1;
    } else {
      const d11 = w[k * n + k], d21 = w[(k + 1) * n + k], d22 = w[(k + 1) * n + k + 1];
      diag[k] = d11;
      diag[k + 1] = d22;
      offDiag[k] = d21;
      blockSize[k] = 2;
      blockSize[k + 1] = 0;
      w[(k + 1) * n + k] = 0; // inside the block: D, not L
      // [l_i,k l_i,k+1] = [w_ik w_i,k+1]·D⁻¹, D⁻¹ = [d22 −d21; −d21 d11]/det, det < 0 by the pivot test
      const det = d11 * d22 - d21 * d21;
      // rows k and k+1 hold the original columns k, k+1 (symmetry) and are not touched by the update
      const rk = k * n, rk1 = (k + 1) * n;
      for (let i = k + 2; i < n; i++) {
        const x = w[rk + i], y = w[rk1 + i];
        const l1 = (d22 * x - d21 * y) / det;
        const l2 = (d11 * y - d21 * x) / det;
        const ri = i * n;
        for (let j = k + 2; j < n; j++) w[ri + j] -= l1 * w[rk + j] + l2 * w[rk1 + j];
        w[ri + k] = l1;
        w[ri + k + 1] = l2;
      }
      k += 2;
    }
  }
  return { l: unitLowerFrom(w, n), diag, offDiag, blockSize, perm, maxAbs };
}

/** Unit lower triangle of w (L); the strict upper part and the D entries are dropped. */
function unitLowerFrom(w: Float64Array, n: number): Matrix {
  const l = zeros(n, n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < i; j++) l.data[i * n + j] = w[i * n + j];
    l.data[i * n + i] = 1;
  }
  return l;
}

/** Numbers of positive, negative and zero eigenvalues of a (Sylvester's law of inertia: those of D). */
export interface Inertia {
  positive: number;
  negative: number;
  zero: number;
}

/**
 * Inertia from the D of an LDLᵀ factorisation. A 1×1 block counts as zero when |d| ≤ n·eps·max|a|
 * (zero to working precision); a 2×2 block [a b; b c] has one eigenvalue of each sign when its
 * determinant is negative, else two of the sign of its trace.
 */
export function ldltInertia(f: Ldlt): Inertia {
  const n = f.diag.length;
  const tol = n * Number.EPSILON * f.maxAbs;
  const out: Inertia = { positive: 0, negative: 0, zero: 0 };
  for (let k = 0; k < n; k += f.blockSize[k]) {
    if (f.blockSize[k] === 1) {
      const d = f.diag[k];
      if (Math.abs(d) <= tol) out.zero++;
      else if (d > 0) out.positive++;
      else out.negative++;
    } else {
      const a = f.diag[k], b = f.offDiag[k], c = f.diag[k + 1];
      // eigenvalues of the block, (a + c)/2 ± √(((a − c)/2)² + b²), without cancellation for the small one
      const mid = (a + c) / 2, rad = Math.hypot((a - c) / 2, b);
      const big = mid >= 0 ? mid + rad : mid - rad;
      const small = big === 0 ? 0 : (a * c - b * b) / big;
      for (const e of [big, small]) {
        if (Math.abs(e) <= tol) out.zero++;
        else if (e > 0) out.positive++;
        else out.negative++;
      }
    }
  }
  return out;
}

/**
 * Solves a·x = b (b n×r) from P·a·Pᵀ = L·D·Lᵀ: permute, forward substitution with L, the 1×1 and
 * 2×2 blocks of D, back substitution with Lᵀ, permute back. Throws FailedPreconditionError when a
 * block of D is singular to working precision.
 */
export function ldltSolve(f: Ldlt, b: Matrix): Matrix {
  const n = f.diag.length;
  checkRhs(b, n, 'b');
  assertNonsingularD(f);
  const r = b.cols;
  const y = new Float64Array(n * r);
  for (let i = 0; i < n; i++) y.set(b.data.subarray(f.perm[i] * r, f.perm[i] * r + r), i * r);
  solveInPlace(f, y, r);
  const x = zeros(n, r);
  for (let i = 0; i < n; i++) x.data.set(y.subarray(i * r, i * r + r), f.perm[i] * r);
  return x;
}

/**
 * 1-norm condition number estimate κ₁(a) = ‖a‖₁·‖a⁻¹‖₁ of a symmetric matrix from its LDLᵀ
 * factorisation (Hager–Higham, a⁻¹ symmetric so one solve serves both directions). Infinity when D
 * is singular to working precision.
 */
export function ldltCond1Estimate(a: Matrix, f: Ldlt): number {
  const n = f.diag.length;
  if (n === 0) return 0;
  try {
    assertNonsingularD(f);
  } catch {
    return Infinity;
  }
  const tmp = new Float64Array(n);
  const apply = (x: Float64Array) => {
    for (let i = 0; i < n; i++) tmp[i] = x[f.perm[i]];
    solveInPlace(f, tmp, 1);
    for (let i = 0; i < n; i++) x[f.perm[i]] = tmp[i];
  };
  return norm1(a) * estimateOperatorNorm1(n, apply, apply);
}

/** y := (L·D·Lᵀ)⁻¹·y for y n×r in the permuted order. */
function solveInPlace(f: Ldlt, y: Float64Array, r: number): void {
  const n = f.diag.length;
  const L = f.l.data;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < i; j++) {
      const l = L[i * n + j];
      if (l !== 0) for (let c = 0; c < r; c++) y[i * r + c] -= l * y[j * r + c];
    }
  }
  for (let k = 0; k < n; k += f.blockSize[k]) {
    if (f.blockSize[k] === 1) {
      for (let c = 0; c < r; c++) y[k * r + c] /= f.diag[k];
    } else {
      const a = f.diag[k], b = f.offDiag[k], d = f.diag[k + 1];
      const det = a * d - b * b;
      for (let c = 0; c < r; c++) {
        const u = y[k * r + c], v = y[(k + 1) * r + c];
        y[k * r + c] = (d * u - b * v) / det;
        y[(k + 1) * r + c] = (a * v - b * u) / det;
      }
    }
  }
  for (let i = n - 1; i >= 0; i--) {
    for (let j = i + 1; j < n; j++) {
      const l = L[j * n + i];
      if (l !== 0) for (let c = 0; c < r; c++) y[i * r + c] -= l * y[j * r + c];
    }
  }
}

function assertNonsingularD(f: Ldlt): void {
  const n = f.diag.length;
  const tol = n * Number.EPSILON * f.maxAbs;
  for (let k = 0; k < n; k += f.blockSize[k]) {
    const small =
      f.blockSize[k] === 1
        ? Math.abs(f.diag[k])
        : Math.abs(f.diag[k] * f.diag[k + 1] - f.offDiag[k] * f.offDiag[k]) / Math.max(Math.abs(f.offDiag[k]), Number.MIN_VALUE);
    if (!(small > tol)) {
      throw new FailedPreconditionError(`a is singular to working precision: the ${f.blockSize[k]}x${f.blockSize[k]} pivot block at ${k} of D is ${Number(small.toPrecision(6))} (threshold ${tol.toPrecision(3)})`);
    }
  }
}
