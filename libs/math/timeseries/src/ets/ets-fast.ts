import { type EtsParams, type EtsSpec } from './ets-model';

const LOG_2PI = Math.log(2 * Math.PI);

/**
 * Allocation-free innovations loglik for optimiser loops: the recursion of etsStep with the
 * seasonal states in a ring buffer (O(1) per step instead of shifting m values) and the
 * component branches hoisted out of the loop. Same numbers as etsRun (checked in tests).
 */
export class EtsLoglik {
  private readonly ring: Float64Array;

  constructor(private readonly spec: EtsSpec) {
    this.ring = new Float64Array(spec.season === 'N' ? 1 : (spec.period as number));
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
