import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ModelbusError } from '@modelbus/contracts';
import { WorkerPool, type TaskTiming } from './worker-pool';

// Real Piscina threads running a TypeScript worker through tsx (what the services run is the
// webpack build of the same code).
const filename = join(__dirname, '__fixtures__/test-worker.ts');
const execArgv = ['--import', 'tsx'];
let pool: WorkerPool | undefined;
const make = (o: Partial<ConstructorParameters<typeof WorkerPool>[0]> = {}) =>
  (pool = new WorkerPool({ filename, execArgv, maxThreads: 2, maxQueue: 8, taskTimeoutMs: 10_000, ...o }));

afterEach(async () => {
  await pool?.close();
  pool = undefined;
});

const codeOf = async (p: Promise<unknown>) => ((await p.then(() => undefined, (e: unknown) => e)) as ModelbusError | undefined)?.code;

describe('WorkerPool', () => {
  it('moves typed arrays to the worker and back (the sender\'s buffer is detached)', async () => {
    const p = make();
    const x = Float64Array.from([1, 2, 3]);
    const r = await p.run<{ y: Float64Array; n: number }>('double', { x }, { transfer: [x.buffer] });
    expect(x.byteLength).toBe(0); // transferred, not copied
    expect(r.y).toBeInstanceOf(Float64Array);
    expect([...r.y]).toEqual([2, 4, 6]);
  });

  it('delivers progress from the worker through a MessagePort', async () => {
    const p = make();
    const seen: number[] = [];
    await p.run('progress', { steps: 4 }, { onProgress: (m) => seen.push(m.progress) });
    expect(seen.length).toBeGreaterThanOrEqual(2);
    expect(seen.at(-1)).toBe(1);
    expect([...seen].sort()).toEqual(seen);
  });

  it('maps math errors by class name and bugs to INTERNAL, and keeps serving', async () => {
    const p = make();
    const err = (await p.run('invalid', {}).catch((e: unknown) => e)) as ModelbusError;
    expect(err.code).toBe('INVALID_ARGUMENT');
    expect(err.message).toBe('x must be positive');
    expect(await codeOf(p.run('crash', {}))).toBe('INTERNAL');
    expect(await codeOf(p.run('nope', {}))).toBe('INTERNAL');
    expect((await p.run<{ slept: number }>('sleep', { ms: 1 })).slept).toBe(1);
    expect(p.stats()).toMatchObject({ completed: 1, failed: 3 });
  });

  it('answers RESOURCE_EXHAUSTED when every thread is busy and the queue is full, then recovers', async () => {
    const p = make({ maxThreads: 1, maxQueue: 1 });
    const busy = p.run('sleep', { ms: 600 });
    await new Promise((r) => setTimeout(r, 100));
    const queued = p.run('sleep', { ms: 10 });
    expect(await codeOf(p.run('sleep', { ms: 10 }))).toBe('RESOURCE_EXHAUSTED');
    await Promise.all([busy, queued]);
    expect((await p.run<{ slept: number }>('sleep', { ms: 5 })).slept).toBe(5);
  });

  it('stops a task past its deadline with DEADLINE_EXCEEDED and replaces the thread', async () => {
    const p = make({ maxThreads: 1, taskTimeoutMs: 300 });
    expect(await codeOf(p.run('spin', { ms: 5_000 }))).toBe('DEADLINE_EXCEEDED');
    // the replacement thread has to load tsx first: give this call a longer deadline
    expect((await p.run<{ slept: number }>('sleep', { ms: 1 }, { timeoutMs: 20_000 })).slept).toBe(1);
  });

  it('cancels a running task through its AbortSignal (CANCELLED) and frees the thread', async () => {
    const p = make({ maxThreads: 1 });
    const ac = new AbortController();
    const running = p.run('spin', { ms: 10_000 }, { signal: ac.signal });
    await new Promise((r) => setTimeout(r, 200));
    expect(p.saturated).toBe(true);
    ac.abort();
    expect(await codeOf(running)).toBe('CANCELLED');
    expect(p.saturated).toBe(false);
    expect((await p.run<{ spun: number }>('spin', { ms: 1 })).spun).toBe(1);
  });

  it('reports wait and run time of every task', async () => {
    const p = make({ maxThreads: 1 });
    const timings: TaskTiming[] = [];
    p.on('task', (t: TaskTiming) => timings.push(t));
    await Promise.all([p.run('sleep', { ms: 150 }), p.run('sleep', { ms: 150 })]);
    expect(timings).toHaveLength(2);
    for (const t of timings) expect(t.runMs).toBeGreaterThanOrEqual(140);
    // one thread: the second task waited for the first
    expect(Math.max(...timings.map((t) => t.waitMs))).toBeGreaterThanOrEqual(100);
  });
});
