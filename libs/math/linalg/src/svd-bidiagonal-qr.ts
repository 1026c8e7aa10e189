import { FailedPreconditionError } from './errors';
import { ResidentRotationQueues, RotationQueue } from './rotation-queue';

const MAX_QR_STEPS_PER_VALUE = 75;
/** From this many elements of Uᵀ the rotation phase keeps U and V resident in WASM memory (also the reflector phases'). */
export const RESIDENT_MIN_ELEMENTS = 64 * 64;

/**
 * √(f² + g²) without Math.hypot's cost (it dominated the rotation loop): the plain formula when the
 * result shows the squares neither overflowed nor underflowed, Math.hypot otherwise.
 */
function hypot(f: number, g: number): number {
  const t = Math.sqrt(f * f + g * g);
  return t > 1e-150 && t < 1e150 ? t : Math.hypot(f, g);
}

/**
 * Implicit zero-shift-free QR on the upper bidiagonal (d, e[0..n−2]) with Wilkinson-type shift from
 * the trailing 2×2 (JAMA/LINPACK dsvdc), deflating negligible e and splitting at negligible d.
 * Column rotations of U and V are row rotations of ut (n×m) and vt (n×n). Leaves d ≥ 0, unsorted.
 */
export function bidiagonalQr(s: Float64Array, e: Float64Array, ut: Float64Array, m: number, vt: Float64Array, n: number): void {
  const eps = 2 ** -52;
  const tiny = 2 ** -966;
  let p = n;
  let steps = 0;
  const capacity = Math.max(64, 64 * n);
  // U and V resident in WASM memory for the whole phase when the kernels are loaded (and worth it)
  const resident = n * m >= RESIDENT_MIN_ELEMENTS ? ResidentRotationQueues.create([ut, vt], [m, n], capacity) : null;
  const uq = resident ? resident.queue(0) : new RotationQueue(ut, m, capacity);
  const vq = resident ? resident.queue(1) : new RotationQueue(vt, n, capacity);
  const negate: number[] = [];
  e[n - 1] = 0;
  while (p > 0) {
    let k: number;
    let kase: number;
    for (k = p - 2; k >= 0; k--) {
      if (Math.abs(e[k]) <= tiny + eps * (Math.abs(s[k]) + Math.abs(s[k + 1]))) {
        e[k] = 0;
        break;
      }
    }
    if (k === p - 2) {
      kase = 4;
    } else {
      let ks: number;
      for (ks = p - 1; ks > k; ks--) {
        const t = (ks !== p ? Math.abs(e[ks]) : 0) + (ks !== k + 1 ? Math.abs(e[ks - 1]) : 0);
        if (Math.abs(s[ks]) <= tiny + eps * t) {
          s[ks] = 0;
          break;
        }
      }
      if (ks === k) kase = 3;
      else if (ks === p - 1) kase = 1;
      else {
        kase = 2;
        k = ks;
      }
    }
    k++;
    if (kase === 1) {
      // Deflate negligible s[p−1]: chase e[p−2] up with rotations from the right.
      let f = e[p - 2];
      e[p - 2] = 0;
      for (let j = p - 2; j >= k; j--) {
        const t = hypot(s[j], f);
        const cs = s[j] / t;
        const sn = f / t;
        s[j] = t;
        if (j !== k) {
          f = -sn * e[j - 1];
          e[j - 1] = cs * e[j - 1];
        }
        vq.push(j, p - 1, cs, sn);
      }
    } else if (kase === 2) {
      // Split at negligible s[k−1]: chase e[k−1] right with rotations from the left.
      let f = e[k - 1];
      e[k - 1] = 0;
      for (let j = k; j < p; j++) {
        const t = hypot(s[j], f);
        const cs = s[j] / t;
        const sn = f / t;
        s[j] = t;
        f = -sn * e[j];
        e[j] = cs * e[j];
        uq.push(j, k - 1, cs, sn);
      }
    } else if (kase === 3) {
      if (++steps > MAX_QR_STEPS_PER_VALUE * n) throw new FailedPreconditionError(`svd did not converge in ${steps - 1} bidiagonal QR steps`);
      // One implicit QR step on rows/columns k..p−1 with the shift from the trailing 2×2 block.
      const scale = Math.max(Math.abs(s[p - 1]), Math.abs(s[p - 2]), Math.abs(e[p - 2]), Math.abs(s[k]), Math.abs(e[k]));
      const sp = s[p - 1] / scale;
      const spm1 = s[p - 2] / scale;
      const epm1 = e[p - 2] / scale;
      const sk = s[k] / scale;
      const ek = e[k] / scale;
      const b = ((spm1 + sp) * (spm1 - sp) + epm1 * epm1) / 2;
      const c = sp * epm1 * (sp * epm1);
      let shift = 0;
      if (b !== 0 || c !== 0) {
        shift = Math.sqrt(b * b + c);
        if (b < 0) shift = -shift;
        shift = c / (b + shift);
      }
      let f = (sk + sp) * (sk - sp) + shift;
      let g = sk * ek;
      for (let j = k; j < p - 1; j++) {
        let t = hypot(f, g);
        let cs = f / t;
        let sn = g / t;
        if (j !== k) e[j - 1] = t;
        f = cs * s[j] + sn * e[j];
        e[j] = cs * e[j] - sn * s[j];
        g = sn * s[j + 1];
        s[j + 1] = cs * s[j + 1];
        vq.push(j, j + 1, cs, sn);
        t = hypot(f, g);
        cs = f / t;
        sn = g / t;
        s[j] = t;
        f = cs * e[j] + sn * s[j + 1];
        s[j + 1] = -sn * e[j] + cs * s[j + 1];
        g = sn * e[j + 1];
        e[j + 1] = cs * e[j + 1];
        uq.push(j, j + 1, cs, sn);
      }
      e[p - 2] = f;
    } else {
      // Converged s[k] (k = p − 1 here): make it non-negative.
      if (s[k] <= 0) {
        s[k] = s[k] < 0 ? -s[k] : 0;
        negate.push(k); // row k is never rotated again: flip it after the queue is applied
      }
      p--;
    }
  }
  uq.flush();
  vq.flush();
  resident?.finish();
  for (const k of negate) for (let i = 0; i < n; i++) vt[k * n + i] = -vt[k * n + i];
}
