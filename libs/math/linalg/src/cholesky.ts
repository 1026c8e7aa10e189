import { choleskyWasm } from './cholesky-wasm';
import { FailedPreconditionError } from './errors';
import { gemmRaw } from './gemm';
import { Matrix, zeros } from './matrix';
import { solveTriangularInPlace } from './triangular';
import { checkMatrix, checkRhs, checkSquare, checkSymmetric } from './validate';

/** Block size of the right-looking blocked algorithm; below 2·NB the unblocked loop runs alone. */
const NB = 64;
/** Column-block width of the lower-triangular trailing update. */
const SYRK_BLOCK = 192;
/** Column sub-block of the panel solve. */
const SUB = 16;

/** Below this order the copy into WASM memory is not worth it (and the TS loop is as fast). */
const WASM_MIN_N = 24;

/**
 * Cholesky factor of a symmetric positive definite matrix: lower-triangular L with a = L·Lᵀ.
 * With the WASM kernels: recursive factorisation with the matrix resident in WASM memory
 * (cholesky-wasm.ts). Otherwise, and as its tested twin, choleskyLowerTs: blocked right-looking —
 * factor a 64-wide diagonal block (row-oriented Cholesky–Banachiewicz, inner loops are dot products
 * of contiguous rows), solve the panel below it, and update the trailing matrix with one GEMM, which
 * carries ~all of the n³/3 flops. Reads the lower triangle of a after checking symmetry. Like LAPACK,
 * fails only on a pivot ≤ 0, with a FailedPreconditionError naming it.
 */
export function cholesky(a: Matrix): Matrix {
  checkMatrix(a, 'a');
  const n = a.rows;
  if (n === a.cols && n >= WASM_MIN_N) {
    const r = choleskyWasm(a.data, n);
    if (r instanceof Float64Array) return { rows: n, cols: n, data: r };
    if (r !== null && r !== 'check') throw notPositiveDefinite(r.info, r.pivot);
  }
  checkSymmetric(a, 'a');
  return choleskyLowerTs(a);
}

function notPositiveDefinite(i: number, s: number): FailedPreconditionError {
  return new FailedPreconditionError(
    `a is not positive definite: pivot ${i} is ${Number(s.toPrecision(6))} (the leading ${i + 1}x${i + 1} block is not positive definite)`,
  );
}

/** The TypeScript path of cholesky() (unchecked: a must be square and symmetric). */
export function choleskyLowerTs(a: Matrix): Matrix {
  const n = a.rows;
  const l = zeros(n, n);
  const L = l.data;
  for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) L[i * n + j] = a.data[i * n + j];
  for (let k0 = 0; k0 < n; k0 += NB) {
    const kb = Math.min(NB, n - k0);
    factorDiagonalBlock(L, n, k0, kb);
    const below = n - k0 - kb;
    if (below === 0) break;
    solvePanel(L, n, k0, kb);
    // A22 −= L21·L21ᵀ, lower triangle only (SYRK by block columns): column block [c0, c0 + w) is
    // updated from row c0 down with one GEMM, so about half the flops of the full square. The few
    // strict-upper entries inside each diagonal block are cleared at the end.
    const off21 = (k0 + kb) * n + k0;
    for (let c0 = 0; c0 < below; c0 += SYRK_BLOCK) {
      const w = Math.min(SYRK_BLOCK, below - c0);
      const rowsDown = below - c0;
      const src = L.subarray(off21 + c0 * n);
      gemmRaw(false, true, rowsDown, w, kb, -1, src, n, src, n, 1, L.subarray((k0 + kb + c0) * n + k0 + kb + c0), n);
    }
  }
  for (let i = 0; i < n; i++) L.fill(0, i * n + i + 1, (i + 1) * n);
  return l;
}

/** Unblocked Cholesky of the kb×kb block at (k0, k0), already updated by earlier panels. */
export function factorDiagonalBlock(L: Float64Array, n: number, k0: number, kb: number): void {
  for (let i = k0; i < k0 + kb; i++) {
    const ri = i * n;
    for (let j = k0; j <= i; j++) {
      const rj = j * n;
      let s = L[ri + j];
      for (let k = k0; k < j; k++) s -= L[ri + k] * L[rj + k];
      if (i === j) {
        if (!(s > 0)) throw notPositiveDefinite(i, s);
        L[ri + i] = Math.sqrt(s);
      } else {
        L[ri + j] = s / L[rj + j];
      }
    }
  }
}

/**
 * L21 := A21·L11⁻ᵀ (blocked TRSM): columns in sub-blocks of SUB; each sub-block first takes the
 * contribution of the already-solved columns with one GEMM, then forward substitution against its
 * SUB×SUB diagonal block, row by row. Same operations as plain substitution, in a different order.
 */
function solvePanel(L: Float64Array, n: number, k0: number, kb: number): void {
  const below = n - k0 - kb;
  const r0 = k0 + kb;
  for (let c0 = k0; c0 < k0 + kb; c0 += SUB) {
    const cw = Math.min(SUB, k0 + kb - c0);
    if (c0 > k0) {
      gemmRaw(false, true, below, cw, c0 - k0, -1, L.subarray(r0 * n + k0), n, L.subarray(c0 * n + k0), n, 1, L.subarray(r0 * n + c0), n);
    }
    for (let i = r0; i < n; i++) {
      const ri = i * n;
      for (let j = c0; j < c0 + cw; j++) {
        const rj = j * n;
        let s = L[ri + j];
        for (let k = c0; k < j; k++) s -= L[ri + k] * L[rj + k];
        L[ri + j] = s / L[rj + j];
      }
    }
  }
}

/** Solves (L·Lᵀ)·x = b given the Cholesky factor L (n×n lower) and b (n×r). */
export function choleskySolve(l: Matrix, b: Matrix): Matrix {
  checkSquare(l, 'l');
  checkRhs(b, l.rows, 'b');
  const x = zeros(b.rows, b.cols);
  x.data.set(b.data);
  solveTriangularInPlace(l.data, l.rows, x.data, b.cols, true, false, false, 'l');
  solveTriangularInPlace(l.data, l.rows, x.data, b.cols, true, true, false, 'l');
  return x;
}
