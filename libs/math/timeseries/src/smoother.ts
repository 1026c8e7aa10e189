import { InvalidArgumentError } from '@modelbus/math-linalg';
import { type ResolvedSystem, type TimeVaryingModel, resolveSystem } from './state-space';
import { type KalmanFilterResult, Step } from './kalman-filter';

export interface SmootherResult {
  /** E[α_t | Y_n], n × m, and Var[α_t | Y_n], n × m × m. */
  smoothedState: Float64Array;
  smoothedCov: Float64Array;
  /** E[ε_t | Y_n] and Var[ε_{t,i} | Y_n] (diagonal), n × p. */
  smoothedObsDisturbance: Float64Array;
  smoothedObsDisturbanceVar: Float64Array;
  /** E[η_t | Y_n], n × r, and Var[η_t | Y_n], n × r × r (η_n = 0: it affects no observation). */
  smoothedStateDisturbance: Float64Array;
  smoothedStateDisturbanceCov: Float64Array;
}

/**
 * Exact-diffuse state and disturbance smoother (Durbin & Koopman 2012 §4.4, §4.5, §5.3, §5.4 in
 * the univariate form of §6.4). Backward recursions for r⁽⁰⁾, r⁽¹⁾, N⁽⁰⁾, N⁽¹⁾, N⁽²⁾; in the
 * non-diffuse steps r⁽¹⁾, N⁽¹⁾, N⁽²⁾ are carried by L⁽⁰⁾'·L⁽⁰⁾ (equivalent to D&K's T'·/·T forms
 * because P_∞ z = 0 there), which keeps N⁽¹⁾ symmetric. The model is the one given to kalmanFilter
 * (time-varying matrices are read at each t).
 *
 * The diffuse phase must end within the sample (P_∞,n+1 = 0): otherwise the observations do not
 * identify some direction of the diffuse initial state, its smoothed variance is infinite, and the
 * recursions would return finite numbers that mean nothing — InvalidArgumentError on `y` instead.
 */
export function kalmanSmoother(model: TimeVaryingModel, f: KalmanFilterResult): SmootherResult {
  const { n, p, m } = f;
  if (f.nextCovInf.some((x) => x !== 0)) {
    throw new InvalidArgumentError('y', `does not identify the diffuse initial state: it is still diffuse after the last observation (${f.nobs} observed values), so smoothed variances are infinite; give more observations or a known initialisation of the unidentified states`);
  }
  const sys = resolveSystem(model, null, n);
  const r = sys.dims.r;
  const out: SmootherResult = {
    smoothedState: new Float64Array(n * m), smoothedCov: new Float64Array(n * m * m),
    smoothedObsDisturbance: new Float64Array(n * p), smoothedObsDisturbanceVar: new Float64Array(n * p),
    smoothedStateDisturbance: new Float64Array(n * r), smoothedStateDisturbanceCov: new Float64Array(n * r * r),
  };
  const qrConstant = sys.constant.Q && sys.constant.R;
  let QRt = qrt(sys.Q(0).data, sys.R(0).data, m, r); // r × m
  const r0 = new Float64Array(m);
  const r1 = new Float64Array(m);
  const N0 = new Float64Array(m * m);
  const N1 = new Float64Array(m * m);
  const N2 = new Float64Array(m * m);
  const w0 = new Float64Array(m);
  const w1 = new Float64Array(m);
  const K0 = new Float64Array(m);
  const K1 = new Float64Array(m);
  const tmpV = new Float64Array(m);
  const tmpM = new Float64Array(m * m);
  const tmpM2 = new Float64Array(m * m);
  const tmpRm = new Float64Array(r * m);

  for (let t = n - 1; t >= 0; t--) {
    const diffuse = t < f.diffuseSteps;
    if (!qrConstant) QRt = qrt(sys.Q(t).data, sys.R(t).data, m, r);
    const Qd = sys.Q(t).data;
    // η̂_t = QR' r_t, Var = Q − QR' N_t RQ, with r_t (D&K) = r⁽⁰⁾ at the start of time t+1
    for (let a = 0; a < r; a++) {
      let s = 0;
      for (let j = 0; j < m; j++) s += QRt[a * m + j] * r0[j];
      out.smoothedStateDisturbance[t * r + a] = s;
      for (let j = 0; j < m; j++) {
        let u = 0;
        for (let l = 0; l < m; l++) u += QRt[a * m + l] * N0[l * m + j];
        tmpRm[a * m + j] = u;
      }
    }
    for (let a = 0; a < r; a++) {
      for (let b = 0; b < r; b++) {
        let s = 0;
        for (let j = 0; j < m; j++) s += tmpRm[a * m + j] * QRt[b * m + j];
        out.smoothedStateDisturbanceCov[(t * r + a) * r + b] = Qd[a * r + b] - s;
      }
    }
    if (t < n - 1) {
      const Td = sys.T(t).data;
      transposeTimesVec(Td, r0, m, tmpV);
      transposeSandwich(Td, N0, m, tmpM);
      if (diffuse) {
        transposeTimesVec(Td, r1, m, tmpV);
        transposeSandwich(Td, N1, m, tmpM);
        transposeSandwich(Td, N2, m, tmpM);
      }
    }
    for (let e = f.count[t] - 1; e >= 0; e--) {
      const at = t * p + e;
      const kind = f.step[at];
      if (kind === Step.Skipped) continue;
      const zo = at * m;
      const z = f.zt;
      const v = f.v[at];
      if (kind === Step.Regular) {
        const F = f.F[at];
        for (let i = 0; i < m; i++) K0[i] = f.Mstar[zo + i] / F;
        // r⁽⁰⁾ ← z v/F + L'r⁽⁰⁾, L = I − K z'
        addLr(r0, K0, z, zo, v / F, m);
        sandwichL(N0, K0, z, zo, m, w0, 1 / F);
        if (diffuse) {
          addLr(r1, K0, z, zo, 0, m);
          sandwichL(N1, K0, z, zo, m, w0, 0);
          sandwichL(N2, K0, z, zo, m, w0, 0);
        }
      } else {
        const Fi = f.Finf[at];
        const Fs = f.F[at];
        for (let i = 0; i < m; i++) {
          K0[i] = f.Minf[zo + i] / Fi;
          K1[i] = f.Mstar[zo + i] / Fi - (f.Minf[zo + i] * Fs) / (Fi * Fi);
        }
        // r⁽¹⁾ ← z v/F∞ + L0'r⁽¹⁾ + L1'r⁽⁰⁾ (L1 = −K1 z'); r⁽⁰⁾ ← L0'r⁽⁰⁾
        let k1r0 = 0;
        for (let i = 0; i < m; i++) k1r0 += K1[i] * r0[i];
        addLr(r1, K0, z, zo, v / Fi - k1r0, m);
        addLr(r0, K0, z, zo, 0, m);
        // cross terms from the old N⁽⁰⁾, N⁽¹⁾ before any update
        mulVec(N0, K1, m, w0);
        mulVec(N1, K1, m, w1);
        let c01 = 0;
        let c11 = 0;
        let d01 = 0;
        for (let i = 0; i < m; i++) {
          c01 += K0[i] * w0[i];
          c11 += K1[i] * w0[i];
          d01 += K0[i] * w1[i];
        }
        // N⁽²⁾ ← −zz'F*/F∞² + L0'N⁽²⁾L0 + L0'N⁽¹⁾L1 + L1'N⁽¹⁾L0 + L1'N⁽⁰⁾L1
        sandwichL(N2, K0, z, zo, m, tmpV, c11 + 2 * d01 - Fs / (Fi * Fi));
        addCross(N2, w1, z, zo, m);
        // N⁽¹⁾ ← zz'/F∞ + L0'N⁽¹⁾L0 + L1'N⁽⁰⁾L0 + L0'N⁽⁰⁾L1
        sandwichL(N1, K0, z, zo, m, tmpV, 1 / Fi + 2 * c01);
        addCross(N1, w0, z, zo, m);
        // N⁽⁰⁾ ← L0'N⁽⁰⁾L0
        sandwichL(N0, K0, z, zo, m, tmpV, 0);
      }
    }
    // α̂_t = a_t + P_* r⁽⁰⁾ + P_∞ r⁽¹⁾;  V_t = P_* − P_*N⁽⁰⁾P_* − P_∞N⁽¹⁾P_* − (·)' − P_∞N⁽²⁾P_∞
    const Ps = f.predictedCov.subarray(t * m * m, (t + 1) * m * m);
    const Pi = f.predictedCovInf.subarray(t * m * m, (t + 1) * m * m);
    for (let i = 0; i < m; i++) {
      let s = f.predictedState[t * m + i];
      for (let j = 0; j < m; j++) s += Ps[i * m + j] * r0[j] + (diffuse ? Pi[i * m + j] * r1[j] : 0);
      out.smoothedState[t * m + i] = s;
    }
    const V = out.smoothedCov.subarray(t * m * m, (t + 1) * m * m);
    V.set(Ps);
    subtractABA(V, Ps, N0, Ps, m, tmpM, 1);
    if (diffuse) {
      subtractABA(V, Pi, N1, Ps, m, tmpM, 2); // P∞N⁽¹⁾P* plus its transpose
      subtractABA(V, Pi, N2, Pi, m, tmpM2, 1);
    }
  }
  obsDisturbances(sys, f, out);
  return out;
}

/** r ← r − z (K'r) + c z  (i.e. L'r + c z with L = I − K z'). */
function addLr(rv: Float64Array, K: Float64Array, z: Float64Array, zo: number, c: number, m: number): void {
  let kr = 0;
  for (let i = 0; i < m; i++) kr += K[i] * rv[i];
  const f = c - kr;
  for (let i = 0; i < m; i++) rv[i] += f * z[zo + i];
}

/** N ← (I − zK')N(I − Kz') + extra·zz' for symmetric N (u = NK is workspace). */
function sandwichL(N: Float64Array, K: Float64Array, z: Float64Array, zo: number, m: number, u: Float64Array, extra: number): void {
  mulVec(N, K, m, u);
  let c = 0;
  for (let i = 0; i < m; i++) c += K[i] * u[i];
  c += extra;
  for (let i = 0; i < m; i++) {
    const zi = z[zo + i];
    for (let j = 0; j < m; j++) {
      const zj = z[zo + j];
      N[i * m + j] += -zi * u[j] - u[i] * zj + c * zi * zj;
    }
  }
}

/** N ← N − z w' − w z'. */
function addCross(N: Float64Array, w: Float64Array, z: Float64Array, zo: number, m: number): void {
  for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) N[i * m + j] -= z[zo + i] * w[j] + w[i] * z[zo + j];
}

function mulVec(N: Float64Array, x: Float64Array, m: number, out: Float64Array): void {
  for (let i = 0; i < m; i++) {
    let s = 0;
    for (let j = 0; j < m; j++) s += N[i * m + j] * x[j];
    out[i] = s;
  }
}

/** v ← T'v (tmp length m). */
export function transposeTimesVec(T: Float64Array, v: Float64Array, m: number, tmp: Float64Array): void {
  for (let j = 0; j < m; j++) {
    let s = 0;
    for (let i = 0; i < m; i++) s += T[i * m + j] * v[i];
    tmp[j] = s;
  }
  v.set(tmp);
}

/** N ← T'NT (tmp m × m). */
function transposeSandwich(T: Float64Array, N: Float64Array, m: number, tmp: Float64Array): void {
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < m; j++) {
      let s = 0;
      for (let l = 0; l < m; l++) s += N[i * m + l] * T[l * m + j];
      tmp[i * m + j] = s;
    }
  }
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < m; j++) {
      let s = 0;
      for (let l = 0; l < m; l++) s += T[l * m + i] * tmp[l * m + j];
      N[i * m + j] = s;
    }
  }
}

/** V −= A B C, and when twice = 2 also V −= (A B C)'. */
function subtractABA(V: Float64Array, A: Float64Array, B: Float64Array, C: Float64Array, m: number, tmp: Float64Array, twice: 1 | 2): void {
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < m; j++) {
      let s = 0;
      for (let l = 0; l < m; l++) s += B[i * m + l] * C[l * m + j];
      tmp[i * m + j] = s;
    }
  }
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < m; j++) {
      let s = 0;
      for (let l = 0; l < m; l++) s += A[i * m + l] * tmp[l * m + j];
      V[i * m + j] -= s;
      if (twice === 2) V[j * m + i] -= s;
    }
  }
}

/** Q R' (r × m). */
function qrt(Q: Float64Array, R: Float64Array, m: number, r: number): Float64Array {
  const out = new Float64Array(r * m);
  for (let a = 0; a < r; a++) {
    for (let j = 0; j < m; j++) {
      let s = 0;
      for (let b = 0; b < r; b++) s += Q[a * r + b] * R[j * r + b];
      out[a * m + j] = s;
    }
  }
  return out;
}

/**
 * ε̂_t: observed entries are y − Zα̂_t with variance (Z V_t Z')_ii (y_t is known given Y_n);
 * missing entries get E[ε_M | ε_W] = H_MW H_WW⁻¹ ε̂_W, variance H_MM − B H_WM + B Z_W V Z_W' B'.
 */
function obsDisturbances(sys: ResolvedSystem, f: KalmanFilterResult, out: SmootherResult): void {
  const { n, p, m, y } = f;
  const ZV = new Float64Array(p * m);
  const S = new Float64Array(p * p); // Z V Z'
  const obs = new Int32Array(p);
  const mis = new Int32Array(p);
  for (let t = 0; t < n; t++) {
    const Z = sys.Z(t).data;
    const H = sys.H(t).data;
    const V = out.smoothedCov.subarray(t * m * m, (t + 1) * m * m);
    for (let i = 0; i < p; i++) {
      for (let j = 0; j < m; j++) {
        let s = 0;
        for (let l = 0; l < m; l++) s += Z[i * m + l] * V[l * m + j];
        ZV[i * m + j] = s;
      }
    }
    for (let i = 0; i < p; i++) {
      for (let j = 0; j < p; j++) {
        let s = 0;
        for (let l = 0; l < m; l++) s += ZV[i * m + l] * Z[j * m + l];
        S[i * p + j] = s;
      }
    }
    let kw = 0;
    let km = 0;
    for (let i = 0; i < p; i++) {
      const yi = y[t * p + i];
      if (Number.isNaN(yi)) {
        mis[km++] = i;
        continue;
      }
      obs[kw++] = i;
      let s = yi;
      for (let l = 0; l < m; l++) s -= Z[i * m + l] * out.smoothedState[t * m + l];
      out.smoothedObsDisturbance[t * p + i] = s;
      out.smoothedObsDisturbanceVar[t * p + i] = S[i * p + i];
    }
    if (km === 0) continue;
    missingDisturbances(H, S, out, t, p, obs, kw, mis, km);
  }
}

function missingDisturbances(H: Float64Array, S: Float64Array, out: SmootherResult, t: number, p: number, obs: Int32Array, kw: number, mis: Int32Array, km: number): void {
  let coupled = false;
  for (let a = 0; a < km && !coupled; a++) for (let b = 0; b < kw; b++) if (H[mis[a] * p + obs[b]] !== 0) coupled = true;
  if (!coupled) {
    for (let a = 0; a < km; a++) {
      out.smoothedObsDisturbance[t * p + mis[a]] = 0;
      out.smoothedObsDisturbanceVar[t * p + mis[a]] = H[mis[a] * p + mis[a]];
    }
    return;
  }
  // B = H_MW H_WW⁻¹ via solving H_WW X = H_WM (small dense Gaussian elimination; rare path)
  const A = new Float64Array(kw * kw);
  const X = new Float64Array(kw * km);
  for (let i = 0; i < kw; i++) {
    for (let j = 0; j < kw; j++) A[i * kw + j] = H[obs[i] * p + obs[j]];
    for (let j = 0; j < km; j++) X[i * km + j] = H[obs[i] * p + mis[j]];
  }
  solveMulti(A, X, kw, km);
  for (let a = 0; a < km; a++) {
    let mean = 0;
    let varv = H[mis[a] * p + mis[a]];
    for (let i = 0; i < kw; i++) {
      const bai = X[i * km + a];
      mean += bai * out.smoothedObsDisturbance[t * p + obs[i]];
      varv -= bai * H[obs[i] * p + mis[a]];
      for (let j = 0; j < kw; j++) varv += bai * S[obs[i] * p + obs[j]] * X[j * km + a];
    }
    out.smoothedObsDisturbance[t * p + mis[a]] = mean;
    out.smoothedObsDisturbanceVar[t * p + mis[a]] = varv;
  }
}

function solveMulti(A: Float64Array, X: Float64Array, n: number, k: number): void {
  for (let c = 0; c < n; c++) {
    let piv = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(A[r * n + c]) > Math.abs(A[piv * n + c])) piv = r;
    if (piv !== c) {
      for (let j = 0; j < n; j++) [A[c * n + j], A[piv * n + j]] = [A[piv * n + j], A[c * n + j]];
      for (let j = 0; j < k; j++) [X[c * k + j], X[piv * k + j]] = [X[piv * k + j], X[c * k + j]];
    }
    const d = A[c * n + c] || 1e-300;
    for (let r = c + 1; r < n; r++) {
      const g = A[r * n + c] / d;
      if (g === 0) continue;
      for (let j = c; j < n; j++) A[r * n + j] -= g * A[c * n + j];
      for (let j = 0; j < k; j++) X[r * k + j] -= g * X[c * k + j];
    }
  }
  for (let r = n - 1; r >= 0; r--) {
    for (let j = 0; j < k; j++) {
      let s = X[r * k + j];
      for (let l = r + 1; l < n; l++) s -= A[r * n + l] * X[l * k + j];
      X[r * k + j] = s / (A[r * n + r] || 1e-300);
    }
  }
}
