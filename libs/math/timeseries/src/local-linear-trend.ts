const LOG_2PI = Math.log(2 * Math.PI);

/**
 * Fast scalar path: exact-diffuse loglik (all constants) of the local linear trend model
 * y_t = μ_t + ε_t, μ_{t+1} = μ_t + ν_t + ξ_t, ν_{t+1} = ν_t + ζ_t with (μ_1, ν_1) diffuse, for a
 * COMPLETE series (no NaN; callers fall back to UnivariateLoglik otherwise) of length ≥ 2.
 * The first two observations absorb the diffuse states (F_∞ = 1 twice, so they contribute
 * −½ log 2π each; D&K 2012 §5.2): afterwards a_3 = (2y_2 − y_1, y_2 − y_1) and
 * P_3 = T [[σ²_ε, σ²_ε], [σ²_ε, 2σ²_ε + σ²_ξ + σ²_ζ]] T' + diag(σ²_ξ, σ²_ζ); from there the usual
 * recursions in scalars. Same numbers as the general filter (tested), several times faster.
 */
export function localLinearTrendLoglikUnchecked(y: Float64Array, s2eps: number, s2level: number, s2slope: number): number {
  const n = y.length;
  let ll = -Math.min(n, 2) * 0.5 * LOG_2PI;
  if (n < 3) return ll;
  // filtered moments after t = 2
  let a1 = y[1];
  let a2 = y[1] - y[0];
  let p11 = s2eps;
  let p12 = s2eps;
  let p22 = s2slope + 2 * s2eps + s2level;
  // predict to t = 3
  a1 += a2;
  let q11 = p11 + 2 * p12 + p22 + s2level;
  let q12 = p12 + p22;
  let q22 = p22 + s2slope;
  for (let t = 2; t < n; t++) {
    const F = q11 + s2eps;
    const v = y[t] - a1;
    if (F > 0) {
      const k1 = q11 / F;
      const k2 = q12 / F;
      a1 += k1 * v;
      a2 += k2 * v;
      p11 = q11 - k1 * q11;
      p12 = q12 - k1 * q12;
      p22 = q22 - k2 * q12;
      ll -= 0.5 * (LOG_2PI + Math.log(F) + (v * v) / F);
    } else {
      if (v !== 0) return -Infinity;
      ll -= 0.5 * LOG_2PI;
      p11 = q11;
      p12 = q12;
      p22 = q22;
    }
    a1 += a2;
    q11 = p11 + 2 * p12 + p22 + s2level;
    q12 = p12 + p22;
    q22 = p22 + s2slope;
  }
  return ll;
}
