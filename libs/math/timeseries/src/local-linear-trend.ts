import * as core from './filter-core';

// module-local copies: an imported binding is read through a getter in CommonJS output (hot loops)
const STEADY_TOL = core.SCALAR_STEADY_TOL;
const DERIV_STEADY_TOL = core.SCALAR_DERIV_STEADY_TOL;

const LOG_2PI = Math.log(2 * Math.PI);

/** True when the predicted covariance (q11, q12, q22) moved by at most a few ulps in the last step. */
function covSteady(q11: number, q12: number, q22: number, n11: number, n12: number, n22: number): boolean {
  const s = STEADY_TOL * (Math.abs(n11) + Math.abs(n22));
  return Math.abs(n11 - q11) <= s && Math.abs(n12 - q12) <= s && Math.abs(n22 - q22) <= s;
}

/** The same for the derivatives of (q11, q12, q22) by one variance, with DERIV_STEADY_TOL. */
function derivSteady(q11: number, q12: number, q22: number, n11: number, n12: number, n22: number): boolean {
  const s = DERIV_STEADY_TOL * (Math.abs(n11) + Math.abs(n22));
  return Math.abs(n11 - q11) <= s && Math.abs(n12 - q12) <= s && Math.abs(n22 - q22) <= s;
}

/**
 * Fast scalar path: exact-diffuse loglik (all constants) of the local linear trend model
 * y_t = μ_t + ε_t, μ_{t+1} = μ_t + ν_t + ξ_t, ν_{t+1} = ν_t + ζ_t with (μ_1, ν_1) diffuse, for a
 * COMPLETE series (no NaN; callers fall back to UnivariateLoglik otherwise) of length ≥ 2.
 * The first two observations absorb the diffuse states (F_∞ = 1 twice, so they contribute
 * −½ log 2π each; D&K 2012 §5.2): afterwards a_3 = (2y_2 − y_1, y_2 − y_1) and
 * P_3 = T [[σ²_ε, σ²_ε], [σ²_ε, 2σ²_ε + σ²_ξ + σ²_ζ]] T' + diag(σ²_ξ, σ²_ζ); from there the usual
 * recursions in scalars. Once P_t stops changing (a few ulps; the Riccati recursion converges
 * geometrically when σ²_ε > 0) F and K are constant and the loop only updates a_t and Σv².
 * Same numbers as the general filter (tested), several times faster.
 */
export function localLinearTrendLoglikUnchecked(y: Float64Array, s2eps: number, s2level: number, s2slope: number): number {
  const n = y.length;
  let ll = -Math.min(n, 2) * 0.5 * LOG_2PI;
  if (n < 3) return ll;
  // a_3 and P_3 (see above)
  let a2 = y[1] - y[0];
  let a1 = y[1] + a2;
  let q11 = 5 * s2eps + 2 * s2level + s2slope;
  let q12 = 3 * s2eps + s2level + s2slope;
  let q22 = 2 * s2eps + s2level + 2 * s2slope;
  let t = 2;
  while (t < n) {
    const F = q11 + s2eps;
    const v = y[t++] - a1;
    let p11 = q11;
    let p12 = q12;
    let p22 = q22;
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
    }
    a1 += a2;
    const n11 = p11 + 2 * p12 + p22 + s2level;
    const n12 = p12 + p22;
    const n22 = p22 + s2slope;
    const steady = F > 0 && covSteady(q11, q12, q22, n11, n12, n22);
    q11 = n11;
    q12 = n12;
    q22 = n22;
    if (!steady) continue;
    // steady state: F and K fixed to the end (the series is complete)
    const Fs = q11 + s2eps;
    const k1 = q11 / Fs;
    const k2 = q12 / Fs;
    let sumV2 = 0;
    const count = n - t;
    for (; t < n; t++) {
      const vs = y[t] - a1;
      sumV2 += vs * vs;
      a2 += k2 * vs;
      a1 += k1 * vs + a2;
    }
    ll -= 0.5 * (count * (LOG_2PI + Math.log(Fs)) + sumV2 / Fs);
  }
  return ll;
}

/**
 * localLinearTrendLoglikUnchecked and its exact gradient [∂ℓ/∂σ²ε, ∂ℓ/∂σ²ξ, ∂ℓ/∂σ²ζ] (into grad),
 * by forward differentiation of the scalar recursion (for each variance j, with [·] = 1 for the
 * variance that enters there): dF = dq11 + [ε], dk = (dq − k dF)/F, da = (1 − k1) da1 terms + v dk,
 * dp11 = dq11 (1 − k1) − q11 dk1, dp12 = dq12 (1 − k1) − q12 dk1, dp22 = dq22 − q12 dk2 − k2 dq12,
 * dq' = T dp T' + [ξ, ζ], dℓ_t = −½ (dF/F − 2v da1/F − v² dF/F²). Once P and its derivatives stop
 * changing the steady-state loop only updates a, da and four sums. One pass costs about three
 * loglik evaluations instead of the seven of central differences.
 */
export function localLinearTrendLoglikGradUnchecked(y: Float64Array, s2eps: number, s2level: number, s2slope: number, grad: Float64Array): number {
  const n = y.length;
  let ll = -Math.min(n, 2) * 0.5 * LOG_2PI;
  grad[0] = 0;
  grad[1] = 0;
  grad[2] = 0;
  if (n < 3) return ll;
  let a2 = y[1] - y[0];
  let a1 = y[1] + a2;
  let q11 = 5 * s2eps + 2 * s2level + s2slope;
  let q12 = 3 * s2eps + s2level + s2slope;
  let q22 = 2 * s2eps + s2level + 2 * s2slope;
  // derivatives by σ²ε (E), σ²ξ (L), σ²ζ (S), unrolled into scalars (hot loop); a_3 does not depend on them
  let da1E = 0;
  let da1L = 0;
  let da1S = 0;
  let da2E = 0;
  let da2L = 0;
  let da2S = 0;
  let dq11E = 5;
  let dq11L = 2;
  let dq11S = 1;
  let dq12E = 3;
  let dq12L = 1;
  let dq12S = 1;
  let dq22E = 2;
  let dq22L = 1;
  let dq22S = 2;
  let gE = 0;
  let gL = 0;
  let gS = 0;
  let t = 2;
  while (t < n) {
    const F = q11 + s2eps;
    const v = y[t++] - a1;
    if (!(F > 0)) {
      if (v !== 0) {
        grad[0] = grad[1] = grad[2] = NaN;
        return -Infinity;
      }
      // F = 0 with v = 0: no update, only the prediction step (for the values and their derivatives)
      ll -= 0.5 * LOG_2PI;
      a1 += a2;
      da1E += da2E;
      da1L += da2L;
      da1S += da2S;
      dq11E += 2 * dq12E + dq22E;
      dq11L += 2 * dq12L + dq22L + 1;
      dq11S += 2 * dq12S + dq22S;
      dq12E += dq22E;
      dq12L += dq22L;
      dq12S += dq22S;
      dq22S += 1;
      q11 += 2 * q12 + q22 + s2level;
      q12 += q22;
      q22 += s2slope;
      continue;
    }
    const iF = 1 / F;
    const k1 = q11 * iF;
    const k2 = q12 * iF;
    const v2F = v * v * iF;
    ll -= 0.5 * (LOG_2PI + Math.log(F) + v2F);
    // dℓ_t = −½ (dF/F − 2v da1/F − v² dF/F²) = ½ (v²/F − 1) dF/F + v da1/F
    const h = 0.5 * (v2F - 1) * iF;
    const vF = v * iF;
    const dFE = dq11E + 1;
    const dk1E = (dq11E - k1 * dFE) * iF;
    const dk2E = (dq12E - k2 * dFE) * iF;
    gE += h * dFE + vF * da1E;
    da2E += v * dk2E - k2 * da1E;
    da1E = da1E * (1 - k1) + v * dk1E + da2E;
    const dp11E = dq11E * (1 - k1) - q11 * dk1E;
    const dp12E = dq12E * (1 - k1) - q12 * dk1E;
    const dp22E = dq22E - q12 * dk2E - k2 * dq12E;
    const n11E = dp11E + 2 * dp12E + dp22E;
    const n12E = dp12E + dp22E;
    const n22E = dp22E;
    const dFL = dq11L;
    const dk1L = (dq11L - k1 * dFL) * iF;
    const dk2L = (dq12L - k2 * dFL) * iF;
    gL += h * dFL + vF * da1L;
    da2L += v * dk2L - k2 * da1L;
    da1L = da1L * (1 - k1) + v * dk1L + da2L;
    const dp11L = dq11L * (1 - k1) - q11 * dk1L;
    const dp12L = dq12L * (1 - k1) - q12 * dk1L;
    const dp22L = dq22L - q12 * dk2L - k2 * dq12L;
    const n11L = dp11L + 2 * dp12L + dp22L + 1;
    const n12L = dp12L + dp22L;
    const n22L = dp22L;
    const dFS = dq11S;
    const dk1S = (dq11S - k1 * dFS) * iF;
    const dk2S = (dq12S - k2 * dFS) * iF;
    gS += h * dFS + vF * da1S;
    da2S += v * dk2S - k2 * da1S;
    da1S = da1S * (1 - k1) + v * dk1S + da2S;
    const dp11S = dq11S * (1 - k1) - q11 * dk1S;
    const dp12S = dq12S * (1 - k1) - q12 * dk1S;
    const dp22S = dq22S - q12 * dk2S - k2 * dq12S;
    const n11S = dp11S + 2 * dp12S + dp22S;
    const n12S = dp12S + dp22S;
    const n22S = dp22S + 1;
    a2 += k2 * v;
    a1 += k1 * v + a2;
    const n11 = q11 * (1 - k1) + 2 * q12 * (1 - k1) + q22 - k2 * q12 + s2level;
    const n12 = q12 * (1 - k1) + q22 - k2 * q12;
    const n22 = q22 - k2 * q12 + s2slope;
    const steady =
      covSteady(q11, q12, q22, n11, n12, n22) &&
      derivSteady(dq11E, dq12E, dq22E, n11E, n12E, n22E) &&
      derivSteady(dq11L, dq12L, dq22L, n11L, n12L, n22L) &&
      derivSteady(dq11S, dq12S, dq22S, n11S, n12S, n22S);
    q11 = n11;
    q12 = n12;
    q22 = n22;
    dq11E = n11E;
    dq12E = n12E;
    dq22E = n22E;
    dq11L = n11L;
    dq12L = n12L;
    dq22L = n22L;
    dq11S = n11S;
    dq12S = n12S;
    dq22S = n22S;
    if (!steady) continue;
    // steady state: F, K and their derivatives fixed to the end (the series is complete)
    const Fs = q11 + s2eps;
    const K1 = q11 / Fs;
    const K2 = q12 / Fs;
    const dFsE = dq11E + 1;
    const ek1E = (dq11E - K1 * dFsE) / Fs;
    const ek2E = (dq12E - K2 * dFsE) / Fs;
    const dFsL = dq11L;
    const ek1L = (dq11L - K1 * dFsL) / Fs;
    const ek2L = (dq12L - K2 * dFsL) / Fs;
    const dFsS = dq11S;
    const ek1S = (dq11S - K1 * dFsS) / Fs;
    const ek2S = (dq12S - K2 * dFsS) / Fs;
    let sumV2 = 0;
    let svE = 0;
    let svL = 0;
    let svS = 0;
    const count = n - t;
    for (; t < n; t++) {
      const vs = y[t] - a1;
      sumV2 += vs * vs;
      svE += vs * da1E;
      svL += vs * da1L;
      svS += vs * da1S;
      a2 += K2 * vs;
      a1 += K1 * vs + a2;
      da2E += vs * ek2E - K2 * da1E;
      da2L += vs * ek2L - K2 * da1L;
      da2S += vs * ek2S - K2 * da1S;
      da1E = da1E * (1 - K1) + vs * ek1E + da2E;
      da1L = da1L * (1 - K1) + vs * ek1L + da2L;
      da1S = da1S * (1 - K1) + vs * ek1S + da2S;
    }
    ll -= 0.5 * (count * (LOG_2PI + Math.log(Fs)) + sumV2 / Fs);
    const hs = (0.5 * (sumV2 / Fs - count)) / Fs;
    gE += hs * dFsE + svE / Fs;
    gL += hs * dFsL + svL / Fs;
    gS += hs * dFsS + svS / Fs;
  }
  grad[0] = gE;
  grad[1] = gL;
  grad[2] = gS;
  return ll;
}
