import { type EtsParams, type EtsSpec } from './ets-model';

const LOG_2PI = Math.log(2 * Math.PI);

/**
 * Allocation-free innovations loglik for optimiser loops: the recursion of etsStep with the
 * seasonal states in a ring buffer (O(1) per step instead of shifting m values) and the
 * component branches hoisted out of the loop. Same numbers as etsRun (checked in tests).
 */
export class EtsLoglik {
  private readonly ring: Float64Array;
  /** Raw-parameter count of the gradient layout [α, β, γ, φ, l0, b0, s_0..s_{m−2}]. */
  readonly nRaw: number;
  private readonly dl: Float64Array;
  private readonly db: Float64Array;
  private readonly dring: Float64Array; // m × nRaw
  private readonly dq: Float64Array;
  private readonly dyhat: Float64Array;
  private readonly dpq: Float64Array;
  private readonly dsse: Float64Array;
  private readonly dlog: Float64Array;

  constructor(private readonly spec: EtsSpec) {
    const m = spec.season === 'N' ? 1 : (spec.period as number);
    this.ring = new Float64Array(m);
    this.nRaw = 6 + (spec.season === 'N' ? 0 : m - 1);
    const P = this.nRaw;
    this.dl = new Float64Array(P);
    this.db = new Float64Array(P);
    this.dring = new Float64Array(m * P);
    this.dq = new Float64Array(P);
    this.dyhat = new Float64Array(P);
    this.dpq = new Float64Array(P);
    this.dsse = new Float64Array(P);
    this.dlog = new Float64Array(P);
  }

  /**
   * Loglik and its exact gradient (forward-mode differentiation of the recursion) with respect to
   * the raw parameters [α, β, γ, φ, l0, b0, s_0..s_{m−2}] (s_{m−1} = −Σ or m − Σ of the others;
   * entries of absent components are 0). Checked against central differences in tests.
   */
  runWithGradient(y: Float64Array, p: EtsParams, grad: Float64Array): number {
    const { spec, ring, dl, db, dring, dq, dyhat, dpq, dsse, dlog } = this;
    const P = this.nRaw;
    const m = ring.length;
    const n = y.length;
    const alpha = p.alpha;
    const beta = p.beta ?? 0;
    const gamma = p.gamma ?? 0;
    const hasTrend = spec.trend !== 'N';
    const phi = spec.trend === 'Ad' ? (p.phi as number) : hasTrend ? 1 : 0;
    const damped = spec.trend === 'Ad';
    const seasonKind = spec.season === 'N' ? 0 : spec.season === 'A' ? 1 : 2;
    const multErr = spec.error === 'M';
    let l = p.l0;
    let b = p.b0 ?? 0;
    dl.fill(0);
    db.fill(0);
    dring.fill(0);
    dsse.fill(0);
    dlog.fill(0);
    dl[4] = 1;
    if (hasTrend) db[5] = 1;
    if (seasonKind) {
      for (let k = 0; k < m; k++) ring[k] = (p.s0 as Float64Array)[m - 1 - k];
      // ring[k] = s[m−1−k]; free s_j (j < m−1) sits at k = m−1−j; s_{m−1} (k = 0) = const − Σ_j s_j
      for (let j = 0; j < m - 1; j++) {
        dring[(m - 1 - j) * P + 6 + j] = 1;
        dring[0 * P + 6 + j] = -1;
      }
    }
    let sse = 0;
    let sumLog = 0;
    let slot = 0;
    for (let t = 0; t < n; t++) {
      const yt = y[t];
      const q = l + phi * b;
      for (let k = 0; k < P; k++) dq[k] = dl[k] + phi * db[k];
      if (damped) dq[3] += b;
      let yhat: number;
      let pq: number;
      if (seasonKind === 0) {
        yhat = q;
        pq = yt - q;
        for (let k = 0; k < P; k++) {
          dyhat[k] = dq[k];
          dpq[k] = -dq[k];
        }
      } else {
        const s = ring[slot];
        const ds = slot * P;
        if (seasonKind === 1) {
          yhat = q + s;
          pq = yt - s - q;
          for (let k = 0; k < P; k++) {
            dyhat[k] = dq[k] + dring[ds + k];
            dpq[k] = -dring[ds + k] - dq[k];
            dring[ds + k] = dring[ds + k] + gamma * dpq[k];
          }
          dring[ds + 2] += pq;
          ring[slot] = s + gamma * pq;
        } else {
          yhat = q * s;
          pq = yt / s - q;
          const r = yt / q - s;
          for (let k = 0; k < P; k++) {
            const dsk = dring[ds + k];
            dyhat[k] = dq[k] * s + q * dsk;
            dpq[k] = (-yt * dsk) / (s * s) - dq[k];
            dring[ds + k] = dsk + gamma * ((-yt * dq[k]) / (q * q) - dsk);
          }
          dring[ds + 2] += r;
          ring[slot] = s + gamma * r;
        }
        slot = slot + 1 === m ? 0 : slot + 1;
      }
      // l' = q + α pq; b' = φ b + β pq
      for (let k = 0; k < P; k++) {
        dl[k] = dq[k] + alpha * dpq[k];
        db[k] = phi * db[k] + beta * dpq[k];
      }
      dl[0] += pq;
      if (hasTrend) db[1] += pq;
      if (damped) db[3] += b;
      l = q + alpha * pq;
      b = phi * b + beta * pq;
      let e = yt - yhat;
      if (multErr) {
        e /= yhat;
        sumLog += Math.log(Math.abs(yhat));
        const f = -yt / (yhat * yhat);
        for (let k = 0; k < P; k++) {
          dsse[k] += 2 * e * f * dyhat[k];
          dlog[k] += dyhat[k] / yhat;
        }
      } else {
        for (let k = 0; k < P; k++) dsse[k] -= 2 * e * dyhat[k];
      }
      sse += e * e;
    }
    const ll = -0.5 * n * (LOG_2PI + 1 + Math.log(sse / n)) - sumLog;
    for (let k = 0; k < P; k++) grad[k] = (-0.5 * n * dsse[k]) / sse - dlog[k];
    return Number.isFinite(ll) ? ll : -Infinity;
  }

  run(y: Float64Array, p: EtsParams): number {
    const { spec, ring } = this;
    const m = ring.length;
    const n = y.length;
    const alpha = p.alpha;
    const beta = p.beta ?? 0;
    const gamma = p.gamma ?? 0;
    const phi = spec.trend === 'Ad' ? (p.phi as number) : spec.trend === 'A' ? 1 : 0;
    const seasonKind = spec.season === 'N' ? 0 : spec.season === 'A' ? 1 : 2;
    const multErr = spec.error === 'M';
    let l = p.l0;
    let b = p.b0 ?? 0;
    // ring[(t + k) % m] holds s[m − 1 − k] of etsStep's ordering at time t: slot t % m is the one used at t
    if (seasonKind) for (let k = 0; k < m; k++) ring[k] = (p.s0 as Float64Array)[m - 1 - k];
    let sse = 0;
    let sumLog = 0;
    let slot = 0;
    for (let t = 0; t < n; t++) {
      const yt = y[t];
      const q = l + phi * b;
      let yhat: number;
      let pq: number;
      if (seasonKind === 0) {
        yhat = q;
        pq = yt - q;
      } else {
        const s = ring[slot];
        if (seasonKind === 1) {
          yhat = q + s;
          pq = yt - s - q;
          ring[slot] = s + gamma * (yt - q - s);
        } else {
          yhat = q * s;
          pq = yt / s - q;
          ring[slot] = s + gamma * (yt / q - s);
        }
        slot = slot + 1 === m ? 0 : slot + 1;
      }
      l = q + alpha * pq;
      b = phi * b + beta * pq;
      let e = yt - yhat;
      if (multErr) {
        e /= yhat;
        sumLog += Math.log(Math.abs(yhat));
      }
      sse += e * e;
    }
    const ll = -0.5 * n * (LOG_2PI + 1 + Math.log(sse / n)) - sumLog;
    return Number.isFinite(ll) ? ll : -Infinity;
  }
}
