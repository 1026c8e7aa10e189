import { wasmWorkspace } from './wasm/kernels';

/** Below this size the copy into WASM memory is not worth it. */
const WASM_MIN_N = 32;

/**
 * Householder tridiagonalisation of a symmetric n×n matrix (only the lower triangle is read), in place
 * (LAPACK dsytd2, lower, on rows): step j builds the reflector from row j right of the diagonal
 * (= column j below it), then applies it on both sides of the trailing block as
 * A22 −= v·wᵀ + w·vᵀ with p = τ·A22·v, w = p − (τ/2)(pᵀv)·v — two row-wise passes per step.
 * Output: d (diagonal), e[i] = T[i][i−1] for i ≥ 1 (e[0] = 0), τ per reflector, and reflector j's
 * vector in a[j, j+2:] (unit at j+1 implied) — the layout accumulateReflectorsRight expects.
 * The WASM path (assembly/tridiagonal.ts, tridiagonalizeLower) fuses the two passes into one over the
 * lower triangle and leaves the other entries of a in a different state; d, e, τ and the vectors agree.
 */
export function tridiagonalize(a: Float64Array, n: number, d: Float64Array, e: Float64Array, tau: Float64Array): void {
  if (n >= WASM_MIN_N && tridiagonalizeLowerWasm(a, n, d, e, tau)) return;
  tridiagonalizeTs(a, n, d, e, tau);
}

/** The TypeScript loop (fallback, and the reference the WASM twin is tested against); mirrors the lower triangle first. */
export function tridiagonalizeTs(a: Float64Array, n: number, d: Float64Array, e: Float64Array, tau: Float64Array): void {
  for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) a[j * n + i] = a[i * n + j];
  const p = new Float64Array(n);
  e[0] = 0;
  for (let j = 0; j < n; j++) {
    const rj = j * n;
    d[j] = a[rj + j];
    if (j >= n - 1) break;
    let ss = 0;
    for (let c = j + 2; c < n; c++) ss += a[rj + c] * a[rj + c];
    const x0 = a[rj + j + 1];
    if (ss === 0) {
      tau[j] = 0;
      e[j + 1] = x0;
      continue;
    }
    const norm = Math.sqrt(x0 * x0 + ss);
    const beta = x0 >= 0 ? -norm : norm;
    const t = (beta - x0) / beta;
    tau[j] = t;
    e[j + 1] = beta;
    const inv = 1 / (x0 - beta);
    for (let c = j + 2; c < n; c++) a[rj + c] *= inv;
    // v = (1, a[rj+j+2..]) over indices j+1..n−1; p = τ·A22·v (row dots), then pᵀv
    const o = j + 1;
    let pv = 0;
    for (let i = o; i < n; i++) {
      const ri = i * n;
      let s = a[ri + o];
      for (let c = o + 1; c < n; c++) s += a[ri + c] * a[rj + c];
      p[i] = t * s;
      pv += p[i] * (i === o ? 1 : a[rj + i]);
    }
    const half = 0.5 * t * pv;
    for (let i = o; i < n; i++) p[i] -= half * (i === o ? 1 : a[rj + i]); // p is now w
    // A22 −= v·wᵀ + w·vᵀ, full square, row by row
    for (let i = o; i < n; i++) {
      const ri = i * n;
      const vi = i === o ? 1 : a[rj + i];
      const wi = p[i];
      a[ri + o] -= vi * p[o] + wi; // column o: v_o = 1
      for (let c = o + 1; c < n; c++) a[ri + c] -= vi * p[c] + wi * a[rj + c];
    }
  }
}

/** tridiagonalizeLower in WASM SIMD with the matrix resident for the whole reduction; false when unavailable. */
export function tridiagonalizeLowerWasm(a: Float64Array, n: number, d: Float64Array, e: Float64Array, tau: Float64Array): boolean {
  const ws = wasmWorkspace(8 * (n * n + 7 * n));
  const fn = ws?.exports.tridiagonalizeLower;
  if (ws === null || typeof fn !== 'function') return false;
  const aPtr = ws.base, dPtr = aPtr + 8 * n * n, ePtr = dPtr + 8 * n, tPtr = ePtr + 8 * n, wPtr = tPtr + 8 * n;
  const heap = ws.heap;
  heap.set(a.subarray(0, n * n), aPtr / 8);
  heap.fill(0, dPtr / 8, wPtr / 8); // d, e, τ start at 0 like the TS arrays (τ[n−2..] is never written)
  (fn as (a: number, n: number, d: number, e: number, tau: number, work: number) => void)(aPtr, n, dPtr, ePtr, tPtr, wPtr);
  a.set(heap.subarray(aPtr / 8, aPtr / 8 + n * n));
  d.set(heap.subarray(dPtr / 8, dPtr / 8 + n));
  e.set(heap.subarray(ePtr / 8, ePtr / 8 + n));
  tau.set(heap.subarray(tPtr / 8, tPtr / 8 + n));
  return true;
}
