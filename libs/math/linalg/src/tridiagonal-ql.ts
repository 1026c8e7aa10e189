import { FailedPreconditionError } from './errors';
import { RotationQueue } from './rotation-queue';

const MAX_QL_ITERATIONS = 60; // per eigenvalue; QL converges cubically, typically in 1–3

/**
 * Implicit QL on the tridiagonal (d, e with e[i] = T[i][i−1], e[0] unused), rotating the rows of Vt
 * (= eigenvectors as rows); sorts ascending. Overwrites e.
 */
export function tridiagonalQl(Vt: Float64Array, n: number, d: Float64Array, e: Float64Array): void {
  for (let i = 1; i < n; i++) e[i - 1] = e[i];
  e[n - 1] = 0;
  let f = 0;
  let tst1 = 0;
  const eps = Number.EPSILON;
  // Rotations of Vt's rows are queued and applied in cache-sized column strips (see RotationQueue).
  const queue = new RotationQueue(Vt, n, Math.max(64, 64 * n));
  for (let l = 0; l < n; l++) {
    tst1 = Math.max(tst1, Math.abs(d[l]) + Math.abs(e[l]));
    let m = l;
    while (m < n) {
      if (Math.abs(e[m]) <= eps * tst1) break;
      m++;
    }
    if (m > l) {
      let iter = 0;
      do {
        if (++iter > MAX_QL_ITERATIONS) {
          throw new FailedPreconditionError(`eigh did not converge: eigenvalue ${l} after ${MAX_QL_ITERATIONS} QL iterations`);
        }
        let g = d[l];
        let p = (d[l + 1] - g) / (2 * e[l]);
        let r = Math.hypot(p, 1);
        if (p < 0) r = -r;
        d[l] = e[l] / (p + r);
        d[l + 1] = e[l] * (p + r);
        const dl1 = d[l + 1];
        let h = g - d[l];
        for (let i = l + 2; i < n; i++) d[i] -= h;
        f += h;
        p = d[m];
        let c = 1;
        let c2 = c;
        let c3 = c;
        const el1 = e[l + 1];
        let s = 0;
        let s2 = 0;
        for (let i = m - 1; i >= l; i--) {
          c3 = c2;
          c2 = c;
          s2 = s;
          g = c * e[i];
          h = c * p;
          r = Math.hypot(p, e[i]);
          e[i + 1] = s * r;
          s = e[i] / r;
          c = p / r;
          p = c * d[i] - s * g;
          d[i + 1] = h + s * (c * g + s * d[i]);
          queue.push(i, i + 1, c, -s); // row_i ← c·row_i − s·row_{i+1}, row_{i+1} ← c·row_{i+1} + s·row_i
        }
        p = (-s * s2 * c3 * el1 * e[l]) / dl1;
        e[l] = s * p;
        d[l] = c * p;
      } while (Math.abs(e[l]) > eps * tst1);
    }
    d[l] += f;
    e[l] = 0;
  }
  queue.flush();
  // Selection sort ascending, swapping eigenvector rows along.
  for (let i = 0; i < n - 1; i++) {
    let k = i;
    let p = d[i];
    for (let j = i + 1; j < n; j++) {
      if (d[j] < p) {
        k = j;
        p = d[j];
      }
    }
    if (k !== i) {
      d[k] = d[i];
      d[i] = p;
      for (let j = 0; j < n; j++) {
        const t = Vt[i * n + j];
        Vt[i * n + j] = Vt[k * n + j];
        Vt[k * n + j] = t;
      }
    }
  }
}
