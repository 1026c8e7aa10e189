import { wasmRuntime } from './wasm/kernels';

/** The f32 level-1/2/3 exports of kernels.wasm (assembly/vector-f32.ts, gemv-f32.ts, syrk-f32.ts). */
export interface F32Exports {
  dotF32(x: number, y: number, len: number): number;
  axpyF32(y: number, x: number, alpha: number, len: number): void;
  sumSquaresF32(x: number, len: number): number;
  gemvF32(trans: number, m: number, n: number, alpha: number, a: number, lda: number, x: number, beta: number, y: number): void;
  syrkLowerF32(trans: number, n: number, k: number, alpha: number, a: number, lda: number, c: number, ldc: number, work: number): void;
  workBytesF32(m: number, n: number, k: number): number;
}

/**
 * The loaded runtime typed with the f32 exports, or null on the TypeScript backend (or a kernels.wasm
 * built before these kernels existed), so callers fall back to their TypeScript twins.
 */
export function f32Runtime(): { exports: F32Exports; memory: { readonly buffer: ArrayBufferLike }; arena: { scratchBase(): number; ensure(end: number): boolean } } | null {
  const w = wasmRuntime();
  if (w === null || typeof (w.exports as unknown as Partial<F32Exports>).gemvF32 !== 'function') return null;
  return { exports: w.exports as unknown as F32Exports, memory: w.memory, arena: w.arena };
}

/** Byte offset rounded up to 16 (one v128). */
export function align16(x: number): number {
  return (x + 15) & ~15;
}

/** Copies Float32Arrays back to back into WASM scratch; returns their byte addresses, or null when memory is short. */
export function copyInF32(w: NonNullable<ReturnType<typeof f32Runtime>>, arrays: Float32Array[], extraBytes = 0): number[] | null {
  const ptrs: number[] = [];
  let at = align16(w.arena.scratchBase());
  for (const x of arrays) {
    ptrs.push(at);
    at = align16(at + x.length * 4);
  }
  if (!w.arena.ensure(at + extraBytes)) return null;
  const buf = w.memory.buffer;
  arrays.forEach((x, i) => new Float32Array(buf, ptrs[i], x.length).set(x));
  ptrs.push(at);
  return ptrs;
}
