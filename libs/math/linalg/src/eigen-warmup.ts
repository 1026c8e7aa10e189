import { wasmKernelsAvailable } from './wasm/kernels';

const warmed = new Set<string>();

/**
 * V8 runs a WASM function's first long call in baseline-tier code and only later calls in optimised code
 * (KERNELS.md pitfall 4): the first 1000² eigh took ~2× its steady time. Before the first large input of
 * `key`, `run` is called a few times on a small deterministic n×n matrix (symmetric when asked) so the
 * kernels it uses are tiered up; a few milliseconds, once per process.
 */
export function warmUpOnce(key: string, n: number, symmetric: boolean, run: (a: { rows: number; cols: number; data: Float64Array }) => unknown): void {
  if (warmed.has(key) || !wasmKernelsAvailable()) return;
  warmed.add(key);
  for (let r = 0; r < 3; r++) {
    const data = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) data[i * n + j] = Math.sin(7 * (symmetric ? Math.min(i, j) * n + Math.max(i, j) : i * n + j) + r);
    run({ rows: n, cols: n, data });
  }
}
