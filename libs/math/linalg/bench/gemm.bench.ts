/**
 * GEMM throughput, one thread: plain TS kernel vs WASM SIMD kernel vs ml-matrix (the JS peer).
 *   node libs/math/linalg/scripts/build-wasm.mjs && npx tsx libs/math/linalg/bench/gemm.bench.ts [sizes...]
 * Methods are interleaved round by round in one process (KERNELS.md pitfall 5: JS timings drift with
 * what ran before) and the best round is reported; ratios come from the same run. Not part of tests.
 */
import { Matrix as MlMatrix } from 'ml-matrix';
import { gemmKernelTs } from '../src/gemm-kernel';
import { gemmKernelWasm, kernelBackendStatus, wasmKernelsAvailable } from '../src/wasm/kernels';

const sizes = process.argv.slice(2).map(Number).filter((n) => n > 0);
if (sizes.length === 0) sizes.push(256, 512, 1024);

function random(len: number, seed: number): Float64Array {
  let s = seed >>> 0;
  const out = new Float64Array(len);
  for (let i = 0; i < len; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = s / 2 ** 32 - 0.5;
  }
  return out;
}

function toMl(x: Float64Array, n: number): MlMatrix {
  const rows: number[][] = [];
  for (let i = 0; i < n; i++) rows.push(Array.from(x.subarray(i * n, (i + 1) * n)));
  return new MlMatrix(rows);
}

function time(fn: () => void): number {
  const t = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - t) / 1e9;
}

console.log(`backend: ${kernelBackendStatus()}`);
if (!wasmKernelsAvailable()) console.log('WASM unavailable: the "wasm" column is the TS fallback');
console.log('n      TS GF/s  WASM GF/s  ml-matrix GF/s  WASM/TS  WASM/ml  TS/ml  max|Δ| (wasm,ml vs ts)');
for (const n of sizes) {
  const a = random(n * n, 1);
  const b = random(n * n, 2);
  const cTs = new Float64Array(n * n);
  const cWasm = new Float64Array(n * n);
  const mlA = toMl(a, n);
  const mlB = toMl(b, n);
  let mlC: MlMatrix | null = null;
  const runs = {
    ts: () => gemmKernelTs(false, false, n, n, n, 1, a, n, b, n, 0, cTs, n),
    wasm: () => gemmKernelWasm(false, false, n, n, n, 1, a, n, b, n, 0, cWasm, n),
    ml: () => {
      mlC = mlA.mmul(mlB);
    },
  };
  for (const f of Object.values(runs)) f(); // warm-up: tier-up and scratch allocation
  const best = { ts: Infinity, wasm: Infinity, ml: Infinity };
  const rounds = n <= 256 ? 15 : n <= 512 ? 6 : 3;
  for (let r = 0; r < rounds; r++) {
    for (const key of ['ts', 'wasm', 'ml'] as const) best[key] = Math.min(best[key], time(runs[key]));
  }
  let diff = 0;
  for (let i = 0; i < n * n; i++) diff = Math.max(diff, Math.abs(cWasm[i] - cTs[i]), Math.abs(cTs[i] - (mlC as unknown as MlMatrix).get((i / n) | 0, i % n)));
  const gf = (s: number) => (2 * n ** 3) / s / 1e9;
  const [ts, wasm, ml] = [gf(best.ts), gf(best.wasm), gf(best.ml)];
  console.log(
    `${String(n).padEnd(6)} ${ts.toFixed(2).padStart(7)} ${wasm.toFixed(2).padStart(10)} ${ml.toFixed(2).padStart(15)} ` +
      `${(wasm / ts).toFixed(2).padStart(8)} ${(wasm / ml).toFixed(2).padStart(8)} ${(ts / ml).toFixed(2).padStart(6)}  ${diff.toExponential(1)}`,
  );
}
