/**
 * Loads the WASM SIMD kernels (kernels.wasm, built by scripts/build-wasm.mjs) synchronously at import,
 * and falls back to the plain-TypeScript kernels when the file is missing, the engine rejects SIMD
 * (WebAssembly.validate), or MODELBUS_LINALG_KERNELS=ts is set. Both paths have the same signature
 * and are tested against each other.
 *
 * Memory: one JS-created *shared* memory with a declared maximum, so growing it never detaches
 * typed-array views (KERNELS.md pitfalls 1–2). Views are created per call and never cached.
 * Long-lived operands (resident matrices, batched systems, worker scratch) live in regions of a
 * WasmArena (arena.ts); the copy-in/copy-out wrappers below lay out their temporaries above the
 * highest live region (arena.scratchBase()), ~1–4 % of a large GEMM.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gemmKernelTs } from '../gemm-kernel';
import { WasmArena } from './arena';

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
  workBytesF32(m: number, n: number, k: number): number;
  gemmF32(
    transA: number, transB: number, m: number, n: number, k: number, alpha: number,
    a: number, lda: number, b: number, ldb: number, beta: number, c: number, ldc: number, work: number,
  ): void;
  syrkLower(trans: number, n: number, k: number, alpha: number, a: number, lda: number, c: number, ldc: number, work: number): void;
  trsmRightLowerTrans(m: number, n: number, l: number, ldl: number, b: number, ldb: number, work: number): void;
  potrf(a: number, n: number, lda: number, work: number): number;
  potrs(l: number, n: number, ldl: number, b: number, r: number, ldb: number): void;
  posvBatched(a: number, b: number, count: number, n: number, r: number, work: number): number;
  lastFailedPivot(): number;
  lastFailedRow(): number;
  clearUpper(a: number, n: number, lda: number): void;
  symmetryDefect(a: number, n: number, lda: number, relTol: number): number;
  gemv(trans: number, m: number, n: number, alpha: number, a: number, lda: number, x: number, beta: number, y: number): void;
}

interface Loaded {
  exports: GemmExports;
  memory: WasmMemory;
  /** The compiled module, so worker threads can instantiate it on the same shared memory. */
  module: object;
  arena: WasmArena;
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
    const module = new WA.Module(bytes);
    const instance = new WA.Instance(module, { env: { memory } });
    const exports = instance.exports as unknown as GemmExports;
    loaded = { exports, memory, module, arena: new WasmArena(memory, exports.heapBase(), MAX_PAGES) };
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

/**
 * The loaded kernels for this library's WASM wrappers (exports, shared memory, compiled module and the
 * arena that owns regions of the memory), or null on the TypeScript backend. Not public API.
 */
export function wasmRuntime(): Readonly<Loaded> | null {
  return loaded;
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
  const aPtr = w.arena.scratchBase();
  const bPtr = align16(aPtr + ar * ac * 8);
  const cPtr = align16(bPtr + br * bc * 8);
  const workPtr = align16(cPtr + m * n * 8);
  const end = workPtr + w.exports.workBytes(m, n, k);
  if (!w.arena.ensure(end)) {
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
  const xPtr = w.arena.scratchBase();
  const idxPtr = align16(xPtr + x.length * 8);
  const csPtr = align16(idxPtr + count * 8);
  if (!w.arena.ensure(csPtr + count * 16)) return false;
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
  const aPtr = w.arena.scratchBase();
  const dPtr = align16(aPtr + m * n * 8);
  const ePtr = dPtr + align16(n * 8);
  const tlPtr = ePtr + align16(n * 8);
  const trPtr = tlPtr + align16(n * 8);
  const wPtr = trPtr + align16(n * 8);
  if (!w.arena.ensure(wPtr + align16(n * 8))) return false;
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
  const aPtr = w.arena.scratchBase();
  const dPtr = align16(aPtr + n * n * 8);
  const ePtr = dPtr + align16(n * 8);
  const tPtr = ePtr + align16(n * 8);
  const pPtr = tPtr + align16(n * 8);
  if (!w.arena.ensure(pPtr + align16(n * 8))) return false;
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

load();

/**
 * For factorisations that keep their operands resident in WASM memory for a whole call (eigen code):
 * the raw exports, the first free byte `base`, and a fresh view of the memory after making sure `bytes`
 * bytes from `base` exist; null when the kernels are not loaded or memory would exceed its maximum.
 * The region is only valid until the next call of any other kernel here (they lay out from `base` too).
 */
export function wasmWorkspace(bytes: number): { exports: Record<string, unknown>; base: number; heap: Float64Array } | null {
  const w = loaded;
  if (w === null || !w.arena.ensure(w.arena.scratchBase() + bytes)) return null;
  return { exports: w.exports as unknown as Record<string, unknown>, base: w.arena.scratchBase(), heap: new Float64Array(w.memory.buffer) };
}
