// A dataset streamed from the service to a worker task over a MessagePort, with credit-based backpressure:
// the service sends a chunk only while the worker has acknowledged all but `window` of those sent, so at
// most `window` chunks are in flight, whatever the worker's pace. No Nest or NATS here (the worker imports it).
import type { MessagePort } from 'node:worker_threads';

/** Chunks in flight between the service and the worker. */
export const CHUNK_WINDOW = 4;

type ToWorker = { chunk: Uint8Array } | { end: true } | { error: string };

/**
 * Service side: posts the chunks of `source` to the worker (moved, each on a buffer of its own) and then
 * `end`. Returns early, without error, when the worker's side closes (the task ended, e.g. on a parse
 * error; its own outcome tells). A failure of `source` is sent to the worker, which then stops, and thrown.
 */
export async function sendChunks(source: AsyncIterable<Uint8Array>, port: MessagePort, window = CHUNK_WINDOW): Promise<void> {
  let credits = window;
  let closed = false;
  let wake: (() => void) | null = null;
  const signal = () => {
    wake?.();
    wake = null;
  };
  port.on('message', () => {
    credits++;
    signal();
  });
  port.once('close', () => {
    closed = true;
    signal();
  });
  const post = (m: ToWorker, transfer: ArrayBuffer[] = []) => {
    if (!closed) port.postMessage(m, transfer);
  };
  try {
    for await (const c of source) {
      while (credits === 0 && !closed) await new Promise<void>((r) => (wake = r));
      if (closed) return;
      if (c.length === 0) continue;
      // chunks are views into buffers the source reuses or shares (socket, zlib): move a copy
      const own = new Uint8Array(c);
      post({ chunk: own }, [own.buffer]);
      credits--;
    }
    post({ end: true });
  } catch (err) {
    post({ error: (err as Error).message });
    throw err;
  }
}

/**
 * Worker side: hands each chunk to `onChunk` (synchronously, then acknowledges it) until the end.
 * Rejects with what onChunk throws, when the service reports a failure, or when the port closes first.
 * Closes the port when done, which also stops the service's sendChunks.
 */
export function receiveChunks(port: MessagePort, onChunk: (chunk: Uint8Array) => void): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    let settled = false;
    const finish = (err?: unknown) => {
      if (settled) return;
      settled = true;
      port.close();
      if (err === undefined) resolve();
      else reject(err);
    };
    port.on('message', (m: ToWorker) => {
      if (settled) return;
      if ('chunk' in m) {
        try {
          onChunk(m.chunk);
        } catch (err) {
          finish(err);
          return;
        }
        port.postMessage(1);
      } else if ('end' in m) finish();
      else finish(new Error(`reading the dataset failed: ${m.error}`));
    });
    port.once('close', () => finish(new Error('the dataset stream closed before its end')));
  });
}
