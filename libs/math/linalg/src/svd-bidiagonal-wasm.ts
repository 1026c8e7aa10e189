import { wasmWorkspace } from './wasm/kernels';

interface Exports {
  bidiagonalizeFused(a: number, m: number, n: number, d: number, e: number, tauL: number, tauR: number, w: number, z: number): void;
}

/**
 * Householder bidiagonalisation of a (m×n, m ≥ n, row-major) by the one-pass WASM kernel
 * (assembly/bidiagonal.ts bidiagonalizeFused) with a resident for the whole reduction: same reflectors
 * and storage as bidiagonalize() in svd-golub-kahan.ts, results equal to rounding. False when the kernel
 * is unavailable or memory is short (the caller falls back).
 */
export function bidiagonalizeFusedWasm(
  a: Float64Array, m: number, n: number, d: Float64Array, e: Float64Array, tauL: Float64Array, tauR: Float64Array,
): boolean {
  const probe = wasmWorkspace(0);
  if (probe === null || typeof probe.exports.bidiagonalizeFused !== 'function') return false;
  const vec = (n * 8 + 63) & ~63;
  const aPtr = probe.base;
  const dPtr = aPtr + ((m * n * 8 + 63) & ~63);
  const [ePtr, tlPtr, trPtr, wPtr, zPtr] = [1, 2, 3, 4, 5].map((k) => dPtr + k * vec);
  const ws = wasmWorkspace(zPtr + vec - aPtr);
  if (ws === null || ws.base !== aPtr) return false;
  const hp = ws.heap;
  hp.set(a.subarray(0, m * n), aPtr / 8);
  hp.fill(0, dPtr / 8, (zPtr + vec) / 8); // d, e, τ start at 0 like the TS arrays
  (ws.exports as unknown as Exports).bidiagonalizeFused(aPtr, m, n, dPtr, ePtr, tlPtr, trPtr, wPtr, zPtr);
  a.set(hp.subarray(aPtr / 8, aPtr / 8 + m * n));
  d.set(hp.subarray(dPtr / 8, dPtr / 8 + n));
  e.set(hp.subarray(ePtr / 8, ePtr / 8 + n));
  tauL.set(hp.subarray(tlPtr / 8, tlPtr / 8 + n));
  tauR.set(hp.subarray(trPtr / 8, trPtr / 8 + n));
  return true;
}
