/*
 * Plain-TypeScript GEMM, GotoBLAS layout: C := alpha·op(A)·op(B) + beta·C.
 *
 *   for jc in N by NC:  for pc in K by KC:  pack op(B)[pc, jc] into NR-wide slivers (alpha folded in)
 *     for ic in M by MC:  pack op(A)[ic, pc] into MR-tall slivers
 *       for each MR×NR tile: micro-kernel over kc, add into C
 *
 * Packing makes the micro-kernel read both operands with unit stride, handles transposes once per
 * panel, and zero-pads ragged edges so the kernel always runs the full MR×NR (the store is clipped).
 * MR×NR = 2×6 keeps 12 accumulators + 2 A values + 1 B value within V8's 16 double registers
 * (KERNELS.md: 2×6 measured ~5 GFLOP/s; bigger tiles spill).
 */
const MR = 2;
const NR = 6;
const KC = 256;
const MC = 120; // multiple of MR; MC·KC·8 B = 240 KB A block stays in L2
const NC = 3072; // multiple of NR; KC·NC·8 B = 6 MB B panel (L3)

// Scratch packing buffers, grown on demand and reused across calls (JS runs one call at a time per
// isolate; each worker thread has its own module instance).
let packA = new Float64Array(MC * KC);
let packB = new Float64Array(KC * NR);

function ensurePack(aLen: number, bLen: number): void {
  if (packA.length < aLen) packA = new Float64Array(aLen);
  if (packB.length < bLen) packB = new Float64Array(bLen);
}

/**
 * Unchecked raw kernel on row-major arrays with leading dimensions (row strides) lda, ldb, ldc.
 * Used by gemm(), the factorisations and the WASM fallback; not public API.
 */
export function gemmKernelTs(
  transA: boolean,
  transB: boolean,
  m: number,
  n: number,
  k: number,
  alpha: number,
  a: Float64Array,
  lda: number,
  b: Float64Array,
  ldb: number,
  beta: number,
  c: Float64Array,
  ldc: number,
): void {
  if (m === 0 || n === 0) return;
  scaleC(m, n, beta, c, ldc);
  if (k === 0 || alpha === 0) return;
  const ncMax = Math.min(NC, roundUp(n, NR));
  const kcMax = Math.min(KC, k);
  ensurePack(Math.min(MC, roundUp(m, MR)) * kcMax, kcMax * ncMax);
  const pa = packA;
  const pb = packB;
  for (let jc = 0; jc < n; jc += NC) {
    const nc = Math.min(NC, n - jc);
    for (let pc = 0; pc < k; pc += KC) {
      const kc = Math.min(KC, k - pc);
      packPanelB(transB, b, ldb, pc, jc, kc, nc, alpha, pb);
      for (let ic = 0; ic < m; ic += MC) {
        const mc = Math.min(MC, m - ic);
        packBlockA(transA, a, lda, ic, pc, mc, kc, pa);
        macroKernel(mc, nc, kc, pa, pb, c, ic * ldc + jc, ldc);
      }
    }
  }
}

function roundUp(x: number, q: number): number {
  return Math.ceil(x / q) * q;
}

function scaleC(m: number, n: number, beta: number, c: Float64Array, ldc: number): void {
  if (beta === 1) return;
  for (let i = 0; i < m; i++) {
    const row = i * ldc;
    if (beta === 0) c.fill(0, row, row + n);
    else for (let j = 0; j < n; j++) c[row + j] *= beta;
  }
}

/** op(A)[ic:ic+mc, pc:pc+kc] → MR-row slivers, each kc×MR with the MR values of one k contiguous. */
function packBlockA(trans: boolean, a: Float64Array, lda: number, ic: number, pc: number, mc: number, kc: number, out: Float64Array): void {
  let o = 0;
  for (let i0 = 0; i0 < mc; i0 += MR) {
    const rows = Math.min(MR, mc - i0);
    for (let p = 0; p < kc; p++) {
      for (let r = 0; r < MR; r++) {
        const i = ic + i0 + r;
        const kk = pc + p;
        out[o++] = r < rows ? (trans ? a[kk * lda + i] : a[i * lda + kk]) : 0;
      }
    }
  }
}

/** alpha·op(B)[pc:pc+kc, jc:jc+nc] → NR-column slivers, each kc×NR with the NR values of one k contiguous. */
function packPanelB(trans: boolean, b: Float64Array, ldb: number, pc: number, jc: number, kc: number, nc: number, alpha: number, out: Float64Array): void {
  let o = 0;
  for (let j0 = 0; j0 < nc; j0 += NR) {
    const cols = Math.min(NR, nc - j0);
    for (let p = 0; p < kc; p++) {
      const kk = pc + p;
      for (let s = 0; s < NR; s++) {
        const j = jc + j0 + s;
        out[o++] = s < cols ? alpha * (trans ? b[j * ldb + kk] : b[kk * ldb + j]) : 0;
      }
    }
  }
}

/** Walks the MR×NR tiles of one mc×nc block of C (cOff = offset of its top-left element). */
function macroKernel(mc: number, nc: number, kc: number, pa: Float64Array, pb: Float64Array, c: Float64Array, cOff: number, ldc: number): void {
  for (let j0 = 0; j0 < nc; j0 += NR) {
    const bOff = j0 * kc; // sliver j0/NR starts at (j0/NR)·kc·NR
    const cols = Math.min(NR, nc - j0);
    for (let i0 = 0; i0 < mc; i0 += MR) {
      const aOff = i0 * kc;
      const rows = Math.min(MR, mc - i0);
      microKernel2x6(kc, pa, aOff, pb, bOff, c, cOff + i0 * ldc + j0, ldc, rows, cols);
    }
  }
}

/** C[0:rows, 0:cols] += Apack-sliver · Bpack-sliver, accumulated in 12 locals. */
function microKernel2x6(
  kc: number,
  pa: Float64Array,
  aOff: number,
  pb: Float64Array,
  bOff: number,
  c: Float64Array,
  cOff: number,
  ldc: number,
  rows: number,
  cols: number,
): void {
  let c00 = 0, c01 = 0, c02 = 0, c03 = 0, c04 = 0, c05 = 0;
  let c10 = 0, c11 = 0, c12 = 0, c13 = 0, c14 = 0, c15 = 0;
  let ai = aOff;
  let bi = bOff;
  for (let p = 0; p < kc; p++) {
    const a0 = pa[ai];
    const a1 = pa[ai + 1];
    let bv = pb[bi];
    c00 += a0 * bv; c10 += a1 * bv;
    bv = pb[bi + 1];
    c01 += a0 * bv; c11 += a1 * bv;
    bv = pb[bi + 2];
    c02 += a0 * bv; c12 += a1 * bv;
    bv = pb[bi + 3];
    c03 += a0 * bv; c13 += a1 * bv;
    bv = pb[bi + 4];
    c04 += a0 * bv; c14 += a1 * bv;
    bv = pb[bi + 5];
    c05 += a0 * bv; c15 += a1 * bv;
    ai += MR;
    bi += NR;
  }
  if (rows === MR && cols === NR) {
    let o = cOff;
    c[o] += c00; c[o + 1] += c01; c[o + 2] += c02; c[o + 3] += c03; c[o + 4] += c04; c[o + 5] += c05;
    o += ldc;
    c[o] += c10; c[o + 1] += c11; c[o + 2] += c12; c[o + 3] += c13; c[o + 4] += c14; c[o + 5] += c15;
    return;
  }
  storeEdge(c, cOff, cols, c00, c01, c02, c03, c04, c05);
  if (rows > 1) storeEdge(c, cOff + ldc, cols, c10, c11, c12, c13, c14, c15);
}

function storeEdge(c: Float64Array, o: number, cols: number, v0: number, v1: number, v2: number, v3: number, v4: number, v5: number): void {
  c[o] += v0;
  if (cols > 1) c[o + 1] += v1;
  if (cols > 2) c[o + 2] += v2;
  if (cols > 3) c[o + 3] += v3;
  if (cols > 4) c[o + 4] += v4;
  if (cols > 5) c[o + 5] += v5;
}
