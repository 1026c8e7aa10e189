import { gemmRaw } from './gemm';

/**
 * Applies nb Householder reflectors H_i = I − τ_i·v_i·v_iᵀ at once from the right, in compact WY form
 * (LAPACK dlarft + dlarfb): with H_0⋯H_{nb−1} = I − V·T·Vᵀ (T upper triangular),
 *   reversed = false: X ← X·(H_0⋯H_{nb−1}) = X − (X·V)·T·Vᵀ   (each row y: y ← H_{nb−1}⋯H_0·y)
 *   reversed = true:  X ← X·(H_{nb−1}⋯H_0) = X − (X·V)·Tᵀ·Vᵀ
 * on rows rowStart..rowEnd−1 and columns o..ld−1 of row-major X (stride ld). The vectors are read from
 * `src` (stride srcLd) starting at element srcOff: entry r of v_i (relative to o) is src[srcOff + i·srcLd + r]
 * when `vInRows`, else src[srcOff + r·srcLd + i]; entries r < i are taken as 0 and r = i as 1 (the
 * implied unit), whatever src holds there. The two products run in the GEMM kernel (WASM SIMD).
 */
export function applyBlockReflector(
  x: Float64Array, ld: number, rowStart: number, rowEnd: number, o: number, nb: number, tau: Float64Array,
  src: Float64Array, srcOff: number, srcLd: number, vInRows: boolean, reversed: boolean,
): void {
  const len = ld - o;
  const nr = rowEnd - rowStart;
  if (nr <= 0 || len <= 0 || nb <= 0) return;
  // V stored transposed (nb×len): row i is v_i, so the dot products below are contiguous
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
  const t = triangularFactor(vt, len, nb, tau);
  const w = new Float64Array(nr * nb);
  const xo = x.subarray(rowStart * ld + o);
  gemmRaw(false, true, nr, nb, len, 1, xo, ld, vt, len, 0, w, nb);
  // W·T or W·Tᵀ (T's zero triangle included: twice the flops, but in the GEMM kernel)
  const wt = new Float64Array(nr * nb);
  gemmRaw(false, reversed, nr, nb, nb, 1, w, nb, t, nb, 0, wt, nb);
  gemmRaw(false, false, nr, len, nb, -1, wt, nb, vt, len, 1, xo, ld);
}

/**
 * dlarft (forward, columnwise): T[i][i] = τ_i, T[0:i, i] = −τ_i·T[0:i, 0:i]·(V[:, 0:i]ᵀ·v_i). The inner
 * products Vᵀ·V come from one GEMM (the rows of vt are zero before their unit, so full-length dots are exact).
 */
function triangularFactor(vt: Float64Array, len: number, nb: number, tau: Float64Array): Float64Array {
  const t = new Float64Array(nb * nb);
  const g = new Float64Array(nb * nb);
  gemmRaw(false, true, nb, nb, len, 1, vt, len, vt, len, 0, g, nb);
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
