import { isTerminal, jobEventsSubject, JOBS_STATE_BUCKET, ModelbusError, type JobEvent, type JobState } from '@modelbus/contracts';
import type { NatsConnection } from '@nats-io/nats-core';

export interface ProgressSources {
  nc: NatsConnection;
  jobId: string;
  /** Reads the current state from KV (null when the job is unknown). */
  readState: () => Promise<JobState | null>;
  /** Fallback poll period in ms (events may be missed, e.g. across a reconnect). */
  pollMs: number;
  /** Ends the iteration by throwing `signal.reason` (also while waiting for the next event). */
  signal?: AbortSignal;
}

export function eventFromState(s: JobState): JobEvent {
  const e: JobEvent = { jobId: s.jobId, status: s.status, progress: s.progress, at: s.updatedAt, state: s };
  if (s.message !== undefined) e.message = s.message;
  return e;
}

/** A KV read can return a state written before the last event seen; skip it rather than go backwards. */
const older = (a: JobEvent, b: JobEvent) => Date.parse(a.at) < Date.parse(b.at);
const sameStep = (a: JobEvent, b: JobEvent) => a.status === b.status && a.progress === b.progress && a.message === b.message;

/**
 * Live events of one job, ending after the first terminal one. Subscribes to `events.jobs.<id>`
 * before reading KV so a job that finishes in between is still seen, then merges events with a
 * KV poll; consecutive duplicates (same status, progress, message) are dropped.
 */
export async function* jobProgress(src: ProgressSources): AsyncGenerator<JobEvent, void, undefined> {
  const queue: JobEvent[] = [];
  let wake: (() => void) | undefined;
  let failure: unknown;
  const push = (e: JobEvent) => {
    queue.push(e);
    wake?.();
  };
  const sub = src.nc.subscribe(jobEventsSubject(src.jobId), {
    callback: (err, msg) => {
      if (err) {
        failure = err;
        wake?.();
        return;
      }
      try {
        const e = msg.json<JobEvent>();
        if (e && typeof e.status === 'string') push(e);
      } catch {
        // a malformed event is ignored; the KV poll still tracks the job
      }
    },
  });
  let polling = false;
  let seenState = false;
  // the first read's error is fatal (bad bucket, no connection); later ones are transient and the next poll retries
  const poll = async (fatal: boolean) => {
    if (polling) return;
    polling = true;
    try {
      const s = await src.readState();
      if (s) {
        seenState = true;
        push(eventFromState(s));
      }
    } catch (e) {
      if (!fatal) return;
      failure = e;
      wake?.();
    } finally {
      polling = false;
    }
  };
  let timer: NodeJS.Timeout | undefined;
  const onAbort = () => {
    failure = src.signal?.reason ?? new Error('aborted');
    wake?.();
  };
  src.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    src.signal?.throwIfAborted();
    await src.nc.flush(); // the subscription is registered on the server before the first read
    await poll(true);
    timer = setInterval(() => void poll(false), src.pollMs);
    if (!seenState && queue.length === 0 && failure === undefined) {
      throw new ModelbusError('NOT_FOUND', `no job ${src.jobId} (no state in ${JOBS_STATE_BUCKET})`);
    }
    let last: JobEvent | undefined;
    for (;;) {
      while (queue.length === 0 && failure === undefined) await new Promise<void>((r) => (wake = r));
      wake = undefined;
      if (failure !== undefined && (src.signal?.aborted || queue.length === 0)) throw failure;
      const e = queue.shift() as JobEvent;
      // the KV poll echoes the step last seen as an event; drop repeats and states older than the last event
      if (last && (sameStep(last, e) || (!isTerminal(e.status) && older(e, last)))) continue;
      last = e;
      yield e;
      if (isTerminal(e.status)) return;
    }
  } finally {
    src.signal?.removeEventListener('abort', onAbort);
    clearInterval(timer);
    sub.unsubscribe();
  }
}
