import { applyPreparedReflector, BlockReflector, blockReflector, mergeBlockReflectors } from './block-reflector';
import { applyBlocksWasm, tallQrWasm, TallQrOptions } from './svd-tall-qr-wasm';

/**
 * Householder QR of a tall m×n matrix (m ≥ n) kept in compact form, for the QR-first paths of the SVD,
 * least squares and PCA: they need R and products with Q or Qᵀ, never Q itself. Storage as in qr.ts:
 * w = aᵀ (n×m, column j of a is the contiguous row j), reflector j is H_j = I − τ_j·v_j·v_jᵀ with
 * v_j = [1, w[j][j+1:m]] from index j on, R_jj = diag[j] and R_jc = w[c][j] for c > j.
 * Blocked twice (Elmroth–Gustavson style): panels of NB columns update the trailing matrix through
 * compact WY (GEMM), and each panel is itself split recursively down to LEAF columns, so only
 * ~LEAF/n of the flops run in the column-by-column level-2 loop. With the WASM kernels loaded the whole
 * factorisation runs with the matrix resident in WASM memory (svd-tall-qr-wasm.ts).
 */
export interface TallQr {
  m: number;
  n: number;
  /** R, n×n upper triangular, row-major */
  r: Float64Array;
  /** compact WY form of each panel of NB reflectors (panel p starts at column p·NB), reused by applyQ/applyQt */
  blocks: BlockReflector[];
}

/** Above this aspect ratio m/n the SVD-based solvers reduce a to R first: the O(m·n²) QR then carries the bulk. */
export const QR_FIRST_RATIO = 1.5;

const NB = 32;
const LEAF = 8;
/** Sums of squares below this are recomputed with scaling (their squares may have underflowed). */
const TINY_SS = 1e-280;

/**
 * QR of a/scale (scale a power of two keeps it exact; callers use it to keep squares in range).
 * options.qt: vectors to overwrite with Qᵀ·y during the factorisation; options.keepBlocks = false when
 * applyQ/applyQt will not be called (the blocks are then empty).
 */
export function tallQr(a: Float64Array, m: number, n: number, scale = 1, backend: 'auto' | 'ts' = 'auto', options: TallQrOptions = {}): TallQr {
  const fill = (dst: Float64Array) => transposeInto(dst, a, m, n, 1 / scale);
  const resident = backend === 'auto' && n > LEAF ? tallQrWasm(fill, m, n, NB, LEAF, options) : null;
  if (resident) return { m, n, ...resident };
  const w = fill(new Float64Array(n * m));
  const tau = new Float64Array(n);
  const diag = new Float64Array(n);
  const blocks: BlockReflector[] = [];
  for (let j0 = 0; j0 < n; j0 += NB) {
    const j1 = Math.min(n, j0 + NB);
    const block = factorPanel(w, m, j0, j1, tau, diag);
    if (options.keepBlocks ?? true) blocks.push(block);
    if (j1 < n) applyPreparedReflector(w, m, j1, n, j0, block, false);
    if (options.qt) applyPreparedReflector(options.qt.x, m, 0, options.qt.rows, j0, block, false);
  }
  const r = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    r[j * n + j] = diag[j];
    for (let c = j + 1; c < n; c++) r[j * n + c] = w[c * m + j];
  }
  return { m, n, r, blocks };
}

/** A copy of R (n×n upper triangular, row-major), for callers that overwrite it. */
export function tallQrR(f: TallQr): Float64Array {
  return Float64Array.from(f.r);
}

/** Rows from which applying the blocks inside WASM (one copy in and out) beats the per-product copies. */
const WASM_MIN_ROWS = 3;

/** x (rows×m, each row a vector y) ← rows of Q·y, i.e. y ← H_0⋯H_{n−1}·y. */
export function applyQ(f: TallQr, x: Float64Array, rows: number): void {
  const { m, blocks } = f;
  if (rows >= WASM_MIN_ROWS && applyBlocksWasm(x, rows, m, blocks, blocks.map((_, p) => p * NB), true)) return;
  for (let p = blocks.length - 1; p >= 0; p--) applyPreparedReflector(x, m, 0, rows, p * NB, blocks[p], true);
}

/** x (rows×m, each row a vector y) ← rows of Qᵀ·y, i.e. y ← H_{n−1}⋯H_0·y. */
export function applyQt(f: TallQr, x: Float64Array, rows: number): void {
  const { m, blocks } = f;
  if (rows >= WASM_MIN_ROWS && applyBlocksWasm(x, rows, m, blocks, blocks.map((_, p) => p * NB), false)) return;
  for (let p = 0; p < blocks.length; p++) applyPreparedReflector(x, m, 0, rows, p * NB, blocks[p], false);
}

/**
 * u (m×r, row-major) = Q·[U_R; 0] where the r columns of U_R (n×n space) are the rows of urt (r×n):
 * the reflectors are applied to the padded rows, then one transpose.
 */
export function leftVectorsFromR(f: TallQr, urt: Float64Array, r: number): Float64Array {
  const { m, n } = f;
  const ut = new Float64Array(r * m);
  for (let t = 0; t < r; t++) ut.set(urt.subarray(t * n, t * n + n), t * m);
  applyQ(f, ut, r);
  return transposeInto(new Float64Array(m * r), ut, r, m);
}

/** Columns j0..j1−1 (rows of w): recursive halves, trailing half updated by the leading half's WY block; returns the panel's block. */
function factorPanel(w: Float64Array, m: number, j0: number, j1: number, tau: Float64Array, diag: Float64Array): BlockReflector {
  if (j1 - j0 <= LEAF) {
    factorLeaf(w, m, j0, j1, tau, diag);
    return blockReflector(m - j0, j1 - j0, tau.subarray(j0, j1), w, j0 * m + j0, m, true);
  }
  const mid = j0 + ((j1 - j0) >> 1);
  const first = factorPanel(w, m, j0, mid, tau, diag);
  applyPreparedReflector(w, m, mid, j1, j0, first, false);
  return mergeBlockReflectors(first, factorPanel(w, m, mid, j1, tau, diag));
}

/** Unblocked Householder on columns j0..j1−1, updating only columns inside the range (dgeqr2 + dlarfg). */
function factorLeaf(w: Float64Array, m: number, j0: number, j1: number, tau: Float64Array, diag: Float64Array): void {
  for (let j = j0; j < j1; j++) {
    const rj = j * m;
    const x0 = w[rj + j];
    let ss = 0;
    for (let i = j + 1; i < m; i++) ss += w[rj + i] * w[rj + i];
    let norm = Math.sqrt(x0 * x0 + ss);
    if (ss < TINY_SS || !Number.isFinite(norm)) {
      let below = 0;
      for (let i = j + 1; i < m; i++) below = Math.max(below, Math.abs(w[rj + i]));
      if (below === 0) {
        tau[j] = 0; // nothing to annihilate: H_j = I
        diag[j] = x0;
        continue;
      }
      const big = Math.max(below, Math.abs(x0));
      let sc = 0;
      for (let i = j; i < m; i++) sc += (w[rj + i] / big) ** 2;
      norm = big * Math.sqrt(sc);
    }
    const alpha = x0 >= 0 ? -norm : norm; // opposite sign to x0: no cancellation in x0 − α
    const inv = 1 / (x0 - alpha);
    for (let i = j + 1; i < m; i++) w[rj + i] *= inv;
    const t = (alpha - x0) / alpha;
    tau[j] = t;
    diag[j] = alpha;
    for (let c = j + 1; c < j1; c++) {
      const rc = c * m;
      let dot = w[rc + j];
      for (let i = j + 1; i < m; i++) dot += w[rj + i] * w[rc + i];
      const s = t * dot;
      if (s === 0) continue;
      w[rc + j] -= s;
      for (let i = j + 1; i < m; i++) w[rc + i] -= s * w[rj + i];
    }
  }
}

/** dst (cols×rows) = f·srcᵀ for row-major src (rows×cols), in tiles that stay in L1 (f = 1/scale: exact for a power of two). */
export function transposeInto(dst: Float64Array, src: Float64Array, rows: number, cols: number, f = 1): Float64Array {
  const T = 16;
  for (let j0 = 0; j0 < cols; j0 += T) {
    const j1 = Math.min(cols, j0 + T);
    for (let i0 = 0; i0 < rows; i0 += T) {
      const i1 = Math.min(rows, i0 + T);
      for (let j = j0; j < j1; j++) {
        const d = j * rows;
        for (let i = i0; i < i1; i++) dst[d + i] = f * src[i * cols + j];
      }
    }
  }
  return dst;
}
