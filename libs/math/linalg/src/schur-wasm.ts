import { FailedPreconditionError } from './errors';
import { wasmWorkspace } from './wasm/kernels';

interface SchurExports {
  hessenberg(h: number, n: number, vt: number, ort: number, f: number): void;
  francis(h: number, vt: number, n: number, d: number, e: number, maxTotal: number): number;
}

/**
 * Hessenberg reduction + Francis double-shift QR (assembly/hessenberg.ts, assembly/francis.ts) with H and
 * Vᵀ resident in WASM memory for the whole call: same algorithm as hessenbergInPlace + schur in eig.ts.
 * On return H holds the real Schur form, vt the Schur vectors as rows, d/e the eigenvalues; returns the
 * hqr2 norm, or null when the kernels are unavailable (the caller runs the TypeScript path).
 */
export function hessenbergSchurWasm(
  H: Float64Array, n: number, vt: Float64Array, d: Float64Array, e: Float64Array, maxTotal: number,
): number | null {
  const nn = n * n;
  const bytes = 8 * (2 * nn + 4 * n) + 64;
  const ws = wasmWorkspace(bytes);
  if (ws === null || typeof ws.exports.francis !== 'function') return null;
  const k = ws.exports as unknown as SchurExports;
  const b = ws.base;
  const hPtr = b, vPtr = hPtr + 8 * nn, dPtr = vPtr + 8 * nn, ePtr = dPtr + 8 * n, oPtr = ePtr + 8 * n, fPtr = oPtr + 8 * n;
  const heap = ws.heap;
  heap.set(H.subarray(0, nn), hPtr / 8);
  k.hessenberg(hPtr, n, vPtr, oPtr, fPtr);
  const norm = k.francis(hPtr, vPtr, n, dPtr, ePtr, maxTotal);
  if (norm < 0) {
    throw new FailedPreconditionError(`eig did not converge: ${maxTotal} Francis QR iterations, eigenvalue ${-1 - norm} not isolated`);
  }
  H.set(heap.subarray(hPtr / 8, hPtr / 8 + nn));
  vt.set(heap.subarray(vPtr / 8, vPtr / 8 + nn));
  d.set(heap.subarray(dPtr / 8, dPtr / 8 + n));
  e.set(heap.subarray(ePtr / 8, ePtr / 8 + n));
  return norm;
}
