import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gemm } from './gemm';
import { GemmWorkerPool, gemmParallel, runGemmSlice, type GemmSliceTask } from './gemm-parallel';
import { Matrix } from './matrix';
import { randomMatrix, seeded } from './testing/helpers';
import { gemmKernelWasm, wasmRuntime } from './wasm/kernels';

/**
 * The split GEMM on real worker threads against the single-thread WASM product. Each slice runs the same
 * kernel on whole rows of C, and an entry's summation order depends only on the k-panels, not on which
 * rows share a call, so the two must agree bitwise — any race or wrong slice offset shows up.
 */
function operands(tA: boolean, tB: boolean, m: number, n: number, k: number, seed: number): [Matrix, Matrix, Matrix] {
  const rand = seeded(seed);
  return [tA ? randomMatrix(k, m, rand) : randomMatrix(m, k, rand), tB ? randomMatrix(n, k, rand) : randomMatrix(k, n, rand), randomMatrix(m, n, rand)];
}

function singleThread(tA: boolean, tB: boolean, alpha: number, a: Matrix, b: Matrix, beta: number, c: Matrix): Float64Array {
  const out = c.data.slice();
  const m = c.rows, n = c.cols, k = tA ? a.rows : a.cols;
  gemmKernelWasm(tA, tB, m, n, k, alpha, a.data, a.cols, b.data, b.cols, beta, out, n);
  return out;
}

const shapes: [number, number, number][] = [[1, 1, 1], [1, 9, 5], [7, 3, 9], [17, 33, 65], [130, 131, 257], [301, 97, 300]];

describe.skipIf(process.env.MODELBUS_LINALG_KERNELS === 'ts')('gemmParallel on worker threads', () => {
  let pool: GemmWorkerPool;
  beforeAll(() => {
    pool = new GemmWorkerPool(2);
  });
  afterAll(() => pool.close());

  it.each(shapes)('GemmWorkerPool: bitwise equal to the single-thread product, m=%i n=%i k=%i, transposes, alpha/beta', async (m, n, k) => {
    for (const tA of [false, true]) {
      for (const tB of [false, true]) {
        const [a, b, c] = operands(tA, tB, m, n, k, m * 100 + n + k);
        const want = singleThread(tA, tB, -1.5, a, b, 0.5, c);
        await gemmParallel(tA, tB, -1.5, a, b, 0.5, c, { runner: pool, parts: 3 });
        expect(c.data).toEqual(want);
      }
    }
  });

  it('spreads the slices over both threads, leaves the arena as it found it, and rejects bad shapes like gemm()', async () => {
    const seen = new Set<number>();
    const counting = { run: (t: GemmSliceTask) => pool.run(t).then((r) => (seen.add(t.args[11]), r)) };
    const held = runtime().arena.heldBytes();
    const [a, b, c] = operands(false, false, 256, 64, 64, 1);
    await gemmParallel(false, false, 1, a, b, 0, c, { runner: counting, parts: 2 });
    expect(seen.size).toBe(2);
    expect(runtime().arena.heldBytes()).toBe(held + (held === 0 ? wasmWarmBytes() : 0));
    const ref = { ...c, data: new Float64Array(c.data.length) };
    gemm(false, false, 1, a, b, 0, ref);
    expect(c.data).toEqual(ref.data);
    await expect(gemmParallel(false, false, 1, a, a, 0, c, { runner: pool })).rejects.toThrow('b has 256 rows, expected 64');
  });

  it('a failing runner rejects the call and every region it took goes back to the arena', async () => {
    const [a, b, c] = operands(false, true, 40, 30, 20, 2);
    await gemmParallel(false, true, 1, a, b, 0, c, { runner: pool }); // warm region allocated by now
    const held = runtime().arena.heldBytes();
    // one slice fails at once, the other is still computing on a worker: nothing may be freed before it ends
    let calls = 0;
    const failing = { run: (t: GemmSliceTask) => (calls++ === 0 ? Promise.reject(new Error('worker died')) : pool.run(t)) };
    await expect(gemmParallel(false, true, 1, a, b, 0, c, { runner: failing })).rejects.toThrow('worker died');
    expect(runtime().arena.heldBytes()).toBe(held);
  });

  // The Piscina model: a worker *file* whose module export is runGemmSlice, fed tasks by structured clone
  // (Piscina itself is platform code, which a math library's tests may not import).
  describe('with a worker file exporting runGemmSlice, as a Piscina pool would load it', () => {
    let dir: string;
    let worker: Worker;
    beforeAll(() => {
      dir = mkdtempSync(join(tmpdir(), 'linalg-gemm-'));
      const file = join(dir, 'gemm-worker.cjs');
      writeFileSync(file, `module.exports = ${runGemmSlice.toString()};\n`);
      const host = `const { parentPort } = require('node:worker_threads'); const run = require(${JSON.stringify(file)});
        parentPort.on('message', (t) => parentPort.postMessage(run(t)));`;
      worker = new Worker(host, { eval: true });
    });
    afterAll(async () => {
      await worker.terminate();
      rmSync(dir, { recursive: true, force: true });
    });

    it('gives the same product as the single thread', async () => {
      const runner = {
        run: (t: GemmSliceTask) => new Promise((resolve) => {
          worker.once('message', resolve);
          worker.postMessage(t);
        }),
      };
      const [a, b, c] = operands(true, false, 200, 150, 120, 5);
      const want = singleThread(true, false, 2, a, b, -1, c);
      await gemmParallel(true, false, 2, a, b, -1, c, { runner, parts: 1 });
      expect(c.data).toEqual(want);
    });
  });
});

function runtime() {
  const w = wasmRuntime();
  if (w === null) throw new Error('WASM kernels not loaded');
  return w;
}

/** The warm-up region gemmParallel allocates once per process (3 24×24 matrices + scratch), rounded to 64. */
function wasmWarmBytes(): number {
  const w = runtime();
  return Math.ceil((3 * 24 * 24 * 8 + w.exports.workBytes(24, 24, 24)) / 64) * 64;
}
