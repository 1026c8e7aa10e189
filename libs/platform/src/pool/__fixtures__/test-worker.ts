// A worker for the pool's own tests, built with the platform's defineWorker like every service's.
import { defineWorker } from '../../worker/define-worker';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

class InvalidArgumentError extends Error {
  override readonly name = 'InvalidArgumentError';
}

export default defineWorker({
  /** Doubles a Float64Array; reports whether its buffer arrived by transfer (same length, fresh). */
  double: ({ x }: { x: Float64Array }) => ({ y: x.map((v) => 2 * v), n: x.length }),
  progress: async ({ steps }: { steps: number }, ctx) => {
    for (let i = 1; i <= steps; i++) {
      ctx.progress(i / steps, `step ${i}`);
      await sleep(60);
    }
    return { done: steps };
  },
  sleep: async ({ ms }: { ms: number }) => {
    await sleep(ms);
    return { slept: ms };
  },
  /** Busy loop: only termination of the thread can stop it. */
  spin: ({ ms }: { ms: number }) => {
    const end = Date.now() + ms;
    while (Date.now() < end);
    return { spun: ms };
  },
  invalid: () => {
    throw new InvalidArgumentError('x must be positive');
  },
  crash: () => {
    throw new TypeError('bug');
  },
});
