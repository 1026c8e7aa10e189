/**
 * Loads the WASM SIMD kernels (kernels.wasm, built by scripts/build-wasm.mjs) synchronously at import,
 * and falls back to the plain-TypeScript kernels when the file is missing, the engine rejects SIMD
 * (WebAssembly.validate), or MODELBUS_LINALG_KERNELS=ts is set. Both paths have the same signature
 * and are tested against each other.
 *
 * Memory: one JS-created *shared* memory with a declared maximum, so growing it never detaches
 * typed-array views (KERNELS.md pitfalls 1–2). Views are created per call and never cached.
 * Operands are copied in and C copied out per call (~1–4 % of a large GEMM).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gemmKernelTs } from '../gemm-kernel';

const PAGE = 65536;
const MAX_PAGES = 16384; // 1 GiB; must match --maximumMemory in scripts/build-wasm.mjs

// Minimal typing of the WebAssembly global: the repo's lib (ES2023, no DOM) and @types/node 20 do not declare it.
interface WasmMemory {
  readonly buffer: ArrayBufferLike;
  grow(pages: number): number;
}
interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  Memory: new (desc: { initial: number; maximum: number; shared: boolean }) => WasmMemory;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
}
const WA = (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;

interface GemmExports {
  heapBase(): number;
  workBytes(m: number, n: number, k: number): number;
  gemm(
    transA: number, transB: number, m: number, n: number, k: number, alpha: number,
    a: number, lda: number, b: number, ldb: number, beta: number, c: number, ldc: number, work: number,
  ): void;
  rotateRows(x: number, len: number, idx: number, cs: number, count: number, strip: number): void;
  bidiagonalize(a: number, m: number, n: number, d: number, e: number, tauL: number, tauR: number, w: number): void;
  tridiagonalize(a: number, n: number, d: number, e: number, tau: number, p: number): void;
}

interface Loaded {
  exports: GemmExports;
  memory: WasmMemory;
  base: number;
}

let loaded: Loaded | null = null;
let status = 'not loaded';

/** Where kernels.wasm is looked for: $MODELBUS_LINALG_WASM, then beside this module. */
function candidatePaths(): string[] {
  const paths: string[] = [];
  const env = process.env.MODELBUS_LINALG_WASM;
  if (env) paths.push(env);
  if (typeof __dirname === 'string') paths.push(join(__dirname, 'kernels.wasm'), join(__dirname, 'wasm', 'kernels.wasm'));
  return paths;
}

function load(): void {
  if (process.env.MODELBUS_LINALG_KERNELS === 'ts') {
    status = 'disabled by MODELBUS_LINALG_KERNELS=ts';
    return;
  }
  const path = candidatePaths().find((p) => existsSync(p));
  if (!path) {
    status = `kernels.wasm not found (looked in ${candidatePaths().join(', ') || 'nowhere: no __dirname'}); run scripts/build-wasm.mjs`;
    return;
  }
  if (WA === undefined) {
    status = 'no WebAssembly in this runtime';
    return;
  }
  try {
    const bytes = readFileSync(path);
    if (!WA.validate(bytes)) {
      status = `${path} rejected by WebAssembly.validate (no SIMD/threads support?)`;
      return;
    }
    const memory = new WA.Memory({ initial: 1, maximum: MAX_PAGES, shared: true });
    const instance = new WA.Instance(new WA.Module(bytes), { env: { memory } });
    const exports = instance.exports as unknown as GemmExports;
    loaded = { exports, memory, base: exports.heapBase() };
    status = `wasm-simd (${path})`;
    warmUp();
  } catch (e) {
    loaded = null;
    status = `failed to load ${path}: ${(e as Error).message}`;
  }
}

/** The first long call would run baseline-tier code (~4× slower, KERNELS.md pitfall 4). */
function warmUp(): void {
  const n = 24;
  const a = new Float64Array(n * n).fill(0.5);
  const c = new Float64Array(n * n);
  for (let i = 0; i < 20; i++) gemmKernelWasm(false, false, n, n, n, 1, a, n, a, n, 0, c, n);
}

/** True when the WASM SIMD kernels are in use. */
export function wasmKernelsAvailable(): boolean {
  return loaded !== null;
}

/** Which GEMM backend is active and why (for logs and health endpoints). */
export function kernelBackendStatus(): string {
  return status;
}

function align16(x: number): number {
  return (x + 15) & ~15;
}

/** Copies a rows×cols block with row stride ld from src into dst (packed, stride cols) at element offset off. */
function copyIn(dst: Float64Array, off: number, src: Float64Array, rows: number, cols: number, ld: number): void {
  if (ld === cols) {
    dst.set(src.subarray(0, rows * cols), off);
    return;
  }
  for (let i = 0; i < rows; i++) dst.set(src.subarray(i * ld, i * ld + cols), off + i * cols);
}

/**
 * Same contract as gemmKernelTs (unchecked, row-major with leading dimensions), run in WASM when
 * available; falls back to TypeScript when not loaded or the operands exceed the 1 GiB memory.
 */
export function gemmKernelWasm(
  transA: boolean, transB: boolean, m: number, n: number, k: number, alpha: number,
  a: Float64Array, lda: number, b: Float64Array, ldb: number, beta: number, c: Float64Array, ldc: number,
): void {
  const w = loaded;
  if (w === null || m === 0 || n === 0) {
    gemmKernelTs(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
    return;
  }
  const [ar, ac] = transA ? [k, m] : [m, k];
  const [br, bc] = transB ? [n, k] : [k, n];
  const aPtr = w.base;
  const bPtr = align16(aPtr + ar * ac * 8);
  const cPtr = align16(bPtr + br * bc * 8);
  const workPtr = align16(cPtr + m * n * 8);
  const end = workPtr + w.exports.workBytes(m, n, k);
  if (!ensureBytes(w.memory, end)) {
    gemmKernelTs(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
    return;
  }
  const heap = new Float64Array(w.memory.buffer);
  copyIn(heap, aPtr / 8, a, ar, ac, lda);
  copyIn(heap, bPtr / 8, b, br, bc, ldb);
  if (beta !== 0) copyIn(heap, cPtr / 8, c, m, n, ldc);
  w.exports.gemm(transA ? 1 : 0, transB ? 1 : 0, m, n, k, alpha, aPtr, ac, bPtr, bc, beta, cPtr, n, workPtr);
  const out = new Float64Array(w.memory.buffer, cPtr, m * n);
  if (ldc === n) c.set(out);
  else for (let i = 0; i < m; i++) c.set(out.subarray(i * n, (i + 1) * n), i * ldc);
}

/**
 * Applies `count` queued row rotations (idx: pairs of element offsets, cs: pairs (c, s)) to x in column
 * strips, in WASM SIMD; same arithmetic as the TypeScript loop in rotation-queue.ts (bitwise equal).
 * Returns false when the kernels are not loaded or memory is short, so the caller runs its own loop.
 */
export function rotateRowsWasm(x: Float64Array, len: number, idx: Int32Array, cs: Float64Array, count: number, strip: number): boolean {
  const w = loaded;
  if (w === null || typeof w.exports.rotateRows !== 'function') return false;
  const xPtr = w.base;
  const idxPtr = align16(xPtr + x.length * 8);
  const csPtr = align16(idxPtr + count * 8);
  if (!ensureBytes(w.memory, csPtr + count * 16)) return false;
  const buf = w.memory.buffer;
  new Float64Array(buf, xPtr, x.length).set(x);
  new Int32Array(buf, idxPtr, 2 * count).set(idx.subarray(0, 2 * count));
  new Float64Array(buf, csPtr, 2 * count).set(cs.subarray(0, 2 * count));
  w.exports.rotateRows(xPtr, len, idxPtr, csPtr, count, strip);
  x.set(new Float64Array(w.memory.buffer, xPtr, x.length));
  return true;
}

/**
 * Householder bidiagonalisation of a (m×n, m ≥ n, row-major) in WASM SIMD with a resident for the whole
 * reduction: same algorithm and storage as bidiagonalize() in svd-golub-kahan.ts (results agree to
 * rounding: the SIMD dot products sum in a different order). False when unavailable.
 */
export function bidiagonalizeWasm(
  a: Float64Array, m: number, n: number, d: Float64Array, e: Float64Array, tauL: Float64Array, tauR: Float64Array,
): boolean {
  const w = loaded;
  if (w === null || typeof w.exports.bidiagonalize !== 'function') return false;
  const aPtr = w.base;
  const dPtr = align16(aPtr + m * n * 8);
  const ePtr = dPtr + align16(n * 8);
  const tlPtr = ePtr + align16(n * 8);
  const trPtr = tlPtr + align16(n * 8);
  const wPtr = trPtr + align16(n * 8);
  if (!ensureBytes(w.memory, wPtr + align16(n * 8))) return false;
  new Float64Array(w.memory.buffer, aPtr, m * n).set(a.subarray(0, m * n));
  new Float64Array(w.memory.buffer, dPtr, (wPtr - dPtr) / 8).fill(0); // d, e, τ start at 0 like the TS arrays
  w.exports.bidiagonalize(aPtr, m, n, dPtr, ePtr, tlPtr, trPtr, wPtr);
  const buf = w.memory.buffer;
  a.set(new Float64Array(buf, aPtr, m * n));
  d.set(new Float64Array(buf, dPtr, n));
  e.set(new Float64Array(buf, ePtr, n));
  tauL.set(new Float64Array(buf, tlPtr, n));
  tauR.set(new Float64Array(buf, trPtr, n));
  return true;
}

/** Symmetric tridiagonalisation (tridiagonal.ts) in WASM SIMD with a resident; false when unavailable. */
export function tridiagonalizeWasm(a: Float64Array, n: number, d: Float64Array, e: Float64Array, tau: Float64Array): boolean {
  const w = loaded;
  if (w === null || typeof w.exports.tridiagonalize !== 'function') return false;
  const aPtr = w.base;
  const dPtr = align16(aPtr + n * n * 8);
  const ePtr = dPtr + align16(n * 8);
  const tPtr = ePtr + align16(n * 8);
  const pPtr = tPtr + align16(n * 8);
  if (!ensureBytes(w.memory, pPtr + align16(n * 8))) return false;
  new Float64Array(w.memory.buffer, aPtr, n * n).set(a.subarray(0, n * n));
  new Float64Array(w.memory.buffer, dPtr, (pPtr - dPtr) / 8 + n).fill(0);
  w.exports.tridiagonalize(aPtr, n, dPtr, ePtr, tPtr, pPtr);
  const buf = w.memory.buffer;
  a.set(new Float64Array(buf, aPtr, n * n));
  d.set(new Float64Array(buf, dPtr, n));
  e.set(new Float64Array(buf, ePtr, n));
  tau.set(new Float64Array(buf, tPtr, n));
  return true;
}

/** Grows the shared memory to at least `bytes`; false if that exceeds the declared maximum. */
function ensureBytes(memory: WasmMemory, bytes: number): boolean {
  const have = memory.buffer.byteLength;
  if (bytes <= have) return true;
  const pages = Math.ceil((bytes - have) / PAGE);
  if (have / PAGE + pages > MAX_PAGES) return false;
  memory.grow(pages);
  return true;
}

load();
