import { gemmRaw } from './gemm';
import { solveSecular } from './secular';
import { tridiagonalQl } from './tridiagonal-ql';
import { wasmWorkspace } from './wasm/kernels';

/** Blocks up to this size are solved by QL (rotations on a small identity are cheaper than merges). */
export const DC_LEAF = 32;

/**
 * Symmetric tridiagonal eigenproblem by divide and conquer (Cuppen; LAPACK dstedc/dlaed0–3 with
 * compz = 'I'): d (diagonal) and off (off[i] = T[i][i+1]) in, eigenvalues ascending in d out, and the
 * eigenvectors as the rows of the returned n×n matrix. T is torn at the middle into diag(T₁, T₂) + ρ·u·uᵀ,
 * both halves solved recursively, and the rank-one update solved by the secular equation with
 * deflation (dlaed2), Gu–Eisenstat's recomputed ẑ for orthogonal vectors (dlaed3), and the new vectors
 * formed by two GEMMs that skip the zero quarter of the block-diagonal basis.
 */
export function tridiagonalEigenDc(d: Float64Array, off: Float64Array, n: number, leaf = DC_LEAF): Float64Array {
  const zt = new Float64Array(n * n);
  solve(d, off, zt, n, 0, n, Math.max(1, leaf));
  return zt;
}

function solve(d: Float64Array, off: Float64Array, zt: Float64Array, n: number, lo: number, hi: number, leaf: number): void {
  const s = hi - lo;
  if (s <= leaf) {
    solveLeaf(d, off, zt, n, lo, hi);
    return;
  }
  const mid = lo + (s >> 1);
  const beta = Math.abs(off[mid - 1]);
  d[mid - 1] -= beta;
  d[mid] -= beta;
  solve(d, off, zt, n, lo, mid, leaf);
  solve(d, off, zt, n, mid, hi, leaf);
  merge(d, off, zt, n, lo, mid, hi);
}

function solveLeaf(d: Float64Array, off: Float64Array, zt: Float64Array, n: number, lo: number, hi: number): void {
  const s = hi - lo;
  const vt = new Float64Array(s * s);
  for (let i = 0; i < s; i++) vt[i * s + i] = 1;
  const dl = d.slice(lo, hi);
  const el = new Float64Array(s);
  for (let i = 1; i < s; i++) el[i] = off[lo + i - 1];
  tridiagonalQl(vt, s, dl, el);
  d.set(dl, lo);
  for (let r = 0; r < s; r++) zt.set(vt.subarray(r * s, r * s + s), (lo + r) * n + lo);
}

/** Which halves of the block a basis vector has support in (dlaed2's column types). */
const FIRST = 1, MIXED = 2, SECOND = 3;

/**
 * Rows lo..mid−1 and mid..hi−1 of zt hold the eigenvectors of the two modified halves (support in their
 * own half of the columns lo..hi−1), d their eigenvalues (ascending per half). Replaces them with the
 * eigenpairs of the whole block, eigenvalues ascending.
 */
function merge(d: Float64Array, off: Float64Array, zt: Float64Array, n: number, lo: number, mid: number, hi: number): void {
  const s = hi - lo;
  const s1 = mid - lo;
  const sign = off[mid - 1] >= 0 ? 1 : -1;
  const rho = 2 * Math.abs(off[mid - 1]); // ρ·u·uᵀ with ‖u‖² = 2, so z = Qᵀu/√2 has unit norm
  const base = lo * n + lo; // row r of the block starts at base + r·n
  const z = new Float64Array(s);
  const delta = d.slice(lo, hi);
  const type = new Int8Array(s);
  for (let r = 0; r < s; r++) {
    z[r] = r < s1 ? zt[base + r * n + s1 - 1] * Math.SQRT1_2 : sign * zt[base + r * n + s1] * Math.SQRT1_2;
    type[r] = r < s1 ? FIRST : SECOND;
  }
  const order = mergeOrder(delta, s1, s);
  // Deflation (dlaed2): a negligible z component, or two close δ whose z can be rotated into one.
  let dmax = 0;
  let zmax = 0;
  for (let r = 0; r < s; r++) {
    dmax = Math.max(dmax, Math.abs(delta[r]));
    zmax = Math.max(zmax, Math.abs(z[r]));
  }
  const tol = 8 * Number.EPSILON * Math.max(dmax, zmax);
  const kept: number[] = [];
  const deflated: number[] = [];
  let pj = -1;
  for (const nj of order) {
    if (rho * Math.abs(z[nj]) <= tol) {
      deflated.push(nj);
      continue;
    }
    if (pj < 0) {
      pj = nj;
      continue;
    }
    const tau = Math.hypot(z[nj], z[pj]);
    const c = z[nj] / tau;
    const sn = -z[pj] / tau;
    const t = delta[nj] - delta[pj];
    if (Math.abs(t * c * sn) <= tol) {
      // rotate (pj, nj) so z[pj] = 0: pj deflates with the rotated 2×2's diagonal
      z[nj] = tau;
      z[pj] = 0;
      const rp = base + pj * n, rn = base + nj * n;
      for (let q = 0; q < s; q++) {
        const a = zt[rp + q], b = zt[rn + q];
        zt[rp + q] = c * a + sn * b;
        zt[rn + q] = c * b - sn * a;
      }
      if (type[pj] !== type[nj]) type[pj] = type[nj] = MIXED;
      const dp = delta[pj] * c * c + delta[nj] * sn * sn;
      delta[nj] = delta[pj] * sn * sn + delta[nj] * c * c;
      delta[pj] = dp;
      deflated.push(pj);
    } else {
      kept.push(pj);
    }
    pj = nj;
  }
  if (pj >= 0) kept.push(pj);
  const k = kept.length;
  const values = new Float64Array(s);
  let out: Float64Array = new Float64Array(k * s);
  if (k > 0) {
    const dl = new Float64Array(k);
    const w = new Float64Array(k);
    for (let j = 0; j < k; j++) {
      dl[j] = delta[kept[j]];
      w[j] = z[kept[j]];
    }
    // Order the kept basis vectors first-half, mixed, second-half, so each half of the columns is one GEMM.
    const sigma: number[] = [];
    for (const ty of [FIRST, MIXED, SECOND]) for (let i = 0; i < k; i++) if (type[kept[i]] === ty) sigma.push(i);
    let n1 = 0, n3 = 0;
    for (let i = 0; i < k; i++) {
      if (type[kept[i]] === FIRST) n1++;
      else if (type[kept[i]] === SECOND) n3++;
    }
    const n2 = k - n1 - n3;
    const pos = new Int32Array(k); // column of u for kept vector i
    for (let c = 0; c < k; c++) pos[sigma[c]] = c;
    const rowOf = (c: number) => zt.subarray(base + kept[sigma[c]] * n, base + kept[sigma[c]] * n + s);
    const inWasm = mergeProductWasm(dl, w, rho, pos, rowOf, s, s1, n1, n2, values);
    if (inWasm !== null) {
      out = inWasm;
    } else {
      // u[j·k + pos[i]] = (eigenvector j of diag(dl) + ρ·w·wᵀ)_i; λ_j into values[j]
      const u = solveSecular(dl, w, rho, values, pos);
      const rows = new Float64Array(k * s);
      for (let c = 0; c < k; c++) rows.set(rowOf(c), c * s);
      if (s1 > 0 && n1 + n2 > 0) gemmRaw(false, false, k, s1, n1 + n2, 1, u, k, rows, s, 0, out, s);
      if (s > s1 && n2 + n3 > 0) {
        gemmRaw(false, false, k, s - s1, n2 + n3, 1, u.subarray(n1), k, rows.subarray(n1 * s + s1), s, 0, out.subarray(s1), s);
      }
    }
  }
  // Assemble: kept eigenpairs (λ_j, out row j) and deflated ones (δ_r, its rotated basis row), sorted ascending.
  const src: number[] = [];
  for (let j = 0; j < k; j++) src.push(j);
  const deflatedRows = new Float64Array(deflated.length * s); // deflated vectors, copied before zt is overwritten
  deflated.forEach((r, q) => {
    deflatedRows.set(zt.subarray(base + r * n, base + r * n + s), q * s);
    values[src.length] = delta[r];
    src.push(k + q);
  });
  const idx = Array.from({ length: s }, (_, i) => i).sort((a, b) => values[a] - values[b]);
  for (let p = 0; p < s; p++) {
    const q = idx[p];
    d[lo + p] = values[q];
    const from = src[q];
    const row = from < k ? out.subarray(from * s, from * s + s) : deflatedRows.subarray((from - k) * s, (from - k) * s + s);
    zt.set(row, (lo + p) * n + lo);
  }
}

/** Indices 0..s−1 ascending by delta, given delta[0..s1) and delta[s1..s) each ascending. */
function mergeOrder(delta: Float64Array, s1: number, s: number): number[] {
  const order: number[] = [];
  let a = 0, b = s1;
  while (a < s1 || b < s) {
    if (b >= s || (a < s1 && delta[a] <= delta[b])) order.push(a++);
    else order.push(b++);
  }
  return order;
}

type Gemm = (
  transA: number, transB: number, m: number, n: number, k: number, alpha: number,
  a: number, lda: number, b: number, ldb: number, beta: number, c: number, ldc: number, work: number,
) => void;
type Secular = (dl: number, w: number, k: number, rho: number, pos: number, values: number, u: number, work: number) => void;

/**
 * The merge's rank-one eigenproblem (assembly/secular.ts, twin of solveSecular) and its two products
 * with the kept basis rows, all in WASM memory: returns a view of the k×s result (valid until the next
 * kernel call) with λ_j in values, or null without the kernels.
 */
function mergeProductWasm(
  dl: Float64Array, w: Float64Array, rho: number, pos: Int32Array, rowOf: (c: number) => Float64Array,
  s: number, s1: number, n1: number, n2: number, values: Float64Array,
): Float64Array | null {
  const k = dl.length;
  const probe = wasmWorkspace(0);
  const secular = probe?.exports.secular as Secular | undefined;
  const gemm = probe?.exports.gemm as Gemm | undefined;
  const workBytes = probe?.exports.workBytes as ((m: number, n: number, k: number) => number) | undefined;
  if (probe === null || secular === undefined || gemm === undefined || workBytes === undefined) return null;
  const f = 8;
  const kk = k + (k & 1); // keeps the i32 pos array 8-byte aligned
  const bytes = f * (3 * k + k * k + 2 * k * s + 5 * k) + 4 * kk + workBytes(k, s, k) + 64;
  const ws = wasmWorkspace(bytes);
  if (ws === null) return null;
  const dlPtr = ws.base, wPtr = dlPtr + f * k, valPtr = wPtr + f * k, uPtr = valPtr + f * k, rowsPtr = uPtr + f * k * k;
  const outPtr = rowsPtr + f * k * s, secWork = outPtr + f * k * s, posPtr = secWork + f * 5 * k;
  const gemmWork = (posPtr + 4 * kk + 63) & ~63;
  const heap = ws.heap;
  heap.set(dl, dlPtr / f);
  heap.set(w, wPtr / f);
  new Int32Array(heap.buffer, posPtr, k).set(pos);
  for (let c = 0; c < k; c++) heap.set(rowOf(c), rowsPtr / f + c * s);
  secular(dlPtr, wPtr, k, rho, posPtr, valPtr, uPtr, secWork);
  if (s1 > 0 && n1 + n2 > 0) gemm(0, 0, k, s1, n1 + n2, 1, uPtr, k, rowsPtr, s, 0, outPtr, s, gemmWork);
  if (s > s1 && k - n1 > 0) gemm(0, 0, k, s - s1, k - n1, 1, uPtr + f * n1, k, rowsPtr + f * (n1 * s + s1), s, 0, outPtr + f * s1, s, gemmWork);
  values.set(heap.subarray(valPtr / f, valPtr / f + k));
  return heap.subarray(outPtr / f, outPtr / f + k * s);
}
