import { secularSvd } from './bidiagonal-secular';
import { mergeProductWasm } from './bidiagonal-dc-wasm';
import { gemmRaw } from './gemm';
import { bidiagonalQr } from './svd-bidiagonal-qr';

/** Blocks up to this many rows are solved by the implicit QR iteration (rotations on small identities). */
export const BDC_LEAF = 32;

/**
 * SVD of the n×n upper bidiagonal B (diagonal d, superdiagonal e[0..n−2]) by divide and conquer (Gu &
 * Eisenstat 1995; LAPACK dbdsdc/dlasd0–dlasd4 with compq = 'I'). Row k of a block (diagonal α = d_k,
 * superdiagonal β = e_k) splits it into an upper (k×(k+1)) and a lower part, both solved recursively;
 * in their singular bases the block is an arrowhead [z; diag(σ)] whose SVD comes from the secular
 * equation (bidiagonal-secular.ts) after deflating negligible z and nearly equal σ, and the new vectors
 * are two GEMMs per side that skip the zero quarters of the block-diagonal bases.
 * Overwrites d with the singular values ascending; returns the singular vectors as rows (ut: row i is
 * u_i, vt: row i is v_i, B = Σ σ_i·u_i·v_iᵀ). d and e are taken as given (no prescaling needed: each
 * merge works on its block scaled to max entry 1).
 */
export function bidiagonalSvdDc(d: Float64Array, e: Float64Array, n: number, leaf = BDC_LEAF): { ut: Float64Array; vt: Float64Array } {
  const ee = new Float64Array(n);
  ee.set(e.subarray(0, Math.max(0, n - 1)));
  const ctx: Ctx = { d, e: ee, n, ut: new Float64Array(n * n), vt: new Float64Array(n * n) };
  if (n > 0) solve(ctx, 0, n, 0, Math.max(3, leaf));
  return { ut: ctx.ut, vt: ctx.vt };
}

interface Ctx {
  d: Float64Array;
  /** e[i] is B[i][i+1]; for a block with an extra column (sqre) its last row's e is that column's entry */
  e: Float64Array;
  n: number;
  ut: Float64Array;
  vt: Float64Array;
}

/**
 * The block of rows r0..r1−1 and columns r0..r1−1+sqre: its σ (ascending) into d[r0..r1), u_i into ut rows
 * r0..r1−1 (columns r0..r1−1), v_i into vt rows r0..r1−1 and, when sqre = 1, the null vector into vt row r1
 * (columns r0..r1). Rows of a block never leave its square of ut/vt, so blocks do not interfere.
 */
function solve(c: Ctx, r0: number, r1: number, sqre: number, leaf: number): void {
  if (r1 - r0 <= leaf) {
    solveLeaf(c, r0, r1, sqre);
    return;
  }
  const k = r0 + ((r1 - r0) >> 1); // leaf ≥ 3 keeps both parts non-empty
  const alpha = c.d[k];
  const beta = c.e[k];
  solve(c, r0, k, 1, leaf);
  solve(c, k + 1, r1, sqre, leaf);
  merge(c, r0, k, r1, sqre, alpha, beta);
}

/** A leaf by the implicit QR iteration; with sqre its nr×(nr+1) block is the square one with a zero row appended. */
function solveLeaf(c: Ctx, r0: number, r1: number, sqre: number): void {
  const { d, e, n, ut, vt } = c;
  const nr = r1 - r0;
  const ns = nr + sqre;
  const s = new Float64Array(ns);
  const el = new Float64Array(ns);
  s.set(d.subarray(r0, r1));
  el.set(e.subarray(r0, r0 + ns - 1));
  const ul = identity(ns);
  const vl = identity(ns);
  // The appended zero row makes s[nr] = 0 exactly: the iteration deflates it first by rotations from the
  // right only (LINPACK's case 1), so index nr stays the null pair and row nr of ul stays e_nr.
  bidiagonalQr(s, el, ul, ns, vl, ns);
  const order = Array.from({ length: nr }, (_, i) => i).sort((a, b) => s[a] - s[b]);
  for (let t = 0; t < nr; t++) {
    const i = order[t];
    d[r0 + t] = s[i];
    ut.set(ul.subarray(i * ns, i * ns + nr), (r0 + t) * n + r0);
    vt.set(vl.subarray(i * ns, i * ns + ns), (r0 + t) * n + r0);
  }
  if (sqre) vt.set(vl.subarray(nr * ns, nr * ns + ns), r1 * n + r0);
}

function identity(n: number): Float64Array {
  const x = new Float64Array(n * n);
  for (let i = 0; i < n; i++) x[i * n + i] = 1;
  return x;
}

/** Which part of the block a basis vector has support in (dlasd2's column types). */
const FIRST = 1, MIXED = 2, SECOND = 3;

/**
 * Merges the solved upper part (rows r0..k−1, columns r0..k) and lower part (rows k+1..r1−1, columns k+1..r1−1+sqre)
 * through row k = [… α β …] (dlasd1–dlasd3). Coordinate 0 of the arrowhead is row k on the left and the
 * two parts' null vectors rotated into one on the right; coordinates 1.. are the parts' singular triplets.
 */
function merge(c: Ctx, r0: number, k: number, r1: number, sqre: number, alpha: number, beta: number): void {
  const { d, n, ut, vt } = c;
  const nl = k - r0;
  const s = r1 - r0; // rows of the block (ut row length)
  const sc = s + sqre; // columns (vt row length)
  let scale = Math.max(Math.abs(alpha), Math.abs(beta));
  for (let i = r0; i < r1; i++) if (i !== k) scale = Math.max(scale, Math.abs(d[i]));
  const zeroBlock = scale === 0;
  if (zeroBlock) scale = 1;
  const a = alpha / scale;
  const b = beta / scale;
  // coordinate q ≥ 1 ↔ the child triplet in row rowOf(q) of d, ut, vt: upper rows r0..k−1, then lower rows k+1..r1−1
  const rowOf = (q: number) => (q <= nl ? r0 + q - 1 : r0 + q);
  const dd = new Float64Array(s);
  const zz = new Float64Array(s);
  const type = new Int8Array(s);
  for (let q = 1; q < s; q++) {
    const row = rowOf(q);
    dd[q] = d[row] / scale;
    zz[q] = q <= nl ? a * vt[row * n + k] : b * vt[row * n + k + 1]; // row k of B times the child's v
    type[q] = q <= nl ? FIRST : SECOND;
  }
  const tol = 8 * Number.EPSILON; // of the block scaled to max entry 1 (dlasd2)
  // Null vectors: upper's in vt row k (columns r0..k), lower's (sqre) in vt row r1 (columns k+1..r1).
  const z1 = a * vt[k * n + k];
  const z2 = sqre ? b * vt[r1 * n + k + 1] : 0;
  let z0 = Math.hypot(z1, z2);
  let cn = 1, sn = 0;
  if (z0 <= tol) z0 = tol;
  else {
    cn = z1 / z0;
    sn = z2 / z0;
  }
  const nullU = vt.slice(k * n + r0, k * n + r0 + sc); // upper null, zero beyond column k
  const nullL = sqre ? vt.slice(r1 * n + r0, r1 * n + r0 + sc) : new Float64Array(sc);
  const v0 = new Float64Array(sc);
  const vnull = new Float64Array(sc);
  for (let t = 0; t < sc; t++) {
    v0[t] = cn * nullU[t] + sn * nullL[t];
    vnull[t] = -sn * nullU[t] + cn * nullL[t];
  }
  // Coordinates 1..s−1 ascending by σ (each part is ascending already).
  const order: number[] = [];
  for (let p = 1, q = nl + 1; p <= nl || q < s;) {
    if (q >= s || (p <= nl && dd[p] <= dd[q])) order.push(p++);
    else order.push(q++);
  }
  const uRow = (q: number) => rowOf(q) * n + r0;
  const kept: number[] = [];
  const deflated: number[] = [];
  let prev = -1;
  for (const q of order) {
    if (Math.abs(zz[q]) <= tol) {
      deflated.push(q);
      continue;
    }
    if (prev >= 0 && dd[q] - dd[prev] <= tol) {
      // σ_prev ≈ σ_q: rotate both bases so z_prev = 0; prev deflates with its σ (an O(tol) perturbation)
      const tau = Math.hypot(zz[prev], zz[q]);
      const cs = zz[q] / tau;
      const ss = zz[prev] / tau;
      zz[q] = tau;
      zz[prev] = 0;
      rotate(ut, uRow(prev), uRow(q), s, cs, ss);
      rotate(vt, uRow(prev), uRow(q), sc, cs, ss);
      if (type[prev] !== type[q]) type[prev] = type[q] = MIXED;
      deflated.push(prev);
    } else if (prev >= 0) {
      kept.push(prev);
    }
    prev = q;
  }
  if (prev >= 0) kept.push(prev);
  const K = kept.length + 1;
  const dK = new Float64Array(K);
  const zK = new Float64Array(K);
  zK[0] = z0;
  for (let i = 1; i < K; i++) {
    dK[i] = dd[kept[i - 1]];
    zK[i] = zz[kept[i - 1]];
  }
  if (K > 1 && dK[1] <= tol / 2) dK[1] = tol / 2; // keep the smallest pole clear of d_0 = 0 (dlasd2)
  // Basis rows ordered first-part, mixed, second-part so each part of the columns is one GEMM.
  const perm: number[] = [];
  for (const ty of [FIRST, MIXED, SECOND]) for (let i = 1; i < K; i++) if (type[kept[i - 1]] === ty) perm.push(i);
  let n1 = 0, n3 = 0;
  for (const i of perm) {
    if (type[kept[i - 1]] === FIRST) n1++;
    else if (type[kept[i - 1]] === SECOND) n3++;
  }
  const n2 = K - 1 - n1 - n3;
  const pos = new Int32Array(K); // column of the coefficient matrices for secular coordinate i
  perm.forEach((i, col) => (pos[i] = col));
  pos[0] = K - 1;
  const sigma = new Float64Array(K);
  const rowAt = new Int32Array(K - 1); // element offset in ut/vt of the basis row in GEMM position col
  perm.forEach((i, col) => (rowAt[col] = uRow(kept[i - 1])));
  const shape: MergeShape = { K, s, sc, n1, n2, n3, nl };
  const { cu, cv, outU, outV } = mergeProductWasm(dK, zK, pos, sigma, ut, vt, rowAt, shape) ?? mergeProductTs(dK, zK, pos, sigma, ut, vt, rowAt, shape);
  if (zeroBlock) sigma[0] = 0; // z0 was lifted to tol: the block is exactly zero, so is its σ (K = 1 here)
  for (let j = 0; j < K; j++) {
    outU[j * s + nl] = cu[j * K + K - 1]; // coordinate 0 on the left is e_k
    const w = cv[j * K + K - 1];
    for (let t = 0; t < sc; t++) outV[j * sc + t] += w * v0[t];
  }
  // Assemble kept (σ_j, rows j of outU/outV) and deflated triplets ascending by σ.
  const m = deflated.length;
  const defU = new Float64Array(m * s);
  const defV = new Float64Array(m * sc);
  const values = new Float64Array(s);
  values.set(sigma);
  deflated.forEach((q, t) => {
    defU.set(ut.subarray(uRow(q), uRow(q) + s), t * s);
    defV.set(vt.subarray(uRow(q), uRow(q) + sc), t * sc);
    values[K + t] = dd[q];
  });
  const idx = Array.from({ length: s }, (_, i) => i).sort((x, y) => values[x] - values[y]);
  for (let p = 0; p < s; p++) {
    const q = idx[p];
    d[r0 + p] = values[q] * scale;
    const base = (r0 + p) * n + r0;
    if (q < K) {
      ut.set(outU.subarray(q * s, q * s + s), base);
      vt.set(outV.subarray(q * sc, q * sc + sc), base);
    } else {
      ut.set(defU.subarray((q - K) * s, (q - K + 1) * s), base);
      vt.set(defV.subarray((q - K) * sc, (q - K + 1) * sc), base);
    }
  }
  if (sqre) vt.set(vnull, r1 * n + r0);
}

/** row_i ← c·row_i − s·row_j, row_j ← s·row_i + c·row_j over len entries (so z_i·c − z_j·s = 0 for the z that chose c, s). */
function rotate(x: Float64Array, io: number, jo: number, len: number, c: number, s: number): void {
  for (let t = 0; t < len; t++) {
    const xi = x[io + t], xj = x[jo + t];
    x[io + t] = c * xi - s * xj;
    x[jo + t] = s * xi + c * xj;
  }
}

/** Sizes of a merge's products: K secular coordinates, s (s + sqre) entries per left (right) vector, nl upper rows. */
export interface MergeShape { K: number; s: number; sc: number; n1: number; n2: number; n3: number; nl: number }

/** The arrowhead's coefficient rows (cu, cv: K×K) and the new vectors outU (K×s), outV (K×sc) before coordinate 0's terms. */
export interface MergeProducts { cu: Float64Array; cv: Float64Array; outU: Float64Array; outV: Float64Array }

export function mergeProductTs(
  dK: Float64Array, zK: Float64Array, pos: Int32Array, sigma: Float64Array, ut: Float64Array, vt: Float64Array, rowAt: Int32Array, m: MergeShape,
): MergeProducts {
  const { K, s, sc, n1, n2, n3, nl } = m;
  const { cu, cv } = secularSvd(dK, zK, sigma, pos);
  const rowsU = new Float64Array((K - 1) * s);
  const rowsV = new Float64Array((K - 1) * sc);
  for (let col = 0; col < K - 1; col++) {
    rowsU.set(ut.subarray(rowAt[col], rowAt[col] + s), col * s);
    rowsV.set(vt.subarray(rowAt[col], rowAt[col] + sc), col * sc);
  }
  const outU = new Float64Array(K * s);
  const outV = new Float64Array(K * sc);
  product(cu, K, rowsU, s, outU, n1, n2, n3, nl, nl + 1);
  product(cv, K, rowsV, sc, outV, n1, n2, n3, nl + 1, nl + 1);
  return { cu, cv, outU, outV };
}

/**
 * out (K×ld) = coef[:, 0..K−1) · rows (the K−1 basis rows ordered n1 first-part, n2 mixed, n3 second-part):
 * columns [0, firstCols) from the first-part and mixed rows, columns [secondFrom, ld) from the mixed and second-part ones.
 */
function product(
  coef: Float64Array, K: number, rows: Float64Array, ld: number, out: Float64Array,
  n1: number, n2: number, n3: number, firstCols: number, secondFrom: number,
): void {
  if (firstCols > 0 && n1 + n2 > 0) gemmRaw(false, false, K, firstCols, n1 + n2, 1, coef, K, rows, ld, 0, out, ld);
  const cols = ld - secondFrom;
  if (cols > 0 && n2 + n3 > 0) {
    gemmRaw(false, false, K, cols, n2 + n3, 1, coef.subarray(n1), K, rows.subarray(n1 * ld + secondFrom), ld, 0, out.subarray(secondFrom), ld);
  }
}
