// Linear-algebra benchmark: ours (TS + WASM SIMD) vs ml-matrix vs numpy/OpenBLAS (1 thread), each case in
// a fresh process, ratios from the same run. Never part of npm test.
//
//   node libs/math/linalg/scripts/build-wasm.mjs && npx tsx tools/bench/linalg.bench.ts [--all] [--timebox=90] [--only=svd,eigh] [--clock=wall]
//
// Times are the best of up to 5 runs after a warm-up. --clock=cpu (default) reports each process's CPU
// time, which stays meaningful when other jobs share the machine; --clock=wall reports elapsed time.
//
// Default cases are the issue's core list (GEMM 256/512/1024, GEMM 1024 on two worker threads (wall clock, and
// for ours the critical path by thread CPU time — what wall time is on idle cores; numpy with two OpenBLAS threads), GEMM f32 1024, Cholesky 1000, batched 2000 × 64² Cholesky solves, SVD full
// 500/1000); --all adds SYRK 1000² (f64, f32), GEMV f32 2000² (copied, resident),
// thin SVD, eigh, eig, least squares, PCA and the sparse top-20 SVD. --timebox (seconds) kills a slow peer.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** threads > 1: measured by wall time (CPU time sums over threads), numpy with as many OpenBLAS threads. */
interface Case { op: string; size: string; flops?: number; label: string; threads?: number }

const ROOT = join(__dirname, '../..');
const args = process.argv.slice(2);
const all = args.includes('--all');
const timebox = Number(args.find((a) => a.startsWith('--timebox='))?.split('=')[1] ?? 90);
const only = args.find((a) => a.startsWith('--only='))?.split('=')[1];
const clock = args.find((a) => a.startsWith('--clock='))?.split('=')[1] ?? 'cpu';

const core: Case[] = [
  ...[256, 512, 1024].map((n) => ({ op: 'gemm', size: `${n}`, flops: 2 * n ** 3, label: `GEMM f64 ${n}²` })),
  { op: 'gemm-2w', size: '1024', flops: 2 * 1024 ** 3, label: 'GEMM f64 1024², 2 workers', threads: 2 },
  { op: 'gemm-f32', size: '1024', flops: 2 * 1024 ** 3, label: 'GEMM f32 1024²' },
  { op: 'cholesky', size: '1000', flops: 1000 ** 3 / 3, label: 'Cholesky 1000' },
  { op: 'cholesky-batch', size: '2000x64', flops: 2000 * (64 ** 3 / 3 + 2 * 64 ** 2), label: 'batched Cholesky solve 2000 × 64² (numpy: batched LU solve)' },
  { op: 'svd', size: '500', label: 'SVD full 500²' },
  { op: 'svd', size: '1000', label: 'SVD full 1000²' },
];
const extra: Case[] = [
  { op: 'syrk', size: '1000', flops: 1000 ** 3, label: 'SYRK A·Aᵀ 1000²' },
  { op: 'syrk-f32', size: '1000', flops: 1000 ** 3, label: 'SYRK f32 A·Aᵀ 1000²' },
  { op: 'gemv-f32', size: '2000', flops: 10 * 2 * 2000 ** 2, label: 'GEMV f32 2000² × 10 (A copied in per call)' },
  { op: 'gemv-f32r', size: '2000', flops: 10 * 2 * 2000 ** 2, label: 'GEMV f32 2000² × 10 (A resident)' },
  { op: 'svd', size: '2000x200', label: 'SVD thin 2000×200' },
  { op: 'eigh', size: '1000', label: 'symmetric eig 1000²' },
  { op: 'eig', size: '500', label: 'general eig 500²' },
  { op: 'lstsq', size: '10000x100', label: 'least squares 10000×100' },
  { op: 'pca', size: '10000x100', label: 'PCA 10000×100' },
  { op: 'sparse-svd20', size: '10000x5000', label: 'top-20 SVD sparse 10000×5000 1 %' },
];
// --only=gemm also selects its variants (gemm-2w, gemm-f32), cholesky the batched case
const selected = (op: string) => !only || only.split(',').some((o) => op === o || op.startsWith(`${o}-`));
const cases = (all ? [...core, ...extra] : core).filter((c) => selected(c.op));

type Result = { ms: number; cpuMs?: number; critMs?: number } | { error: string };
interface Timing { ms: number; cpuMs?: number; critMs?: number }

function runChild(cmd: string, argv: string[], env: NodeJS.ProcessEnv, useClock = clock): Result {
  const r = spawnSync(cmd, argv, { cwd: ROOT, env, encoding: 'utf8', timeout: timebox * 1000 });
  if (r.error && (r.error as NodeJS.ErrnoException).code === 'ETIMEDOUT') return { error: `> ${timebox} s` };
  if (r.status !== 0) return { error: (r.stderr || r.stdout || String(r.error)).trim().split('\n').slice(-1)[0] };
  const line = r.stdout.trim().split('\n').pop() ?? '';
  try {
    const t = JSON.parse(line) as Timing;
    return { ms: useClock === 'cpu' && t.cpuMs !== undefined ? t.cpuMs : t.ms, cpuMs: t.cpuMs, critMs: t.critMs };
  } catch {
    return { error: `bad output: ${line}` };
  }
}

function ours(lib: string, c: Case): Result {
  return runChild(process.execPath, ['--import', 'tsx', 'tools/bench/linalg-case.ts', lib, c.op, c.size], process.env, c.threads ? 'wall' : clock);
}

// The numpy peer: `python3` on PATH unless PYTHON=... is set. Which numpy and BLAS that is matters (on the
// development machine /usr/bin/python3's Debian numpy links the netlib reference BLAS, ~8 GFLOP/s, while the
// PATH python3 has a pip numpy with OpenBLAS), so the header names both.
const PYTHON = process.env.PYTHON ?? 'python3';

function numpyAvailable(): boolean {
  return spawnSync(PYTHON, ['-c', 'import numpy, scipy'], { encoding: 'utf8' }).status === 0;
}

function numpy(c: Case): Result {
  // one OpenBLAS thread (c.threads for the multi-worker cases), and without the CORETYPE/L2 overrides (they
  // select slower kernels) — for this command only
  const env: NodeJS.ProcessEnv = { ...process.env, OPENBLAS_NUM_THREADS: String(c.threads ?? 1) };
  delete env.OPENBLAS_CORETYPE;
  delete env.OPENBLAS_L2_SIZE;
  return runChild(PYTHON, ['tools/bench/linalg-numpy.py', c.op, c.size], env, c.threads ? 'wall' : clock);
}

const fmt = (r: Result, flops?: number, threads?: number) => {
  if ('error' in r) return r.error;
  const main = flops ? `${r.ms.toFixed(1)} ms (${(flops / r.ms / 1e6).toFixed(1)} GFLOP/s)` : `${r.ms.toFixed(1)} ms`;
  // multi-threaded: wall time, the CPU time summed over threads, and (ours) the critical path — calling
  // thread + slowest worker, by thread CPU time — which is what wall time would be on idle cores
  if (!threads || r.cpuMs === undefined) return main;
  const crit = r.critMs === undefined ? '' : `; critical path ${r.critMs.toFixed(1)} ms${flops ? ` (${(flops / r.critMs / 1e6).toFixed(1)} GFLOP/s)` : ''}`;
  return `wall ${main}; CPU ${r.cpuMs.toFixed(1)} ms${crit}`;
};
const ratio = (a: Result, b: Result) => ('ms' in a && 'ms' in b ? (b.ms / a.ms).toFixed(2) : '—');

function main(): void {
  if (!existsSync(join(ROOT, 'libs/math/linalg/src/wasm/kernels.wasm'))) {
    console.warn('kernels.wasm missing: run node libs/math/linalg/scripts/build-wasm.mjs (measuring the TS fallback)');
  }
  const np = numpyAvailable();
  if (!np) console.warn('python3-numpy/scipy not found (apt-get install -y python3-numpy python3-scipy): numpy column skipped');
  const probe = 'import numpy, sys; c = numpy.show_config("dicts") if numpy.__version__ >= "2" else None; ' +
    'print(numpy.__version__, sys.executable, c["Build Dependencies"]["blas"]["name"] if c else "system libblas.so.3")';
  const npVersion = np ? spawnSync(PYTHON, ['-c', probe], { encoding: 'utf8' }).stdout.trim() : '';
  console.log(`clock: ${clock === 'cpu' ? 'CPU time of the measuring process' : 'wall time'}; numpy ${npVersion} (PYTHON=${PYTHON}); ${new Date().toISOString()}`);
  console.log(`| op | ours | ml-matrix | numpy (1 thread; 2 on 2-worker rows) | ml-matrix/ours | ours/numpy |`);
  console.log(`| --- | --- | --- | --- | --- | --- |`);
  for (const c of cases) {
    const o = ours('ours', c);
    const m = ['sparse-svd20', 'gemm-f32', 'gemm-2w', 'syrk-f32', 'gemv-f32', 'gemv-f32r'].includes(c.op) ? { error: 'n/a' } : ours('ml-matrix', c);
    const p = np ? numpy(c) : { error: 'not installed' };
    const slower = 'ms' in o && 'ms' in p ? (o.ms / p.ms).toFixed(2) : '—';
    const t = c.threads;
    console.log(`| ${c.label} | ${fmt(o, c.flops, t)} | ${fmt(m, c.flops, t)} | ${fmt(p, c.flops, t)} | ${ratio(o, m)}× | ${slower}× |`);
  }
}

main();
