import { FailedPreconditionError } from './errors';
import { accumulateRight } from './svd-golub-kahan';
import { wasmWorkspace } from './wasm/kernels';

interface SchurExports {
  hessenberg(h: number, n: number, ort: number, f: number, y: number, vrows: number, tau: number): void;
  francis(h: number, vt: number, n: number, d: number, e: number, maxTotal: number, aedWork: number): number;
  aedWorkBytes(n: number): number;
}

/**
 * Hessenberg reduction + Francis double-shift QR (assembly/hessenberg.ts, assembly/francis.ts), each with
 * the matrices resident in WASM memory: same algorithm as hessenbergInPlace + schur in eig.ts, except
 * that the reduction's orthogonal factor is accumulated in compact-WY blocks through GEMM. On return H
 * holds the real Schur form T (exactly zero below its 1×1 and 2×2 diagonal blocks), vt the Schur vectors as rows, d/e the eigenvalues; returns the hqr2 norm,
 * or null when the kernels are unavailable (the caller runs the TypeScript path).
 */
export function hessenbergSchurWasm(
  H: Float64Array, n: number, vt: Float64Array, d: Float64Array, e: Float64Array, maxTotal: number,
): number | null {
  const nn = n * n;
  const probe = wasmWorkspace(0);
  if (probe === null || typeof probe.exports.francis !== 'function') return null;
  const k = probe.exports as unknown as SchurExports;
  // Both phases' memory up front, so the second cannot fail after the first has changed H.
  const sweepBytes = 8 * (2 * nn + 2 * n) + k.aedWorkBytes(n);
  const ws = wasmWorkspace(Math.max(8 * (2 * nn + 4 * n), sweepBytes));
  if (ws === null) return null;
  const hPtr = ws.base, oPtr = hPtr + 8 * nn, fPtr = oPtr + 8 * n, yPtr = fPtr + 8 * n, rPtr = yPtr + 8 * n, tPtr = rPtr + 8 * nn;
  ws.heap.set(H.subarray(0, nn), hPtr / 8);
  ws.heap.fill(0, rPtr / 8, tPtr / 8 + n);
  k.hessenberg(hPtr, n, oPtr, fPtr, yPtr, rPtr, tPtr);
  H.set(ws.heap.subarray(hPtr / 8, hPtr / 8 + nn));
  // the reduction's Q = P_1⋯P_{n−2} in compact-WY blocks through GEMM
  vt.set(accumulateRight(ws.heap.slice(rPtr / 8, rPtr / 8 + nn), n, ws.heap.slice(tPtr / 8, tPtr / 8 + n)));
  for (let i = 2; i < n; i++) H.fill(0, i * n, i * n + i - 1);
  // accumulateRight ran GEMMs in the same memory: lay out again for the QR sweeps.
  const ws2 = wasmWorkspace(sweepBytes);
  if (ws2 === null) throw new Error('WASM workspace vanished between the Hessenberg and QR phases');
  const vPtr = ws2.base + 8 * nn, dPtr = vPtr + 8 * nn, ePtr = dPtr + 8 * n, aedPtr = ePtr + 8 * n;
  ws2.heap.set(H.subarray(0, nn), ws2.base / 8);
  ws2.heap.set(vt.subarray(0, nn), vPtr / 8);
  const norm = k.francis(ws2.base, vPtr, n, dPtr, ePtr, maxTotal, aedPtr);
  if (norm < 0) {
    throw new FailedPreconditionError(`eig did not converge: ${maxTotal} Francis QR iterations, eigenvalue ${-1 - norm} not isolated`);
  }
  H.set(ws2.heap.subarray(ws2.base / 8, ws2.base / 8 + nn));
  vt.set(ws2.heap.subarray(vPtr / 8, vPtr / 8 + nn));
  d.set(ws2.heap.subarray(dPtr / 8, dPtr / 8 + n));
  e.set(ws2.heap.subarray(ePtr / 8, ePtr / 8 + n));
  // Clean T: bulge-chase leftovers below the subdiagonal and the negligible subdiagonal entries the
  // iteration deflated at are zero in exact arithmetic (backward error ≤ eps·‖H‖); keep complex pairs' blocks.
  for (let i = 1; i < n; i++) {
    H.fill(0, i * n, i * n + i - 1);
    if (!(e[i - 1] > 0)) H[i * n + i - 1] = 0;
  }
  return norm;
}
