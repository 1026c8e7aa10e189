#!/usr/bin/env node
// Compiles libs/math/linalg/assembly/gemm.ts (which re-exports rotations.ts, bidiagonal.ts) → libs/math/linalg/src/wasm/kernels.wasm (WASM SIMD).
// Run from anywhere: `node libs/math/linalg/scripts/build-wasm.mjs` (or `npx nx run math-linalg:build-wasm`).
// Memory is imported from env.memory and shared (with a declared maximum) so that growing it never
// detaches views held by JS or worker threads (KERNELS.md, pitfalls 1–2). Flags per KERNELS.md.
import { mkdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import asc from 'assemblyscript/asc';

const lib = join(dirname(fileURLToPath(import.meta.url)), '..');
const entry = join(lib, 'assembly', 'gemm.ts');
const out = join(lib, 'src', 'wasm', 'kernels.wasm');
mkdirSync(dirname(out), { recursive: true });

export const MAX_PAGES = 16384; // 1 GiB; must match MAX_PAGES in src/wasm/kernels.ts

const args = [
  relative(process.cwd(), entry),
  '--outFile', relative(process.cwd(), out),
  '-O3', '--noAssert', '--runtime', 'minimal',
  '--enable', 'simd', '--enable', 'threads',
  '--importMemory', '--sharedMemory', '--initialMemory', '1', '--maximumMemory', String(MAX_PAGES),
];
const { error, stderr } = await asc.main(args);
if (error) {
  console.error(stderr.toString());
  console.error(`build-wasm: ${error.message}`);
  process.exit(1);
}
console.log(`build-wasm: wrote ${relative(process.cwd(), out)}`);
