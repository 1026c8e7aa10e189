import { rootFrom } from './secular';

/**
 * SVD of the k×k arrowhead M = [z; 0 diag(d_1 … d_{k−1})] (first row z, d_0 = 0 < d_1 < … < d_{k−1}, z_i ≠ 0,
 * as left by the bidiagonal merge's deflation): the merge step of LAPACK dlasd3/dlasd4. σ_j² are the roots
 * of f(σ²) = 1 + Σ z_i²/(d_i² − σ²), d_j < σ_j < d_{j+1}, written ascending to `sigma`. Each root is
 * solved as an offset τ from its nearer pole d_o with the poles taken relative to it, (d_i − d_o)(d_i + d_o),
 * so nothing is squared and then subtracted; σ_j = d_o + η_j with η_j = τ/(d_o + √(d_o² + τ)), and every
 * d_i² − σ_j² is formed as ((d_i − d_o) − η_j)·(d_i + σ_j) without cancellation. The vectors use
 * Gu–Eisenstat's ẑ recomputed from the roots (Löwner), so they are orthogonal to working precision:
 * v_j ∝ ẑ_i/(d_i² − σ_j²), u_j ∝ (−1, d_i·ẑ_i/(d_i² − σ_j²)) (M·v_j = σ_j·u_j).
 * Returns the coefficient rows: cu[j·k + pos[i]] = (u_j)_i, cv likewise (pos defaults to the identity).
 */
export function secularSvd(d: Float64Array, z: Float64Array, sigma: Float64Array, pos?: Int32Array): { cu: Float64Array; cv: Float64Array } {
  const k = d.length;
  const org = new Int32Array(k);
  const eta = new Float64Array(k);
  const wsq = new Float64Array(k);
  let wss = 0;
  for (let i = 0; i < k; i++) {
    wsq[i] = z[i] * z[i];
    wss += wsq[i];
  }
  const delta = new Float64Array(k); // d_i² − d_o², as (d_i − d_o)(d_i + d_o)
  for (let j = 0; j < k; j++) {
    let o = j;
    if (j < k - 1) {
      // the root lies left of the midpoint of (d_j², d_{j+1}²) iff f there is ≥ 0: then d_j is the nearer pole
      const mid = 0.5 * (d[j + 1] - d[j]) * (d[j + 1] + d[j]);
      let f = 1;
      for (let i = 0; i < k; i++) f += wsq[i] / ((d[i] - d[j]) * (d[i] + d[j]) - mid);
      if (f < 0) o = j + 1;
    }
    const dO = d[o];
    for (let i = 0; i < k; i++) delta[i] = (d[i] - dO) * (d[i] + dO);
    const lo = o === j ? 0 : 0.5 * delta[j];
    const hi = o === j ? (j === k - 1 ? wss : 0.5 * delta[j + 1]) : 0;
    const tau = k === 1 ? wss : rootFrom(delta, wsq, j, lo, hi);
    org[j] = o;
    eta[j] = tau / (dO + Math.sqrt(Math.max(0, dO * dO + tau)));
    sigma[j] = dO + eta[j];
  }
  // d_i² − σ_j², accurately
  const diff = (i: number, j: number) => (d[i] - d[org[j]] - eta[j]) * (d[i] + sigma[j]);
  const zh = new Float64Array(k);
  for (let i = 0; i < k; i++) {
    let p = -diff(i, i);
    for (let j = 0; j < k; j++) if (j !== i) p *= diff(i, j) / ((d[i] - d[j]) * (d[i] + d[j]));
    zh[i] = (z[i] >= 0 ? 1 : -1) * Math.sqrt(Math.max(p, 0));
  }
  const cu = new Float64Array(k * k);
  const cv = new Float64Array(k * k);
  const vj = new Float64Array(k);
  for (let j = 0; j < k; j++) {
    let sv = 0;
    let su = 1; // (u_j)_0 = −1
    for (let i = 0; i < k; i++) {
      const v = zh[i] / diff(i, j);
      vj[i] = v;
      sv += v * v;
      if (i > 0) su += (d[i] * v) ** 2;
    }
    const iv = 1 / Math.sqrt(sv);
    const iu = 1 / Math.sqrt(su);
    const r = j * k;
    for (let i = 0; i < k; i++) {
      const c = r + (pos ? pos[i] : i);
      cv[c] = vj[i] * iv;
      cu[c] = i === 0 ? -iu : d[i] * vj[i] * iu;
    }
  }
  return { cu, cv };
}
