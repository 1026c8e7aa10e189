import { describe, expect, it } from 'vitest';
import { armaSystem } from './arma-state-space';
import { armaSimulate } from './arma-simulate';
import { type UnivariateSystem, UnivariateLoglik } from './ssm-loglik';

/** The plain Kalman recursion (known initialisation, no steady-state shortcut): the reference. */
function plainLoglik(y: Float64Array, s: UnivariateSystem): number {
  const { m, z, h, T, RQR } = s;
  let a = Float64Array.from(s.a1);
  let P = Float64Array.from(s.Pstar);
  let ll = 0;
  for (const yt of y) {
    if (!Number.isNaN(yt)) {
      const pz = new Float64Array(m);
      for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) pz[i] += P[i * m + j] * z[j];
      let F = h;
      let v = yt;
      for (let i = 0; i < m; i++) {
        F += z[i] * pz[i];
        v -= z[i] * a[i];
      }
      for (let i = 0; i < m; i++) a[i] += (pz[i] / F) * v;
      for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) P[i * m + j] -= (pz[i] * pz[j]) / F;
      ll -= 0.5 * (Math.log(2 * Math.PI) + Math.log(F) + (v * v) / F);
    }
    const a2 = new Float64Array(m);
    const TP = new Float64Array(m * m);
    const P2 = new Float64Array(m * m);
    for (let i = 0; i < m; i++) for (let k = 0; k < m; k++) a2[i] += T[i * m + k] * a[k];
    for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) for (let k = 0; k < m; k++) TP[i * m + j] += T[i * m + k] * P[k * m + j];
    for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) {
      let acc = RQR[i * m + j];
      for (let k = 0; k < m; k++) acc += TP[i * m + k] * T[j * m + k];
      P2[i * m + j] = acc;
    }
    a = a2;
    P = P2;
  }
  return ll;
}

describe('UnivariateLoglik: frozen-gain steady state (scalar m = 1, 2 and generic m ≥ 3 loops)', () => {
  const cases: Array<[string, number[], number[]]> = [
    ['AR(1)', [0.7], []],
    ['ARMA(2,1)', [0.5, -0.3], [0.4]],
    ['ARMA(3,2)', [0.4, 0.2, -0.2], [0.5, 0.2]],
  ];
  for (const [name, ar, ma] of cases) {
    it(`${name}: equals the plain recursion to 1e-11 relative, with and without gaps after the steady state`, () => {
      const y = Float64Array.from(armaSimulate(ar, ma, 3000, { seed: 3 }));
      const gaps = Float64Array.from(y);
      for (const t of [500, 501, 1700, 2999]) gaps[t] = NaN;
      const s = armaSystem(ar, ma, 1.3);
      const f = new UnivariateLoglik(s.m);
      expect(s.m).toBe(Math.max(ar.length, ma.length + 1));
      for (const data of [y, gaps]) {
        const r = f.run(data, s);
        // the gain freezes early, and again after the last interior gap (steadyFrom is the last freeze)
        if (data === y) expect(f.steadyFrom).toBeLessThan(100);
        else expect(f.steadyFrom).toBeGreaterThan(1700);
        const ref = plainLoglik(data, s);
        expect(Math.abs(r.loglik - ref)).toBeLessThan(1e-11 * Math.abs(ref));
      }
    });
  }
});
