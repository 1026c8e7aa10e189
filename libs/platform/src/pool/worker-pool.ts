import { EventEmitter } from 'node:events';
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import Piscina from 'piscina';
import { ModelbusError, type PoolStats } from '@modelbus/contracts';

export type { PoolStats };
import type { ProgressMessage, WorkerReply, WorkerTask } from '../worker/task';

export interface WorkerPoolOptions {
  /** Absolute path of the compiled worker entry (.js). */
  filename: string;
  maxThreads: number;
  /** Threads started at once and kept (default 1; the rest start on demand and stop after 60 s idle). */
  minThreads?: number;
  /** Tasks allowed to wait for a thread; beyond that a run answers RESOURCE_EXHAUSTED. */
  maxQueue: number;
  /** A task running longer is aborted with DEADLINE_EXCEEDED. */
  taskTimeoutMs: number;
  /** Per-thread heap limit. */
  maxOldGenerationSizeMb?: number;
  /** Node flags for the threads (tests load TypeScript workers with `--import tsx`). */
  execArgv?: string[];
}

export interface RunOptions {
  signal?: AbortSignal;
  onProgress?: (p: ProgressMessage) => void;
  /** Buffers moved to the worker instead of copied (detached here afterwards), and ports handed to it. */
  transfer?: (ArrayBuffer | MessagePort)[];
  /** Overrides the pool's task timeout (jobs run longer than requests). */
  timeoutMs?: number;
}

/** Emitted as 'task' after every task: time waiting for a thread and time running in it. */
export interface TaskTiming {
  op: string;
  outcome: string;
  waitMs: number;
  runMs: number;
}


/**
 * One Piscina pool per service. Adds what the platform needs on top: a bounded queue answered
 * with RESOURCE_EXHAUSTED, a deadline per task, cancellation, progress through a MessagePort,
 * typed arrays moved rather than cloned, and run/wait timings for metrics.
 */
export class WorkerPool extends EventEmitter {
  private readonly piscina: Piscina;
  private running = 0;
  private completedCount = 0;
  private failedCount = 0;

  constructor(readonly options: WorkerPoolOptions) {
    super();
    this.piscina = new Piscina({
      filename: options.filename,
      minThreads: Math.min(options.minThreads ?? 1, options.maxThreads),
      maxThreads: options.maxThreads,
      maxQueue: options.maxQueue,
      idleTimeout: 60_000,
      resourceLimits: options.maxOldGenerationSizeMb ? { maxOldGenerationSizeMb: options.maxOldGenerationSizeMb } : undefined,
      ...(options.execArgv ? { execArgv: options.execArgv } : {}),
    });
    // A worker that dies (out of memory, crash) must not take the service down: the task's promise
    // rejects and Piscina starts a replacement thread.
    this.piscina.on('error', (err) => this.emit('worker-error', err));
  }

  /** True when a new task would have to wait for a thread. Job consumers pull only while false. */
  get saturated(): boolean {
    return this.running >= this.options.maxThreads;
  }

  /** Free thread slots (jobs pull at most this many). */
  get freeSlots(): number {
    return Math.max(0, this.options.maxThreads - this.running);
  }

  async run<R>(op: string, args: unknown, opts: RunOptions = {}): Promise<R> {
    if (this.piscina.queueSize >= this.options.maxQueue && this.running >= this.options.maxThreads) {
      throw new ModelbusError('RESOURCE_EXHAUSTED', `worker pool is full (${this.options.maxThreads} running, ${this.piscina.queueSize} queued): retry later`, { retryable: true });
    }
    const timeoutMs = opts.timeoutMs ?? this.options.taskTimeoutMs;
    const deadline = AbortSignal.timeout(timeoutMs);
    const signal = opts.signal ? AbortSignal.any([opts.signal, deadline]) : deadline;

    let port: MessageChannel | undefined;
    const task: WorkerTask = { op, args };
    const transferList: (ArrayBuffer | MessagePort)[] = [...(opts.transfer ?? [])];
    if (opts.onProgress) {
      port = new MessageChannel();
      const onProgress = opts.onProgress;
      port.port2.on('message', (m: ProgressMessage) => onProgress(m));
      task.port = port.port1;
      transferList.push(port.port1);
    }

    const queuedAt = performance.timeOrigin + performance.now();
    let outcome = 'ok';
    let timing: WorkerReply['timing'];
    this.running++;
    this.emit('change');
    try {
      const reply = (await this.piscina.run(task, { signal, transferList: transferList as never })) as WorkerReply<R>;
      timing = reply.timing;
      if (!reply.ok) throw new ModelbusError(reply.error.code, reply.error.message, reply.error.details);
      this.completedCount++;
      return reply.value;
    } catch (err) {
      this.failedCount++;
      outcome = 'error';
      if (err instanceof ModelbusError) throw err;
      if ((err as Error)?.name === 'AbortError' || signal.aborted) {
        const timedOut = (deadline.aborted && !opts.signal?.aborted) || (signal.reason as Error | undefined)?.name === 'TimeoutError';
        if (timedOut) throw new ModelbusError('DEADLINE_EXCEEDED', `task "${op}" ran past its deadline and was stopped`);
        throw new ModelbusError('CANCELLED', `task "${op}" was cancelled`);
      }
      if (/queue is at limit/i.test((err as Error)?.message ?? '')) {
        throw new ModelbusError('RESOURCE_EXHAUSTED', 'worker pool queue is full: retry later', { retryable: true });
      }
      throw new ModelbusError('INTERNAL', `worker failed: ${(err as Error)?.message ?? String(err)}`);
    } finally {
      this.running--;
      const doneAt = performance.timeOrigin + performance.now();
      const event: TaskTiming = timing
        ? { op, outcome, waitMs: Math.max(0, timing.startedAt - queuedAt), runMs: timing.endedAt - timing.startedAt }
        : { op, outcome, waitMs: 0, runMs: doneAt - queuedAt };
      this.emit('task', event);
      port?.port2.close();
      this.emit('change');
    }
  }

  stats(): PoolStats {
    const p = this.piscina;
    return {
      threads: p.threads.length,
      maxThreads: this.options.maxThreads,
      running: Math.min(this.running, this.options.maxThreads),
      utilization: p.utilization,
      queueSize: p.queueSize,
      maxQueue: this.options.maxQueue,
      completed: this.completedCount,
      failed: this.failedCount,
      runP50Ms: p.histogram.runTime.p50,
      runP99Ms: p.histogram.runTime.p99,
      waitP50Ms: p.histogram.waitTime.p50,
      waitP99Ms: p.histogram.waitTime.p99,
    };
  }

  /** Waits for running and queued tasks to end, then stops the threads. */
  async close(): Promise<void> {
    await this.piscina.close();
  }

  /** Waits until the pool has a free thread (or the signal aborts). */
  whenFree(signal?: AbortSignal): Promise<void> {
    if (!this.saturated) return Promise.resolve();
    return new Promise((resolve) => {
      const check = () => {
        if (!this.saturated || signal?.aborted) {
          this.off('change', check);
          signal?.removeEventListener('abort', check);
          resolve();
        }
      };
      this.on('change', check);
      signal?.addEventListener('abort', check);
    });
  }
}
