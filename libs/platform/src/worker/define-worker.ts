import Piscina from 'piscina';
import { toErrorBody } from './error-mapping';
import type { ProgressMessage, WorkerReply, WorkerTask } from './task';

/** Context handed to an operation running inside a worker thread. */
export interface OpContext {
  /** Reports progress in [0, 1] to the main thread (at most every 50 ms). */
  progress(progress: number, message?: string): void;
}

export type Operation = (args: any, ctx: OpContext) => unknown | Promise<unknown>;

/**
 * Builds a Piscina worker entry from a table of operations. Replies carry typed arrays found at
 * the top level or one level down of the result as transferables (moved, not copied), and
 * errors as `{ code, message }` bodies, because class identity does not survive the thread hop.
 */
export function defineWorker(ops: Record<string, Operation>) {
  return async function run(task: WorkerTask): Promise<unknown> {
    const port = task.port;
    let lastPost = -Infinity;
    let skipped: ProgressMessage | undefined;
    const ctx: OpContext = {
      // throttled here so a tight loop reporting per step does not flood the main thread; the
      // last skipped report is sent when the task ends
      progress: (progress, message) => {
        if (!port) return;
        const t = performance.now();
        if (t - lastPost < PROGRESS_MIN_INTERVAL_MS && progress < 1) {
          skipped = { progress, message };
          return;
        }
        lastPost = t;
        skipped = undefined;
        port.postMessage({ progress, message } satisfies ProgressMessage);
      },
    };
    const startedAt = now();
    try {
      const op = ops[task.op];
      if (!op) return { ok: false, error: { code: 'INTERNAL', message: `worker has no operation "${task.op}"` } } satisfies WorkerReply;
      const value = await op(task.args, ctx);
      return moveReply({ ok: true, value, timing: { startedAt, endedAt: now() } });
    } catch (err) {
      return { ok: false, error: toErrorBody(err), timing: { startedAt, endedAt: now() } } satisfies WorkerReply;
    } finally {
      if (skipped) port?.postMessage(skipped);
      port?.close();
    }
  };
}

/** Progress messages from one task are at least this far apart (the last one always goes). */
const PROGRESS_MIN_INTERVAL_MS = 50;

const now = () => performance.timeOrigin + performance.now();

/** Wraps a reply so Piscina transfers the buffers of its typed arrays instead of cloning them. */
function moveReply(reply: WorkerReply): unknown {
  const buffers = new Set<ArrayBuffer>();
  const collect = (v: unknown) => {
    if (ArrayBuffer.isView(v) && v.buffer instanceof ArrayBuffer && v.byteLength === v.buffer.byteLength) buffers.add(v.buffer);
  };
  if (reply.ok && reply.value && typeof reply.value === 'object') {
    for (const v of Object.values(reply.value)) {
      collect(v);
      if (v && typeof v === 'object' && !ArrayBuffer.isView(v)) for (const w of Object.values(v)) collect(w);
    }
  }
  if (buffers.size === 0) return reply;
  // Piscina only transfers a Transferable that went through move() (it marks it movable)
  return Piscina.move({
    [Piscina.transferableSymbol]: [...buffers],
    [Piscina.valueSymbol]: reply,
  } as never);
}
