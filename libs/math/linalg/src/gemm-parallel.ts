/**
 * GEMM split across worker threads over the shared WASM memory. The operands are resident in the
 * calling thread's WASM memory (a SharedArrayBuffer-backed WebAssembly.Memory); each task carries that
 * memory and the compiled module (both cross threads without copying), and a worker instantiates the
 * kernels on the same memory once and computes one horizontal slice of C in place. Nothing is copied
 * per task; each slice has its own packing scratch (an arena region), so slices never share bytes.
 *
 * Runners: anything with run(task) → Promise, e.g. a Piscina pool whose worker module's default export
 * is runGemmSlice, or GemmWorkerPool below (plain worker_threads, no worker file needed).
 */
import { Worker } from 'node:worker_threads';
import { checkGemmOperands, gemmRaw } from './gemm';
import { Matrix } from './matrix';
import { wasmRuntime } from './wasm/kernels';
import { ResidentMatrix, residentGemmShape } from './wasm/resident';

/** One slice of a split GEMM: gemm(...args) on the shared memory. Structured-cloneable. */
export interface GemmSliceTask {
  kind: 'linalg.gemm-slice';
  /** Identifies the memory, so a worker instantiates the module once per memory. */
  memoryId: string;
  module: object;
  memory: object;
  /** [transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, work] (byte addresses, element strides). */
  args: number[];
  /** [a, b, c, work] of a 24×24 region for the warm-up calls a fresh worker makes (KERNELS.md pitfall 4). */
  warm: number[];
}

/** A Piscina-like runner: run(task) resolves once some worker has executed runGemmSlice(task). */
export interface GemmTaskRunner {
  run(task: GemmSliceTask): Promise<unknown>;
}

export interface ParallelGemmOptions {
  runner: GemmTaskRunner;
  /** Number of slices (tasks) to split C into; default 2. One slice per worker is best. */
  parts?: number;
}

/**
 * Worker side: instantiates the kernels on the task's memory (once per memory and thread) and runs
 * the slice. Self-contained (no imports, no closures) because GemmWorkerPool ships its source text to
 * the worker. Returns the number of rows computed.
 */
export function runGemmSlice(task: GemmSliceTask): number {
  const g = globalThis as unknown as {
    WebAssembly: { Instance: new (m: object, i: object) => { exports: Record<string, (...x: number[]) => number> } };
    linalgGemmInstances?: Map<string, Record<string, (...x: number[]) => number>>;
  };
  if (g.linalgGemmInstances === undefined) g.linalgGemmInstances = new Map();
  let exp = g.linalgGemmInstances.get(task.memoryId);
  if (exp === undefined) {
    exp = new g.WebAssembly.Instance(task.module, { env: { memory: task.memory } }).exports;
    g.linalgGemmInstances.set(task.memoryId, exp);
    // The region is shared by all workers' warm-ups: the results are garbage, the point is tier-up.
    for (let i = 0; i < 20; i++) exp.gemm(0, 0, 24, 24, 24, 1, task.warm[0], 24, task.warm[1], 24, 0, task.warm[2], 24, task.warm[3]);
  }
  const a = task.args;
  exp.gemm(a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8], a[9], a[10], a[11], a[12], a[13]);
  return a[2];
}

const MEMORY_ID = `${process.pid}-${Math.random().toString(36).slice(2)}`;
let warmRegion: number[] | null = null;

/**
 * C := alpha·op(A)·op(B) + beta·C with the operands already resident, C split by rows into `parts`
 * slices run by options.runner. Resolves when every slice is done. Needs the WASM kernels.
 */
export async function gemmParallelResident(
  transA: boolean, transB: boolean, alpha: number, a: ResidentMatrix, b: ResidentMatrix, beta: number, c: ResidentMatrix,
  options: ParallelGemmOptions,
): Promise<void> {
  const w = wasmRuntime();
  if (w === null) throw new Error('gemmParallelResident needs the WASM kernels');
  const [m, n, k] = residentGemmShape(transA, transB, a, b, c);
  if (m === 0 || n === 0) return;
  // slices of whole 8-row groups (4 micro-kernel tiles), at most `parts` of them
  const parts = Math.max(1, Math.min(options.parts ?? 2, Math.ceil(m / 8)));
  const rowsPer = Math.ceil(m / parts / 8) * 8;
  const warm = warmRegion ?? (warmRegion = allocWarmRegion());
  const slices: { i0: number; mi: number; work: number }[] = [];
  try {
    // all scratch first, so that nothing is in flight if memory runs out
    for (let i0 = 0; i0 < m; i0 += rowsPer) {
      const mi = Math.min(rowsPer, m - i0);
      const work = w.arena.alloc(w.exports.workBytes(mi, n, k));
      if (work < 0) throw new Error('WASM memory exhausted allocating GEMM scratch');
      slices.push({ i0, mi, work });
    }
    const tasks = slices.map(async ({ i0, mi, work }) => {
      const aPtr = a.ptr + 8 * (transA ? i0 : i0 * a.cols);
      const args = [transA ? 1 : 0, transB ? 1 : 0, mi, n, k, alpha, aPtr, a.cols, b.ptr, b.cols, beta, c.ptr + 8 * i0 * n, n, work];
      return options.runner.run({ kind: 'linalg.gemm-slice', memoryId: MEMORY_ID, module: w.module, memory: w.memory, args, warm });
    });
    // wait for every slice even when one fails: the others still write into C and their scratch
    const failed = (await Promise.allSettled(tasks)).find((r) => r.status === 'rejected');
    if (failed) throw (failed as PromiseRejectedResult).reason;
  } finally {
    for (const s of slices) w.arena.free(s.work);
  }
}

function allocWarmRegion(): number[] {
  const w = wasmRuntime();
  if (w === null) throw new Error('WASM kernels not loaded');
  const bytes = 24 * 24 * 8;
  const base = w.arena.alloc(3 * bytes + w.exports.workBytes(24, 24, 24));
  if (base < 0) throw new Error('WASM memory exhausted');
  new Float64Array(w.memory.buffer, base, (3 * bytes) / 8).fill(0.5);
  return [base, base + bytes, base + 2 * bytes, base + 3 * bytes];
}

/**
 * gemm() split across worker threads: same contract and checks as gemm(), C updated in place and
 * returned. A, B and C are copied into the shared WASM memory once and C back out (~1 % at 1024²).
 * Without the WASM kernels it runs gemm() on the calling thread.
 */
export async function gemmParallel(
  transA: boolean, transB: boolean, alpha: number, a: Matrix, b: Matrix, beta: number, c: Matrix, options: ParallelGemmOptions,
): Promise<Matrix> {
  const [m, n, k] = checkGemmOperands(transA, transB, alpha, a, b, beta, c);
  if (wasmRuntime() === null) {
    gemmRaw(transA, transB, m, n, k, alpha, a.data, a.cols, b.data, b.cols, beta, c.data, c.cols);
    return c;
  }
  const held: ResidentMatrix[] = [];
  try {
    const ra = ResidentMatrix.from(a);
    held.push(ra);
    const rb = ResidentMatrix.from(b);
    held.push(rb);
    const rc = beta === 0 ? ResidentMatrix.alloc(m, n) : ResidentMatrix.from(c);
    held.push(rc);
    await gemmParallelResident(transA, transB, alpha, ra, rb, beta, rc, options);
    c.data.set(rc.view());
    return c;
  } finally {
    for (const r of held) r.dispose();
  }
}

/**
 * A minimal worker_threads runner for gemmParallel: `size` threads running runGemmSlice from its source
 * text (so no worker file has to be found on disk). Threads are unref'd while idle; close() ends them.
 */
export class GemmWorkerPool implements GemmTaskRunner {
  private readonly workers: { worker: Worker; pending: number }[] = [];
  private readonly waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void; slot: number }>();
  private nextId = 0;

  constructor(readonly size = 2) {
    const source = [
      "const { parentPort } = require('node:worker_threads');",
      `const runGemmSlice = ${runGemmSlice.toString()};`,
      'parentPort.on("message", (m) => {',
      '  try { parentPort.postMessage({ id: m.id, result: runGemmSlice(m.task) }); }',
      '  catch (e) { parentPort.postMessage({ id: m.id, error: String((e && e.stack) || e) }); }',
      '});',
    ].join('\n');
    for (let slot = 0; slot < size; slot++) {
      const worker = new Worker(source, { eval: true });
      worker.unref();
      worker.on('message', (msg: { id: number; result?: unknown; error?: string }) => this.settle(msg));
      worker.on('error', (e) => this.failAll(slot, e));
      this.workers.push({ worker, pending: 0 });
    }
  }

  run(task: GemmSliceTask): Promise<unknown> {
    let slot = 0;
    for (let i = 1; i < this.workers.length; i++) if (this.workers[i].pending < this.workers[slot].pending) slot = i;
    const entry = this.workers[slot];
    const id = this.nextId++;
    if (entry.pending++ === 0) entry.worker.ref();
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject, slot });
      entry.worker.postMessage({ id, task });
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.worker.terminate()));
  }

  private settle(msg: { id: number; result?: unknown; error?: string }): void {
    const job = this.waiting.get(msg.id);
    if (job === undefined) return;
    this.waiting.delete(msg.id);
    const entry = this.workers[job.slot];
    if (--entry.pending === 0) entry.worker.unref();
    if (msg.error !== undefined) job.reject(new Error(msg.error));
    else job.resolve(msg.result);
  }

  private failAll(slot: number, e: Error): void {
    for (const [id, job] of this.waiting) {
      if (job.slot !== slot) continue;
      this.waiting.delete(id);
      job.reject(e);
    }
    this.workers[slot].pending = 0;
  }
}
