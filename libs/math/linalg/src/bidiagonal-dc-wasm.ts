import type { MergeProducts, MergeShape } from './bidiagonal-dc';
import { wasmWorkspace } from './wasm/kernels';

type Gemm = (
  transA: number, transB: number, m: number, n: number, k: number, alpha: number,
  a: number, lda: number, b: number, ldb: number, beta: number, c: number, ldc: number, work: number,
) => void;
type SecularSvd = (d: number, z: number, k: number, pos: number, sigma: number, cu: number, cv: number, work: number) => void;

const F64 = 8;
const align = (bytes: number) => (bytes + 63) & ~63;

/**
 * A bidiagonal merge's arrowhead SVD (assembly/secular-svd.ts, twin of secularSvd) and its four products
 * with the kept basis rows (gathered straight into WASM memory from ut/vt at rowAt[col]), all in WASM
 * memory: no per-GEMM copies and no JS temporaries. σ into sigma; returns views of cu, cv, outU, outV,
 * valid until the next kernel call, or null without the kernels (the caller then runs mergeProductTs).
 */
export function mergeProductWasm(
  dK: Float64Array, zK: Float64Array, pos: Int32Array, sigma: Float64Array, ut: Float64Array, vt: Float64Array, rowAt: Int32Array, m: MergeShape,
): MergeProducts | null {
  const { K, s, sc, n1, n2, n3, nl } = m;
  const probe = wasmWorkspace(0);
  const secular = probe?.exports.secularSvd as SecularSvd | undefined;
  const gemm = probe?.exports.gemm as Gemm | undefined;
  const workBytes = probe?.exports.workBytes as ((m: number, n: number, k: number) => number) | undefined;
  if (probe === null || secular === undefined || gemm === undefined || workBytes === undefined) return null;
  const sizes = [K, K, K, K * K, K * K, (K - 1) * s, (K - 1) * sc, K * s, K * sc, 6 * K];
  const ptr: number[] = [];
  let at = probe.base;
  for (const n of sizes) {
    ptr.push(at);
    at += align(n * F64);
  }
  const posPtr = at;
  at += align(4 * K);
  const ws = wasmWorkspace(at + workBytes(K, sc, K) - probe.base);
  if (ws === null || ws.base !== probe.base) return null;
  const [dP, zP, sigP, cuP, cvP, rowsUP, rowsVP, outUP, outVP, secP] = ptr;
  const work = at;
  const hp = ws.heap;
  hp.set(dK, dP / F64);
  hp.set(zK, zP / F64);
  new Int32Array(hp.buffer, posPtr, K).set(pos);
  for (let col = 0; col < K - 1; col++) {
    hp.set(ut.subarray(rowAt[col], rowAt[col] + s), rowsUP / F64 + col * s);
    hp.set(vt.subarray(rowAt[col], rowAt[col] + sc), rowsVP / F64 + col * sc);
  }
  hp.fill(0, outUP / F64, outUP / F64 + K * s); // columns a skipped product would leave must read 0
  hp.fill(0, outVP / F64, outVP / F64 + K * sc);
  secular(dP, zP, K, posPtr, sigP, cuP, cvP, secP);
  const sides: Array<[number, number, number, number, number]> = [[cuP, rowsUP, outUP, s, nl], [cvP, rowsVP, outVP, sc, nl + 1]];
  for (const [cP, rP, oP, ld, firstCols] of sides) {
    // columns [0, firstCols) from the first-part and mixed rows, [nl + 1, ld) from the mixed and second-part ones
    if (firstCols > 0 && n1 + n2 > 0) gemm(0, 0, K, firstCols, n1 + n2, 1, cP, K, rP, ld, 0, oP, ld, work);
    const cols = ld - nl - 1;
    if (cols > 0 && n2 + n3 > 0) gemm(0, 0, K, cols, n2 + n3, 1, cP + F64 * n1, K, rP + F64 * (n1 * ld + nl + 1), ld, 0, oP + F64 * (nl + 1), ld, work);
  }
  sigma.set(hp.subarray(sigP / F64, sigP / F64 + K));
  const view = (p: number, len: number) => hp.subarray(p / F64, p / F64 + len);
  return { cu: view(cuP, K * K), cv: view(cvP, K * K), outU: view(outUP, K * s), outV: view(outVP, K * sc) };
}
