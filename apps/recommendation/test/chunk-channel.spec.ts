import { MessageChannel } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { receiveChunks, sendChunks } from '../src/fpgrowth/chunk-channel';

// The service → worker dataset stream over a real MessageChannel (both ends in this thread).

/** A source of `n` chunks that records how many were taken and whether it was closed. */
function source(n: number, failAt = -1) {
  const state = { taken: 0, closed: false };
  async function* gen() {
    try {
      for (let i = 0; i < n; i++) {
        if (i === failAt) throw new Error('store went away');
        state.taken++;
        yield Uint8Array.of(i & 0xff, (i >> 8) & 0xff);
      }
    } finally {
      state.closed = true;
    }
  }
  return { state, chunks: gen() };
}

describe('chunk channel', () => {
  it('delivers every chunk in order, with at most `window` chunks taken ahead of what the receiver has handled', async () => {
    const { port1, port2 } = new MessageChannel();
    const { state, chunks } = source(500);
    const got: number[] = [];
    let maxAhead = 0;
    const received = receiveChunks(port1, (c) => {
      got.push(c[0] | (c[1] << 8));
      maxAhead = Math.max(maxAhead, state.taken - got.length);
    });
    await Promise.all([sendChunks(chunks, port2, 3), received]);
    port2.close();
    expect(got).toEqual(Array.from({ length: 500 }, (_, i) => i));
    expect(maxAhead).toBeLessThanOrEqual(3);
    expect(maxAhead).toBeGreaterThanOrEqual(1);
  });

  it('a receiver that fails (a parse error) stops the sender, which closes its source', async () => {
    const { port1, port2 } = new MessageChannel();
    const { state, chunks } = source(10_000);
    let seen = 0;
    const received = receiveChunks(port1, () => {
      if (++seen === 20) throw new Error('line 20: bad');
    });
    const [r, s] = await Promise.allSettled([received, sendChunks(chunks, port2, 4)]);
    expect((r as PromiseRejectedResult).reason.message).toBe('line 20: bad');
    expect(s.status).toBe('fulfilled');
    expect(state.closed).toBe(true);
    expect(state.taken).toBeLessThanOrEqual(20 + 4 + 1);
  });

  it('a failing source is thrown by the sender and ends the receiver with an error', async () => {
    const { port1, port2 } = new MessageChannel();
    const { chunks } = source(100, 30);
    const [r, s] = await Promise.allSettled([receiveChunks(port1, () => undefined), sendChunks(chunks, port2)]);
    port2.close();
    expect((s as PromiseRejectedResult).reason.message).toBe('store went away');
    expect((r as PromiseRejectedResult).reason.message).toBe('reading the dataset failed: store went away');
  });

  it('the receiver fails when the sender side closes before the end', async () => {
    const { port1, port2 } = new MessageChannel();
    const received = receiveChunks(port1, () => undefined);
    port2.close();
    await expect(received).rejects.toThrow('the dataset stream closed before its end');
  });
});
