import { isTerminal, jobCancelSubject, ModelbusError, SERVICES, type JobEvent, type JobState, type ServiceName } from '@modelbus/contracts';
import type { KV } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/nats-core';
import { jobProgress } from './job-progress';

/** What a handle needs from the client; kept narrow so handles are cheap to create. */
export interface JobContext {
  nc: NatsConnection;
  kv: () => Promise<KV>;
  request: <T>(subject: string, body: unknown, timeoutMs?: number) => Promise<T>;
  pollMs: number;
}

export async function readJobState(kv: KV, jobId: string): Promise<JobState | null> {
  const e = await kv.get(jobId);
  if (!e || e.operation !== 'PUT') return null;
  return e.json<JobState>();
}

/** A submitted job: its state, live progress, final result and cancellation. */
export class JobHandle {
  constructor(
    readonly jobId: string,
    private readonly ctx: JobContext,
    /** True when submit() found this job id already submitted and did not publish again. */
    readonly resubmitted = false,
  ) {}

  /** Current state from MODELBUS_JOBS_STATE; NOT_FOUND when the job is unknown. */
  async state(): Promise<JobState> {
    const s = await readJobState(await this.ctx.kv(), this.jobId);
    if (!s) throw new ModelbusError('NOT_FOUND', `no job ${this.jobId}`);
    return s;
  }

  /** Live events until (and including) the first terminal status; `signal` stops it early (throws its reason). */
  async *progress(opts: { signal?: AbortSignal } = {}): AsyncGenerator<JobEvent, void, undefined> {
    const kv = await this.ctx.kv();
    yield* jobProgress({ nc: this.ctx.nc, jobId: this.jobId, readState: () => readJobState(kv, this.jobId), pollMs: this.ctx.pollMs, signal: opts.signal });
  }

  /**
   * Waits for the job to end. Resolves with the final state when it succeeded; throws the job's
   * error code when it failed, CANCELLED when cancelled, DEADLINE_EXCEEDED after `timeoutMs`.
   * `onEvent` sees every progress event on the way.
   */
  async result(opts: { timeoutMs?: number; signal?: AbortSignal; onEvent?: (e: JobEvent) => void } = {}): Promise<JobState> {
    const ac = new AbortController();
    const stop = () => ac.abort(opts.signal?.reason);
    opts.signal?.addEventListener('abort', stop, { once: true });
    const timer =
      opts.timeoutMs === undefined
        ? undefined
        : setTimeout(() => ac.abort(new ModelbusError('DEADLINE_EXCEEDED', `job ${this.jobId} did not finish within ${opts.timeoutMs} ms`)), opts.timeoutMs);
    try {
      let terminal: JobEvent | undefined;
      for await (const e of this.progress({ signal: ac.signal })) {
        opts.onEvent?.(e);
        if (isTerminal(e.status)) terminal = e;
      }
      return throwIfUnsuccessful(await this.finalState(terminal as JobEvent));
    } finally {
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', stop);
    }
  }

  /**
   * Asks the service to cancel the job (`ops.<prefix>.jobs.cancel`) and returns the state it reports.
   * A queued job is cancelled at once; a running one is aborted by the replica running it.
   */
  async cancel(timeoutMs?: number): Promise<JobState> {
    const s = await this.state();
    const svc = SERVICES[s.service as ServiceName];
    if (!svc) throw new ModelbusError('FAILED_PRECONDITION', `job ${this.jobId} belongs to unknown service "${s.service}"`);
    return this.ctx.request<JobState>(jobCancelSubject(svc.prefix), { jobId: this.jobId }, timeoutMs);
  }

  /**
   * The terminal state: the event's embedded state, else KV once it has caught up with the event
   * (a replica may publish the event just before writing KV), else KV's state with the event's status.
   */
  private async finalState(e: JobEvent): Promise<JobState> {
    if (e.state && isTerminal(e.state.status)) return e.state;
    const kv = await this.ctx.kv();
    let s: JobState | null = null;
    for (let i = 0; i < 10; i++) {
      s = await readJobState(kv, this.jobId);
      if (s && isTerminal(s.status)) return s;
      await new Promise((r) => setTimeout(r, 100));
    }
    const base = s ?? ({ jobId: this.jobId, service: '', kind: '', attempt: 0 } as unknown as JobState);
    return { ...base, status: e.status, progress: e.progress, message: e.message ?? base.message, updatedAt: e.at };
  }
}

export function throwIfUnsuccessful(s: JobState): JobState {
  if (s.status === 'succeeded') return s;
  if (s.status === 'cancelled') throw new ModelbusError('CANCELLED', s.error?.message ?? `job ${s.jobId} was cancelled`, { state: s });
  if (s.status === 'failed') {
    throw new ModelbusError(s.error?.code ?? 'INTERNAL', s.error?.message ?? `job ${s.jobId} failed`, { ...(s.error?.details !== undefined ? { details: s.error.details } : {}), state: s });
  }
  throw new ModelbusError('FAILED_PRECONDITION', `job ${s.jobId} is still ${s.status}`);
}
