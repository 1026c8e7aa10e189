import { BlockReflector, mergeTriangularFactors, triangularFromGram } from './block-reflector';
import { wasmRuntime, wasmWorkspace } from './wasm/kernels';

/**
 * WASM twins of svd-tall-qr.ts's factorisation and of applying its blocks: the matrix stays resident in
 * WASM memory for the whole call and every product is the WASM GEMM on pointers (no copy per product),
 * the column leaves run in assembly/bidiagonal.ts's qrLeaf (f64x2). Same algorithm, block layout and
 * results up to rounding (different summation order). Null/false when the kernels are unavailable.
 */
type Exports = NonNullable<ReturnType<typeof wasmRuntime>>['exports'] & {
  qrLeaf(w: number, m: number, j0: number, j1: number, tau: number, diag: number): void;
};

const F64 = 8;
const align = (bytes: number) => (bytes + 63) & ~63;

/** Bump layout of the workspace: byte offsets from its base, each 64-byte aligned. */
function layout(base: number, sizes: Record<string, number>): { ptr: Record<string, number>; end: number } {
  const ptr: Record<string, number> = {};
  let at = base;
  for (const [name, elements] of Object.entries(sizes)) {
    ptr[name] = at;
    at += align(elements * F64);
  }
  return { ptr, end: at };
}

/** A view's elements [from, from + len) copied to an ordinary array (set(): slice() of a shared view is slow). */
function copyOut(hp: Float64Array, from: number, len: number): Float64Array {
  const out = new Float64Array(len);
  out.set(hp.subarray(from, from + len));
  return out;
}

/** The exports and a fresh heap view with `sizes` laid out from the workspace base plus GEMM packing scratch. */
function workspace(sizes: Record<string, number>, gemmShape: [number, number, number]): { x: Exports; hp: Float64Array; ptr: Record<string, number>; work: number } | null {
  const probe = wasmWorkspace(0);
  if (probe === null || typeof probe.exports.qrLeaf !== 'function') return null;
  const x = probe.exports as unknown as Exports;
  const { ptr, end } = layout(probe.base, sizes);
  const ws = wasmWorkspace(end + x.workBytes(...gemmShape) - probe.base);
  if (ws === null || ws.base !== probe.base) return null;
  return { x, hp: ws.heap, ptr, work: end };
}

/** Resident GEMMs for X ← X·(H…) on nr rows (stride ldx) and len columns with V at vP (stride ldv). */
class ResidentApplier {
  constructor(
    private readonly x: Exports, private readonly heap: Float64Array, private readonly wk1: number,
    private readonly wk2: number, private readonly tP: number, private readonly work: number,
  ) {}

  apply(xP: number, ldx: number, nr: number, len: number, vP: number, ldv: number, nb: number, t: Float64Array, reversed: boolean): void {
    if (nr <= 0 || len <= 0 || nb <= 0) return;
    const { x, wk1, wk2, tP, work } = this;
    this.heap.set(t, tP / F64);
    x.gemm(0, 1, nr, nb, len, 1, xP, ldx, vP, ldv, 0, wk1, nb, work);
    x.gemm(0, reversed ? 1 : 0, nr, nb, nb, 1, wk1, nb, tP, nb, 0, wk2, nb, work);
    x.gemm(0, 0, nr, len, nb, -1, wk2, nb, vP, ldv, 1, xP, ldx, work);
  }

  /** Gram-type product C (ra×rb) = A·Bᵀ of row blocks with length len. */
  cross(aP: number, lda: number, ra: number, bP: number, ldb: number, rb: number, len: number, cP: number): Float64Array {
    this.x.gemm(0, 1, ra, rb, len, 1, aP, lda, bP, ldb, 0, cP, rb, this.work);
    return copyOut(this.heap, cP / F64, ra * rb);
  }
}

export interface TallQrParts {
  r: Float64Array;
  blocks: BlockReflector[];
}

export interface TallQrOptions {
  /** rows×m vectors (one per row) to overwrite with Qᵀ·y while the reflectors are at hand */
  qt?: { x: Float64Array; rows: number };
  /** keep the WY blocks for later applyQ/applyQt (default true); false saves copying V out */
  keepBlocks?: boolean;
}

/**
 * Blocked Householder QR of w (n×m, the transposed input, written by `fill` straight into WASM memory) with panels of
 * nb columns split recursively down to `leaf` columns; returns R (n×n) and the panels' WY blocks.
 */
export function tallQrWasm(
  fill: (w: Float64Array) => void, m: number, n: number, nbMax: number, leaf: number, options: TallQrOptions = {},
): TallQrParts | null {
  const { qt, keepBlocks = true } = options;
  const q = qt ? qt.rows : 0;
  const rows = Math.max(n, q);
  // GEMM shapes here are (≤ rows) × (≤ m) × (≤ m): workBytes grows with each argument
  const s = workspace({ w: n * m, vt: nbMax * m, wk1: rows * nbMax, wk2: rows * nbMax, t: nbMax * nbMax, g: nbMax * nbMax, tau: n, diag: n, qt: q * m }, [rows, m, m]);
  if (s === null) return null;
  const { x, hp, ptr, work } = s;
  fill(hp.subarray(ptr.w / F64, ptr.w / F64 + n * m));
  if (qt) hp.set(qt.x.subarray(0, q * m), ptr.qt / F64);
  const ap = new ResidentApplier(x, hp, ptr.wk1, ptr.wk2, ptr.t, work);
  const tauAt = ptr.tau / F64;
  const blocks: BlockReflector[] = [];
  for (let p0 = 0; p0 < n; p0 += nbMax) {
    const p1 = Math.min(n, p0 + nbMax);
    const ldv = m - p0;
    const vtAt = (j: number) => ptr.vt + ((j - p0) * ldv + (j - p0)) * F64; // v_j from its unit on
    const rowAt = (j: number, c: number) => ptr.w + (j * m + c) * F64;
    const panel = (j0: number, j1: number): Float64Array => {
      if (j1 - j0 <= leaf) {
        x.qrLeaf(ptr.w, m, j0, j1, ptr.tau, ptr.diag);
        for (let j = j0; j < j1; j++) {
          const row = (ptr.vt / F64) + (j - p0) * ldv;
          hp.fill(0, row, row + (j - p0));
          hp[row + (j - p0)] = 1;
          hp.copyWithin(row + (j - p0) + 1, (ptr.w / F64) + j * m + j + 1, (ptr.w / F64) + j * m + m);
        }
        const g = ap.cross(vtAt(j0), ldv, j1 - j0, vtAt(j0), ldv, j1 - j0, m - j0, ptr.g);
        return triangularFromGram(g, j1 - j0, hp.subarray(tauAt + j0, tauAt + j1));
      }
      const mid = j0 + ((j1 - j0) >> 1);
      const ta = panel(j0, mid);
      ap.apply(rowAt(mid, j0), m, j1 - mid, m - j0, vtAt(j0), ldv, mid - j0, ta, false);
      const tb = panel(mid, j1);
      // V_aᵀ·V_b over the entries from mid on (v_a's rows there start (mid − j0) columns after their unit)
      const cross = ap.cross(vtAt(j0) + (mid - j0) * F64, ldv, mid - j0, vtAt(mid), ldv, j1 - mid, m - mid, ptr.g);
      return mergeTriangularFactors(ta, mid - j0, tb, j1 - mid, cross);
    };
    const t = panel(p0, p1);
    const nb = p1 - p0;
    if (keepBlocks) blocks.push({ nb, len: ldv, vt: copyOut(hp, ptr.vt / F64, nb * ldv), t });
    if (p1 < n) ap.apply(rowAt(p1, p0), m, n - p1, ldv, vtAt(p0), ldv, nb, t, false);
    if (qt) ap.apply(ptr.qt + p0 * F64, m, q, ldv, vtAt(p0), ldv, nb, t, false);
  }
  if (qt) qt.x.set(hp.subarray(ptr.qt / F64, ptr.qt / F64 + q * m));
  const r = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    r[j * n + j] = hp[ptr.diag / F64 + j];
    for (let c = j + 1; c < n; c++) r[j * n + c] = hp[ptr.w / F64 + c * m + j];
  }
  return { r, blocks };
}

/**
 * x (rows×m) ← each row y replaced by H_0⋯H_{k−1}·y (reversed = true: blocks last to first, as applyQ)
 * or H_{k−1}⋯H_0·y (false: first to last, as applyQt), block p acting from column offsets[p] on and on
 * rows rowStarts[p]..rows−1 (default all rows).
 */
export function applyBlocksWasm(
  x: Float64Array, rows: number, m: number, blocks: BlockReflector[], offsets: number[], reversed: boolean, rowStarts?: number[],
): boolean {
  const nbMax = blocks.reduce((a, b) => Math.max(a, b.nb), 0);
  const vtTotal = blocks.reduce((a, b) => a + b.nb * b.len, 0);
  const s = workspace({ x: rows * m, vt: vtTotal, wk1: rows * nbMax, wk2: rows * nbMax, t: nbMax * nbMax }, [rows, m, m]);
  if (s === null) return false;
  const { x: ex, hp, ptr, work } = s;
  hp.set(x.subarray(0, rows * m), ptr.x / F64);
  const vtPtr: number[] = [];
  let at = ptr.vt;
  for (const b of blocks) {
    vtPtr.push(at);
    hp.set(b.vt, at / F64);
    at += b.nb * b.len * F64;
  }
  const ap = new ResidentApplier(ex, hp, ptr.wk1, ptr.wk2, ptr.t, work);
  for (let q = 0; q < blocks.length; q++) {
    const p = reversed ? blocks.length - 1 - q : q;
    const b = blocks[p];
    const r0 = rowStarts ? rowStarts[p] : 0;
    ap.apply(ptr.x + (r0 * m + offsets[p]) * F64, m, rows - r0, b.len, vtPtr[p], b.len, b.nb, b.t, reversed);
  }
  x.set(hp.subarray(ptr.x / F64, ptr.x / F64 + rows * m));
  return true;
}
