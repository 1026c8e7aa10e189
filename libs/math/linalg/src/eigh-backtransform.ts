import { applyBlockReflector, triangularFromGram } from './block-reflector';
import { wasmWorkspace } from './wasm/kernels';

/** Reflectors per compact-WY block. */
const NB = 64;

type Gemm = (
  transA: number, transB: number, m: number, n: number, k: number, alpha: number,
  a: number, lda: number, b: number, ldb: number, beta: number, c: number, ldc: number, work: number,
) => void;

/**
 * X ← X·Qᵀ = X·H_{n−3}⋯H_0 on all rows of the n×n X, with Q = H_0⋯H_{n−3} the tridiagonalisation's
 * reflectors (vector j in a[j, j+2:], unit at j+1, τ_j): compact-WY blocks from the last (LAPACK
 * dlarft + dlarfb, X ← X − (X·V)·Tᵀ·Vᵀ), ~2n³ flops. With the WASM kernels X stays in WASM memory for
 * all blocks and the three products per block call the GEMM kernel on it directly; otherwise
 * applyBlockReflector (which copies its operands per product).
 */
export function applyQTransposeRight(x: Float64Array, a: Float64Array, n: number, tau: Float64Array): void {
  const count = Math.max(0, n - 2);
  if (count === 0) return;
  const last = Math.floor((count - 1) / NB) * NB;
  if (applyResident(x, a, n, tau, count, last)) return;
  for (let j0 = last; j0 >= 0; j0 -= NB) {
    const nb = Math.min(NB, count - j0);
    applyBlockReflector(x, n, 0, n, j0 + 1, nb, tau.subarray(j0, j0 + nb), a, j0 * n + j0 + 1, n, true, true);
  }
}

function applyResident(x: Float64Array, a: Float64Array, n: number, tau: Float64Array, count: number, last: number): boolean {
  const probe = wasmWorkspace(0);
  const gemm = probe?.exports.gemm as Gemm | undefined;
  const workBytes = probe?.exports.workBytes as ((m: number, n: number, k: number) => number) | undefined;
  if (probe === null || gemm === undefined || workBytes === undefined) return false;
  const nn = n * n;
  // X | Vᵀ (NB×n) | T (NB²) | G (NB²) | W, W·Tᵀ (n×NB each) | GEMM packing scratch
  const work = Math.max(workBytes(n, NB, n), workBytes(n, n, NB), workBytes(NB, NB, n));
  const ws = wasmWorkspace(8 * (nn + NB * n + 2 * NB * NB + 2 * n * NB) + work + 64);
  if (ws === null) return false;
  const xPtr = ws.base, vPtr = xPtr + 8 * nn, tPtr = vPtr + 8 * NB * n, gPtr = tPtr + 8 * NB * NB;
  const wPtr = gPtr + 8 * NB * NB, w2Ptr = wPtr + 8 * n * NB, workPtr = (w2Ptr + 8 * n * NB + 63) & ~63;
  const heap = ws.heap;
  heap.set(x.subarray(0, nn), xPtr / 8);
  for (let j0 = last; j0 >= 0; j0 -= NB) {
    const nb = Math.min(NB, count - j0);
    const o = j0 + 1;
    const len = n - o;
    // Vᵀ (nb×len): row i is reflector j0+i, zero before its unit at i, then a[j0+i, j0+i+2:]
    const vt = heap.subarray(vPtr / 8, vPtr / 8 + nb * len);
    vt.fill(0);
    for (let i = 0; i < nb; i++) {
      vt[i * len + i] = 1;
      const from = (j0 + i) * n + j0 + i + 2;
      vt.set(a.subarray(from, (j0 + i + 1) * n), i * len + i + 1);
    }
    gemm(0, 1, nb, nb, len, 1, vPtr, len, vPtr, len, 0, gPtr, nb, workPtr);
    const g = heap.slice(gPtr / 8, gPtr / 8 + nb * nb);
    heap.set(triangularFromGram(g, nb, tau.subarray(j0, j0 + nb)), tPtr / 8);
    const xo = xPtr + 8 * o;
    gemm(0, 1, n, nb, len, 1, xo, n, vPtr, len, 0, wPtr, nb, workPtr); // W = X·V
    gemm(0, 1, n, nb, nb, 1, wPtr, nb, tPtr, nb, 0, w2Ptr, nb, workPtr); // W·Tᵀ
    gemm(0, 0, n, len, nb, -1, w2Ptr, nb, vPtr, len, 1, xo, n, workPtr); // X −= W·Tᵀ·Vᵀ
  }
  x.set(heap.subarray(xPtr / 8, xPtr / 8 + nn));
  return true;
}
