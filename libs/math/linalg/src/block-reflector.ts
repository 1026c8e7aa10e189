import { gemmRaw } from './gemm';

/**
 * nb Householder reflectors H_i = I − τ_i·v_i·v_iᵀ in compact WY form (LAPACK dlarft): H_0⋯H_{nb−1} =
 * I − V·T·Vᵀ with T upper triangular. V is kept transposed (vt, nb×len: row i is v_i, zero before its
 * unit at i) so every product with it is a contiguous GEMM operand. Built once, applied many times.
 */
export interface BlockReflector {
  nb: number;
  len: number;
  vt: Float64Array;
  t: Float64Array;
}

/**
 * Applies nb Householder reflectors at once from the right (LAPACK dlarft + dlarfb):
 *   reversed = false: X ← X·(H_0⋯H_{nb−1}) = X − (X·V)·T·Vᵀ   (each row y: y ← H_{nb−1}⋯H_0·y)
 *   reversed = true:  X ← X·(H_{nb−1}⋯H_0) = X − (X·V)·Tᵀ·Vᵀ
 * on rows rowStart..rowEnd−1 and columns o..ld−1 of row-major X (stride ld). The vectors are read from
 * `src` (stride srcLd) starting at element srcOff: entry r of v_i (relative to o) is src[srcOff + i·srcLd + r]
 * when `vInRows`, else src[srcOff + r·srcLd + i]; entries r < i are taken as 0 and r = i as 1 (the
 * implied unit), whatever src holds there. The products run in the GEMM kernel (WASM SIMD).
 */
export function applyBlockReflector(
  x: Float64Array, ld: number, rowStart: number, rowEnd: number, o: number, nb: number, tau: Float64Array,
  src: Float64Array, srcOff: number, srcLd: number, vInRows: boolean, reversed: boolean,
): void {
  const len = ld - o;
  if (rowEnd - rowStart <= 0 || len <= 0 || nb <= 0) return;
  applyPreparedReflector(x, ld, rowStart, rowEnd, o, blockReflector(len, nb, tau, src, srcOff, srcLd, vInRows), reversed);
}

/** The compact WY form of nb reflectors of length len read from src as in applyBlockReflector. */
export function blockReflector(
  len: number, nb: number, tau: Float64Array, src: Float64Array, srcOff: number, srcLd: number, vInRows: boolean,
): BlockReflector {
  const vt = new Float64Array(nb * len);
  for (let i = 0; i < nb; i++) {
    const row = i * len;
    vt[row + i] = 1;
    if (vInRows) {
      const from = srcOff + i * srcLd;
      vt.set(src.subarray(from + i + 1, from + len), row + i + 1);
    } else {
      for (let r = i + 1; r < len; r++) vt[row + r] = src[srcOff + r * srcLd + i];
    }
  }
  return { nb, len, vt, t: triangularFactor(vt, len, nb, tau) };
}

/** Rows up to this count take the reflectors one at a time (a GEMM would mostly copy V). */
const SEQUENTIAL_MAX_ROWS = 2;

/** applyBlockReflector with a prepared block; X's columns o..o+len−1 are touched (len = b.len). */
export function applyPreparedReflector(
  x: Float64Array, ld: number, rowStart: number, rowEnd: number, o: number, b: BlockReflector, reversed: boolean,
): void {
  const { nb, len, vt, t } = b;
  const nr = rowEnd - rowStart;
  if (nr <= 0 || len <= 0 || nb <= 0) return;
  if (nr <= SEQUENTIAL_MAX_ROWS) {
    for (let r = rowStart; r < rowEnd; r++) applySequential(x, r * ld + o, b, reversed);
    return;
  }
  const w = new Float64Array(nr * nb);
  const xo = x.subarray(rowStart * ld + o);
  gemmRaw(false, true, nr, nb, len, 1, xo, ld, vt, len, 0, w, nb);
  // W·T or W·Tᵀ (T's zero triangle included: twice the flops, but in the GEMM kernel)
  const wt = new Float64Array(nr * nb);
  gemmRaw(false, reversed, nr, nb, nb, 1, w, nb, t, nb, 0, wt, nb);
  gemmRaw(false, false, nr, len, nb, -1, wt, nb, vt, len, 1, xo, ld);
}

/** One vector y = x[off : off+len]: y ← H_{nb−1}⋯H_0·y (or H_0⋯H_{nb−1}·y reversed), τ_i = T_ii. */
function applySequential(x: Float64Array, off: number, b: BlockReflector, reversed: boolean): void {
  const { nb, len, vt, t } = b;
  for (let q = 0; q < nb; q++) {
    const i = reversed ? nb - 1 - q : q;
    const tau = t[i * nb + i];
    if (tau === 0) continue;
    const vo = i * len;
    let dot = 0;
    for (let r = i; r < len; r++) dot += vt[vo + r] * x[off + r];
    const s = tau * dot;
    for (let r = i; r < len; r++) x[off + r] -= s * vt[vo + r];
  }
}

/**
 * The block of reflectors [a; b] (a's first, b's vectors starting `shift` = a.nb entries later, so
 * b.len = a.len − shift) from the two blocks: T = [[T_a, −T_a·(V_aᵀV_b)·T_b], [0, T_b]] (the recursive
 * dlarft), so only the a×b cross products are new work.
 */
export function mergeBlockReflectors(a: BlockReflector, b: BlockReflector): BlockReflector {
  const nb = a.nb + b.nb;
  const len = a.len;
  const shift = a.nb;
  const vt = new Float64Array(nb * len);
  vt.set(a.vt);
  for (let i = 0; i < b.nb; i++) vt.set(b.vt.subarray(i * b.len, (i + 1) * b.len), (a.nb + i) * len + shift);
  // cross = V_aᵀ·V_b over the rows b's vectors live in (a.nb×b.nb)
  const cross = new Float64Array(a.nb * b.nb);
  gemmRaw(false, true, a.nb, b.nb, b.len, 1, a.vt.subarray(shift), a.len, b.vt, b.len, 0, cross, b.nb);
  return { nb, len, vt, t: mergeTriangularFactors(a.t, a.nb, b.t, b.nb, cross) };
}

/** T of [a; b] = [[T_a, −T_a·cross·T_b], [0, T_b]] with cross = V_aᵀ·V_b (na×nb). */
export function mergeTriangularFactors(ta: Float64Array, na: number, tb: Float64Array, nb: number, cross: Float64Array): Float64Array {
  const n = na + nb;
  const t = new Float64Array(n * n);
  for (let i = 0; i < na; i++) t.set(ta.subarray(i * na, (i + 1) * na), i * n);
  for (let i = 0; i < nb; i++) t.set(tb.subarray(i * nb, (i + 1) * nb), (na + i) * n + na);
  // cross·T_b (T_b upper triangular), then T_a (upper triangular) times that
  const ct = new Float64Array(na * nb);
  for (let p = 0; p < na; p++) {
    for (let j = 0; j < nb; j++) {
      let s = 0;
      for (let q = 0; q <= j; q++) s += cross[p * nb + q] * tb[q * nb + j];
      ct[p * nb + j] = s;
    }
  }
  for (let i = 0; i < na; i++) {
    for (let j = 0; j < nb; j++) {
      let s = 0;
      for (let p = i; p < na; p++) s += ta[i * na + p] * ct[p * nb + j];
      t[i * n + na + j] = -s;
    }
  }
  return t;
}

/**
 * dlarft (forward, columnwise): T[i][i] = τ_i, T[0:i, i] = −τ_i·T[0:i, 0:i]·(V[:, 0:i]ᵀ·v_i). The inner
 * products Vᵀ·V come from one GEMM (the rows of vt are zero before their unit, so full-length dots are exact).
 */
function triangularFactor(vt: Float64Array, len: number, nb: number, tau: Float64Array): Float64Array {
  const g = new Float64Array(nb * nb);
  gemmRaw(false, true, nb, nb, len, 1, vt, len, vt, len, 0, g, nb);
  return triangularFromGram(g, nb, tau);
}

/** T from the Gram matrix g = Vᵀ·V (nb×nb, only its strict upper triangle is read) and the τ's. */
export function triangularFromGram(g: Float64Array, nb: number, tau: ArrayLike<number>): Float64Array {
  const t = new Float64Array(nb * nb);
  for (let i = 0; i < nb; i++) {
    t[i * nb + i] = tau[i];
    if (tau[i] === 0) continue;
    for (let p = 0; p < i; p++) {
      let sum = 0;
      for (let q = p; q < i; q++) sum += t[p * nb + q] * g[q * nb + i];
      t[p * nb + i] = -tau[i] * sum;
    }
  }
  return t;
}
