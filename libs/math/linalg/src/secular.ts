const MAX_SECULAR_ITERATIONS = 80;

/**
 * Eigenpairs of diag(δ) + ρ·w·wᵀ (δ strictly ascending, w without zero entries, ρ > 0, as left by
 * deflation): the roots λ_0 < … < λ_{k−1} of the secular equation f(λ) = 1 + ρ·Σ w_i²/(δ_i − λ) = 0,
 * δ_j < λ_j < δ_{j+1} (λ_{k−1} < δ_{k−1} + ρ‖w‖²), written to `values`; returns the eigenvectors as rows
 * of a k×k matrix (entry i of vector j at column pos[i] when given). Each root is kept as (origin pole, offset τ) so every δ_i − λ_j is computed as
 * (δ_i − δ_origin) − τ without cancellation; the iteration fits the two nearest poles with a rational
 * model (Bunch–Nielsen–Sorensen), safeguarded by bisection. The vectors use Gu–Eisenstat's ẑ, recomputed
 * from the computed roots (Löwner), which keeps them orthogonal to working precision (LAPACK dlaed3).
 */
export function solveSecular(dl: Float64Array, w: Float64Array, rho: number, values: Float64Array, pos?: Int32Array): Float64Array {
  const k = dl.length;
  const org = new Int32Array(k);
  const tau = new Float64Array(k);
  const wsq = new Float64Array(k);
  let wss = 0;
  for (let i = 0; i < k; i++) {
    wsq[i] = rho * w[i] * w[i];
    wss += wsq[i];
  }
  const delta = new Float64Array(k); // δ_i − δ_origin for the root being solved
  for (let j = 0; j < k; j++) {
    const o = j === k - 1 || secularAt(dl, wsq, j, 0.5 * (dl[j + 1] - dl[j])) >= 0 ? j : j + 1;
    for (let i = 0; i < k; i++) delta[i] = dl[i] - dl[o];
    org[j] = o;
    const lo = o === j ? 0 : 0.5 * delta[j];
    const hi = o === j ? (j === k - 1 ? wss : 0.5 * delta[j + 1]) : 0;
    tau[j] = k === 1 ? wss : rootFrom(delta, wsq, j, lo, hi);
    values[j] = dl[o] + tau[j];
  }
  // Gu–Eisenstat: ẑ_i² ∝ −(δ_i − λ_i)·Π_{j≠i} (δ_i − λ_j)/(δ_i − δ_j), sign of w_i; δ_i − λ_j = (δ_i − δ_org(j)) − τ_j.
  const dorg = new Float64Array(k);
  for (let j = 0; j < k; j++) dorg[j] = dl[org[j]];
  const zh = new Float64Array(k);
  for (let i = 0; i < k; i++) {
    const di = dl[i];
    let p = -(di - dorg[i] - tau[i]);
    for (let j = 0; j < i; j++) p *= (di - dorg[j] - tau[j]) / (di - dl[j]);
    for (let j = i + 1; j < k; j++) p *= (di - dorg[j] - tau[j]) / (di - dl[j]);
    zh[i] = Math.sign(w[i]) * Math.sqrt(Math.max(p, 0));
  }
  const u = new Float64Array(k * k);
  for (let j = 0; j < k; j++) {
    let ss = 0;
    const r = j * k;
    const o = dorg[j], t = tau[j];
    for (let i = 0; i < k; i++) {
      const v = zh[i] / (dl[i] - o - t);
      u[r + (pos ? pos[i] : i)] = v;
      ss += v * v;
    }
    const inv = 1 / Math.sqrt(ss);
    for (let i = 0; i < k; i++) u[r + i] *= inv;
  }
  return u;
}

/** f at δ_j + t (poles relative to δ_j). */
function secularAt(dl: Float64Array, wsq: Float64Array, j: number, t: number): number {
  let f = 1;
  for (let i = 0; i < dl.length; i++) f += wsq[i] / (dl[i] - dl[j] - t);
  return f;
}

/**
 * Root j as an offset τ from its origin pole, within (lo, hi); delta are the poles relative to the
 * origin. Rational two-pole model through poles j and j+1 (one pole for the last root).
 */
export function rootFrom(delta: Float64Array, wsq: Float64Array, j: number, lo: number, hi: number): number {
  const k = delta.length;
  const last = j === k - 1;
  let t = 0.5 * (lo + hi);
  for (let it = 0; it < MAX_SECULAR_ITERATIONS; it++) {
    let psi1 = 0, dpsi1 = 0, psi2 = 0, dpsi2 = 0, abs = 0;
    for (let i = 0; i <= j; i++) {
      const r = 1 / (delta[i] - t);
      const term = wsq[i] * r;
      psi1 += term;
      dpsi1 += term * r;
      abs -= term; // terms left of the root are negative
    }
    for (let i = j + 1; i < k; i++) {
      const r = 1 / (delta[i] - t);
      const term = wsq[i] * r;
      psi2 += term;
      dpsi2 += term * r;
      abs += term;
    }
    const f = 1 + psi1 + psi2;
    if (Math.abs(f) <= 8 * Number.EPSILON * (1 + abs) * Math.max(1, Math.log2(k))) break;
    if (f > 0) hi = t;
    else lo = t;
    if (hi - lo <= 2 * Number.EPSILON * Math.max(Math.abs(lo), Math.abs(hi))) break;
    const dj = delta[j] - t;
    const b1 = dpsi1 * dj * dj;
    const c0 = 1 + psi1 - b1 / dj;
    let y: number;
    if (last) {
      y = c0 + psi2 > 0 ? dj + b1 / (c0 + psi2) : Number.NaN;
    } else {
      const dj1 = delta[j + 1] - t;
      const b2 = dpsi2 * dj1 * dj1;
      const c = c0 + psi2 - b2 / dj1;
      // c·y² − (c·(dj + dj1) + b1 + b2)·y + dj·dj1·f = 0, root in (dj, dj1)
      const B = -(c * (dj + dj1) + b1 + b2);
      const C = dj * dj1 * f;
      const disc = Math.sqrt(Math.max(0, B * B - 4 * c * C));
      const q = -0.5 * (B + (B >= 0 ? disc : -disc));
      const y1 = q !== 0 ? C / q : Number.NaN;
      const y2 = c !== 0 ? q / c : Number.NaN;
      y = y1 > dj && y1 < dj1 ? y1 : y2;
    }
    const next = t + y;
    if (!(next > lo && next < hi)) t = 0.5 * (lo + hi);
    else if (next === t) break;
    else t = next;
  }
  return t;
}
