import type { MessagePort } from 'node:worker_threads';
import type { ErrorBody } from '@modelbus/contracts';

/** What the main thread sends to a worker: an operation name, its arguments, and a progress port. */
export interface WorkerTask<A = unknown> {
  op: string;
  args: A;
  /** Present when the caller wants progress; the worker posts `{ progress, message }` on it. */
  port?: MessagePort;
}

/** A worker never throws across the thread boundary: it answers with a value or an error body. */
export type WorkerReply<R = unknown> = ({ ok: true; value: R } | { ok: false; error: ErrorBody }) & {
  /** Epoch milliseconds (high resolution) when the task started and ended in the worker. */
  timing?: { startedAt: number; endedAt: number };
};

export interface ProgressMessage {
  progress: number;
  message?: string;
}
