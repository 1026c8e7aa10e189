import { JetStreamApiCodes, JetStreamApiError, type JetStreamClient } from '@nats-io/jetstream';
import { ModelbusError, type JobState, type JobStatus } from '@modelbus/contracts';
import { assertJobId, newJobId, parseJobKind } from './job-kind';
import { JobHandle, readJobState, type JobContext } from './job-handle';
import { isNoResponders, isTimeout } from './nats-errors';

export interface SubmitBody<P = Record<string, unknown>> {
  /** Reuse an id to make the submit idempotent; generated (`<prefix>-<kind>-<hex>`) when absent. */
  jobId?: string;
  params: P;
}

const isAlreadyExists = (e: unknown) =>
  e instanceof JetStreamApiError &&
  (e.code === JetStreamApiCodes.StreamWrongLastSequence || e.code === JetStreamApiCodes.StreamWrongLastSequenceUnknown);

/** The client's jobs API: submit, look up, list. */
export class Jobs {
  constructor(
    private readonly ctx: JobContext,
    private readonly js: JetStreamClient,
    private readonly timeoutMs: number,
  ) {}

  /**
   * Submits `{jobId, params}` on `jobs.<prefix>.<kind>` (kind like `dl.perceptron-train`).
   * If the job id already has a state, returns a handle to that job without publishing
   * (idempotent resubmit; `handle.resubmitted` is true). Otherwise writes the queued state, then
   * publishes with Nats-Msg-Id = job id so JetStream drops a duplicate publish.
   */
  async submit<P extends object>(kind: string, body: SubmitBody<P>): Promise<JobHandle> {
    const k = parseJobKind(kind);
    if (body === null || typeof body !== 'object' || body.params === null || typeof body.params !== 'object' || Array.isArray(body.params)) {
      throw new ModelbusError('INVALID_ARGUMENT', 'params must be a JSON object');
    }
    const jobId = body.jobId ?? newJobId(k.prefix, k.kind);
    assertJobId(jobId);
    const kv = await this.ctx.kv();
    if (await readJobState(kv, jobId)) return new JobHandle(jobId, this.ctx, true);

    const now = new Date().toISOString();
    const initial: JobState = { jobId, service: k.service, kind: k.kind, status: 'queued', progress: 0, attempt: 0, submittedAt: now, updatedAt: now };
    let created = false;
    try {
      await kv.create(jobId, JSON.stringify(initial));
      created = true;
    } catch (e) {
      if (!isAlreadyExists(e)) throw e; // a concurrent submit of the same id won; publishing again is deduplicated
    }
    try {
      await this.js.publish(k.subject, JSON.stringify({ jobId, params: body.params }), { msgID: jobId, timeout: this.timeoutMs });
    } catch (e) {
      const notStored = !isTimeout(e); // after a timeout the message may be in the stream: keep its state
      if (created && notStored) await kv.delete(jobId).catch(() => undefined); // so a retry with the same id publishes
      throw publishError(e, k.subject, k.service, this.timeoutMs);
    }
    return new JobHandle(jobId, this.ctx);
  }

  /** A handle for an existing job id (nothing is checked until it is used). */
  job(jobId: string): JobHandle {
    assertJobId(jobId);
    return new JobHandle(jobId, this.ctx);
  }

  /** Every job state in the bucket, newest update first, optionally only one status or service. */
  async list(filter: { status?: JobStatus; service?: string } = {}): Promise<JobState[]> {
    const kv = await this.ctx.kv();
    const keys: string[] = [];
    for await (const key of await kv.keys()) keys.push(key);
    const states: JobState[] = [];
    for (let i = 0; i < keys.length; i += 64) {
      const batch = await Promise.all(keys.slice(i, i + 64).map((key) => readJobState(kv, key).catch(() => null)));
      for (const s of batch) {
        if (!s || (filter.status && s.status !== filter.status) || (filter.service && s.service !== filter.service)) continue;
        states.push(s);
      }
    }
    return states.sort((a, b) => (b.updatedAt ?? '').localeCompare(a.updatedAt ?? ''));
  }
}

function publishError(e: unknown, subject: string, service: string, timeoutMs: number): ModelbusError {
  if (e instanceof ModelbusError) return e;
  // With no stream on the subject the JetStream client reports "jetstream is not enabled" (a no-responders underneath).
  const name = e instanceof Error ? e.name + ' ' + e.constructor.name : '';
  if (isNoResponders(e) || /JetStreamNotEnabled/.test(name)) {
    return new ModelbusError('FAILED_PRECONDITION', `no stream takes ${subject}: is the ${service} service running? (it creates the stream on start)`);
  }
  if (isTimeout(e)) return new ModelbusError('DEADLINE_EXCEEDED', `no acknowledgement for ${subject} within ${timeoutMs} ms (the job may still have been queued)`);
  return new ModelbusError('INTERNAL', `publishing ${subject} failed: ${e instanceof Error ? e.message : String(e)}`);
}
