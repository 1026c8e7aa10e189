import { applyPreparedReflector, BlockReflector, blockReflector } from './block-reflector';
import { applyBlocksWasm } from './svd-tall-qr-wasm';
import { bidiagonalQr, RESIDENT_MIN_ELEMENTS } from './svd-bidiagonal-qr';
import { bidiagonalizeFusedWasm } from './svd-bidiagonal-wasm';
import { bidiagonalizeWasm } from './wasm/kernels';
import { bidiagonalSvdDc } from './bidiagonal-dc';

/** Below this size the copy in and out of WASM memory is not worth it. */
const WASM_MIN_ELEMENTS = 32 * 32;

/**
 * Golub–Kahan SVD of a dense m×n matrix with m ≥ n (row-major, overwritten): Householder
 * bidiagonalisation a = U·B·Vᵀ, then the SVD of B — from n = dcMinN (default SVD_DC_MIN_N) by divide and
 * conquer with its vectors mapped back through the reflectors (LAPACK dgesdd), below it by the
 * implicit-shift QR iteration rotating the accumulated U and V (LINPACK dsvdc as in JAMA, Golub & Van
 * Loan §8.6). Returns Uᵀ (n×m) and Vᵀ (n×n) with singular vectors as *rows*, so every
 * rotation and reflector touches contiguous memory, and the n singular values (≥ 0, not sorted).
 * Accuracy: backward stable (‖A − UΣVᵀ‖ ≈ c·n·eps·‖A‖), absolute not relative accuracy for tiny σ —
 * one-sided Jacobi (svd.ts) is used where that matters.
 * Expects input prescaled to max|a_ij| ≈ 1 (svd.ts does it), so the plain 2-norms here cannot overflow.
 */
export function golubKahanSvd(a: Float64Array, m: number, n: number, dcMinN = SVD_DC_MIN_N): { s: Float64Array; ut: Float64Array; vt: Float64Array } {
  const d = new Float64Array(n);
  const e = new Float64Array(n);
  const tauL = new Float64Array(n);
  const tauR = new Float64Array(n);
  const w = new Float64Array(Math.max(m, n));
  // WASM SIMD with the matrix resident in WASM memory when available; the TS loop otherwise
  const inWasm = m * n >= WASM_MIN_ELEMENTS && (bidiagonalizeFusedWasm(a, m, n, d, e, tauL, tauR) || bidiagonalizeWasm(a, m, n, d, e, tauL, tauR));
  if (!inWasm) bidiagonalize(a, m, n, d, e, tauL, tauR, w);
  if (n >= dcMinN) {
    // B's singular vectors by divide and conquer, then mapped back through the reflectors (dgesdd's dbdsdc + dormbr)
    const { ut: ub, vt } = bidiagonalSvdDc(d, e, n);
    const ut = new Float64Array(n * m);
    for (let i = 0; i < n; i++) ut.set(ub.subarray(i * n, i * n + n), i * m);
    applyLeft(ut, a, m, n, tauL);
    applyRight(vt, a, n, tauR);
    return { s: d, ut, vt };
  }
  const ut = accumulateLeft(a, m, n, tauL);
  const vt = accumulateRight(a, n, tauR);
  bidiagonalQr(d, e, ut, m, vt, n);
  return { s: d, ut, vt };
}

/** Householder vector for x = [x0, rest] (dlarfg): returns [τ, β] and scales rest into v (v0 = 1 implied). */
function reflector(x0: number, sumSqRest: number): [number, number] {
  if (sumSqRest === 0) return [0, x0];
  const norm = Math.sqrt(x0 * x0 + sumSqRest);
  const beta = x0 >= 0 ? -norm : norm;
  return [(beta - x0) / beta, beta];
}

/**
 * Householder bidiagonalisation in place (dgebd2 order), two passes over the trailing matrix per
 * step instead of three: pass 1 forms w = τ·vᵀ·A for the left reflector; pass 2 takes each row once,
 * applies the left update and then, while the row is in cache, the right reflector built from row j.
 * Left vectors end up in a[i, j] (i > j), right vectors in a[j, c] (c > j + 1), units implied.
 */
export function bidiagonalize(
  a: Float64Array, m: number, n: number, d: Float64Array, e: Float64Array, tauL: Float64Array, tauR: Float64Array, w: Float64Array,
): void {
  for (let j = 0; j < n; j++) {
    const rj = j * n;
    let ss = 0;
    for (let i = j + 1; i < m; i++) ss += a[i * n + j] * a[i * n + j];
    const x0 = a[rj + j];
    const [tl, bl] = reflector(x0, ss);
    tauL[j] = tl;
    d[j] = bl;
    if (tl !== 0) {
      const inv = 1 / (x0 - bl);
      for (let i = j + 1; i < m; i++) a[i * n + j] *= inv;
      for (let c = j + 1; c < n; c++) w[c] = a[rj + c];
      for (let i = j + 1; i < m; i++) {
        const vi = a[i * n + j];
        if (vi === 0) continue;
        const ri = i * n;
        for (let c = j + 1; c < n; c++) w[c] += vi * a[ri + c];
      }
      for (let c = j + 1; c < n; c++) {
        w[c] *= tl;
        a[rj + c] -= w[c];
      }
    }
    if (j >= n - 1) break;
    // Right reflector from the (left-updated) row j.
    ss = 0;
    for (let c = j + 2; c < n; c++) ss += a[rj + c] * a[rj + c];
    const y0 = a[rj + j + 1];
    const [tr, br] = reflector(y0, ss);
    tauR[j] = tr;
    e[j] = br;
    if (tr !== 0) {
      const inv = 1 / (y0 - br);
      for (let c = j + 2; c < n; c++) a[rj + c] *= inv;
    }
    // Pass 2: rows below j get the left update, then the right one.
    for (let i = j + 1; i < m; i++) {
      const ri = i * n;
      const vi = tl !== 0 ? a[ri + j] : 0;
      if (vi !== 0) for (let c = j + 1; c < n; c++) a[ri + c] -= vi * w[c];
      if (tr === 0) continue;
      let dot = a[ri + j + 1];
      for (let c = j + 2; c < n; c++) dot += a[ri + c] * a[rj + c];
      const s = tr * dot;
      if (s === 0) continue;
      a[ri + j + 1] -= s;
      for (let c = j + 2; c < n; c++) a[ri + c] -= s * a[rj + c];
    }
  }
}

/**
 * From this min(m, n) the bidiagonal SVD is divide and conquer (bidiagonal-dc.ts) instead of the QR iteration,
 * whose rotations of U and V cost ~O(n³) flops outside any GEMM.
 */
export const SVD_DC_MIN_N = 96; // measured (CPU time): equal at 64, D&C 10 % faster at 96 and 28 % at 200 (20–30 % with the TS kernels)

/** Reflectors per compact-WY block when accumulating U and V. */
const NB = 32;

/**
 * Uᵀ (n×m): row c is U·e_c with U = H_0…H_{n−1}·[I; 0], i.e. Uᵀ = [I 0]·H_{n−1}⋯H_0, accumulated
 * backwards in blocks of NB reflectors as Uᵀ ← Uᵀ·(I − V·Tᵀ·Vᵀ) (LAPACK dlarft/dlarfb), so the
 * ~4/3·n³ flops run in the GEMM kernel. Rows c < j0 are still e_c there and are left alone.
 */
function accumulateLeft(a: Float64Array, m: number, n: number, tauL: Float64Array): Float64Array {
  const ut = new Float64Array(n * m);
  for (let c = 0; c < n; c++) ut[c * m + c] = 1;
  // reflector j0+i: unit at row j0+i, entries a[r, j0+i] below
  const ranges: Array<[number, number]> = [];
  for (let j0 = 0; j0 < n; j0 += NB) ranges.push([j0, Math.min(NB, n - j0)]);
  applyBlocksBackwards(ut, n, m, ranges, ranges.map(([j0]) => j0), (j0, nb) => blockReflector(m - j0, nb, tauL.subarray(j0, j0 + nb), a, j0 * n + j0, n, false));
  return ut;
}

/** x (n×m, rows y) ← each row replaced by H_0⋯H_{n−1}·y, the left reflectors of the bidiagonalisation (dormbr). */
function applyLeft(x: Float64Array, a: Float64Array, m: number, n: number, tauL: Float64Array): void {
  const ranges: Array<[number, number]> = [];
  for (let j0 = 0; j0 < n; j0 += NB) ranges.push([j0, Math.min(NB, n - j0)]);
  applyBlocksBackwards(x, n, m, ranges, ranges.map(([j0]) => j0), (j0, nb) => blockReflector(m - j0, nb, tauL.subarray(j0, j0 + nb), a, j0 * n + j0, n, false), false);
}

/** x (n×n, rows y) ← each row replaced by G_0⋯G_{n−3}·y, the right reflectors. */
function applyRight(x: Float64Array, a: Float64Array, n: number, tauR: Float64Array): void {
  const count = Math.max(0, n - 2);
  const ranges: Array<[number, number]> = [];
  for (let j0 = 0; j0 < count; j0 += NB) ranges.push([j0, Math.min(NB, count - j0)]);
  applyBlocksBackwards(x, n, n, ranges, ranges.map(([j0]) => j0 + 1), (j0, nb) => blockReflector(n - j0 - 1, nb, tauR.subarray(j0, j0 + nb), a, j0 * n + j0 + 1, n, true), false);
}

/**
 * Vᵀ (n×n): row c is V·e_c with V = G_0…G_{n−3}, G_j acting on indices j+1..n−1 with its vector in
 * a[j, j+2:] (unit at j+1 implied); blocked as accumulateLeft. Also used for eigh's tridiagonalisation.
 */
export function accumulateRight(a: Float64Array, n: number, tauR: Float64Array): Float64Array {
  const vt = new Float64Array(n * n);
  for (let c = 0; c < n; c++) vt[c * n + c] = 1;
  const count = Math.max(0, n - 2);
  // reflector j0+i: unit at index j0+1+i, entries a[j0+i, j0+1+r] beyond
  const ranges: Array<[number, number]> = [];
  for (let j0 = 0; j0 < count; j0 += NB) ranges.push([j0, Math.min(NB, count - j0)]);
  applyBlocksBackwards(vt, n, n, ranges, ranges.map(([j0]) => j0 + 1), (j0, nb) => blockReflector(n - j0 - 1, nb, tauR.subarray(j0, j0 + nb), a, j0 * n + j0 + 1, n, true));
  return vt;
}

/**
 * x (rows×ld) ← x·(H_{last}⋯H_first) block by block from the last, block p (reflectors ranges[p] = [j0, nb])
 * acting on columns from offsets[p], and on rows from there too when `unitRows` (x started as the identity,
 * so rows before it are untouched unit rows there), else on all rows. In WASM with x resident when the
 * kernels are loaded (one copy in and out instead of one per product).
 */
function applyBlocksBackwards(
  x: Float64Array, rows: number, ld: number, ranges: Array<[number, number]>, offsets: number[], build: (j0: number, nb: number) => BlockReflector,
  unitRows = true,
): void {
  const blocks = ranges.map(([j0, nb]) => build(j0, nb));
  const starts = unitRows ? offsets : offsets.map(() => 0);
  if (rows * ld >= RESIDENT_MIN_ELEMENTS && applyBlocksWasm(x, rows, ld, blocks, offsets, true, starts)) return;
  for (let p = blocks.length - 1; p >= 0; p--) applyPreparedReflector(x, ld, starts[p], rows, offsets[p], blocks[p], true);
}
