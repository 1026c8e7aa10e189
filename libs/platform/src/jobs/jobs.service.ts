import { Inject, Injectable, Logger } from '@nestjs/common';
import { AckPolicy, DeliverPolicy, type Consumer, type JsMsg } from '@nats-io/jetstream';
import { nanos, type Msg, type Subscription } from '@nats-io/nats-core';
import {
  CancelJobRequest, JobSubmissionDto, ModelbusError, isTerminal, jobAbortSubject, jobCancelSubject, jobEventsSubject,
  jobSubject, jobsStreamName, validateBody, type ErrorBody, type JobEvent, type JobState, type JobStatus,
} from '@modelbus/contracts';
import type { ServiceConfig } from '../config/service-config';
import { Metrics } from '../metrics/metrics.service';
import { NatsService } from '../nats/nats.service';
import { WorkerPoolService } from '../pool/worker-pool.service';
import { ObjectStoresService } from '../stores/object-stores.service';
import { JOB_DEFINITIONS, SERVICE_CONFIG } from '../tokens';
import { toErrorBody } from '../worker/error-mapping';
import type { JobContext, JobDefinition, JobOutcome } from './job-definition';
import { JobStateStore } from './job-state.store';

/** Errors that another attempt cannot fix: the message is terminated at once. */
const PERMANENT: ReadonlySet<string> = new Set(['INVALID_ARGUMENT', 'NOT_FOUND', 'FAILED_PRECONDITION', 'DEADLINE_EXCEEDED', 'CANCELLED', 'RESOURCE_EXHAUSTED']);
const PULL_EXPIRES_MS = 2_000;

/** A busy pool is a passing condition (details.retryable), unlike a result that is too large. */
const isRetryable = (e: ErrorBody) => (e.details as { retryable?: boolean } | undefined)?.retryable === true;
const PROGRESS_INTERVAL_MS = 200;

interface RunningJob {
  controller: AbortController;
  kind: string;
  done: Promise<void>;
}

/**
 * Durable jobs on JetStream: one durable pull consumer per job kind on the service's work-queue
 * stream, pulling only while the pool has a free thread; state in KV; progress on
 * events.jobs.<id>; cancel via ops.<svc>.jobs.cancel; hand-back (nak) on shutdown.
 */
@Injectable()
export class JobsService {
  private readonly logger = new Logger('Jobs');
  private readonly running = new Map<string, RunningJob>();
  private readonly stop = new AbortController();
  private readonly loops: Promise<void>[] = [];
  private subs: Subscription[] = [];
  private states!: JobStateStore;
  private inFlight = 0;
  private readonly capacityWaiters = new Set<() => void>();

  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
    private readonly nats: NatsService,
    private readonly pool: WorkerPoolService,
    private readonly stores: ObjectStoresService,
    private readonly metrics: Metrics,
    @Inject(JOB_DEFINITIONS) private readonly definitions: JobDefinition[],
  ) {}

  get stateStore(): JobStateStore {
    return this.states;
  }

  inFlightJobs(): string[] {
    return [...this.running.keys()];
  }

  async start(): Promise<void> {
    this.states = new JobStateStore(this.nats.jobState);
    const { prefix, service } = this.config;
    const nc = this.nats.nc;
    this.subs.push(nc.subscribe(jobCancelSubject(prefix), { queue: service, callback: (err: Error | null, msg: Msg) => { if (!err) void this.onCancel(msg); } }));
    this.subs.push(nc.subscribe(jobAbortSubject(prefix, '*'), { callback: (err: Error | null, msg: Msg) => { if (!err) this.running.get(msg.subject.split('.').pop()!)?.controller.abort('cancel'); } }));
    for (const def of this.definitions) {
      const consumer = await this.ensureConsumer(def.kind);
      this.loops.push(this.pullLoop(def, consumer));
    }
    this.logger.log({ msg: 'consuming jobs', kinds: this.definitions.map((d) => d.kind) });
  }

  private async ensureConsumer(kind: string): Promise<Consumer> {
    const { prefix, jobsAckWaitMs, jobsMaxDeliver, jobsBackoffMs, workersMax } = this.config;
    const stream = jobsStreamName(prefix);
    const durable = `${prefix}-${kind}`;
    const config = {
      durable_name: durable,
      filter_subject: jobSubject(prefix, kind),
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      ack_wait: nanos(jobsAckWaitMs),
      max_deliver: jobsMaxDeliver,
      max_ack_pending: Math.max(workersMax * 16, 64),
      ...(jobsBackoffMs.length > 0 ? { backoff: jobsBackoffMs.map((ms) => nanos(ms)) } : {}),
    };
    try {
      const info = await this.nats.jsm.consumers.info(stream, durable);
      const c = info.config;
      if (c.ack_wait !== config.ack_wait || c.max_deliver !== config.max_deliver || JSON.stringify(c.backoff ?? []) !== JSON.stringify(config.backoff ?? [])) {
        await this.nats.jsm.consumers.update(stream, durable, { ack_wait: config.ack_wait, max_deliver: config.max_deliver, backoff: config.backoff, max_ack_pending: config.max_ack_pending });
      }
    } catch {
      await this.nats.jsm.consumers.add(stream, config).catch(async (err) => {
        await this.nats.jsm.consumers.info(stream, durable).catch(() => { throw err; });
      });
    }
    return this.nats.js.consumers.get(stream, durable);
  }

  /** Job slots: at most WORKERS_MAX jobs run at once on a replica, so pulls stop while it is busy. */
  private waitForCapacity(): Promise<void> {
    if (this.inFlight < this.config.workersMax || this.stop.signal.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const wake = () => { this.capacityWaiters.delete(wake); resolve(); };
      this.capacityWaiters.add(wake);
      this.stop.signal.addEventListener('abort', wake, { once: true });
    });
  }

  private releaseSlot() {
    this.inFlight--;
    for (const w of [...this.capacityWaiters]) w();
  }

  private async pullLoop(def: JobDefinition, consumer: Consumer): Promise<void> {
    while (!this.stop.signal.aborted) {
      await this.waitForCapacity();
      if (this.stop.signal.aborted) break;
      await this.pool.pool.whenFree(this.stop.signal);
      if (this.stop.signal.aborted) break;
      let msg: JsMsg | null;
      try {
        msg = await consumer.next({ expires: PULL_EXPIRES_MS });
      } catch (err) {
        if (this.stop.signal.aborted) break;
        this.logger.warn({ msg: 'pull failed; retrying', kind: def.kind, err: (err as Error).message });
        await sleep(1000, this.stop.signal);
        continue;
      }
      if (!msg) continue;
      if (this.stop.signal.aborted) {
        msg.nak(); // pulled while shutting down: hand it straight back
        break;
      }
      this.inFlight++;
      // handle() records every outcome itself; what escapes it is infrastructure trouble (NATS
      // unreachable mid-job): hand the message back rather than let it take the process down
      void this.handle(def, msg)
        .catch((err: Error) => {
          this.logger.error({ msg: 'job handling failed; handing it back', kind: def.kind, seq: msg.seq, err: err.message });
          try {
            msg.nak(5_000);
          } catch {
            // the connection is gone: JetStream redelivers after AckWait
          }
        })
        .finally(() => this.releaseSlot());
    }
  }

  private async handle(def: JobDefinition, msg: JsMsg): Promise<void> {
    const attempt = msg.info.deliveryCount;
    const { service, instanceId } = this.config;
    if (attempt > 1) this.metrics.jobRedeliveries.inc({ kind: def.kind });

    let body: unknown;
    try {
      body = msg.json();
    } catch {
      body = undefined;
    }
    const headerId = msg.headers?.get('Nats-Msg-Id');
    const bodyId = typeof (body as { jobId?: unknown })?.jobId === 'string' ? (body as { jobId: string }).jobId : undefined;
    const jobId = headerId || bodyId || `${this.config.prefix}-${def.kind}-${msg.seq}`;
    const base = (cur: JobState | null): JobState => cur ?? { jobId, service, kind: def.kind, status: 'queued', progress: 0, attempt: 0, updatedAt: '' };

    // Validate before anything runs; bad input is terminated at once and never retried.
    let params: object;
    try {
      if (body === undefined) throw new ModelbusError('INVALID_ARGUMENT', 'job message is not valid JSON');
      const submission = validateBody(JobSubmissionDto, body, 'job');
      params = validateBody(def.params, submission.params, `${def.kind} params`);
    } catch (err) {
      await this.finish(jobId, base, 'failed', { error: toErrorBody(err), attempt });
      msg.term(); // no reason text: nats-server < 2.10 ignores a '+TERM <reason>' ack (the message stays pending)
      this.metrics.jobs.inc({ kind: def.kind, outcome: 'INVALID_ARGUMENT' });
      return;
    }

    const current = await this.states.get(jobId);
    if (current && (current.state.status === 'cancelled' || current.state.status === 'succeeded')) {
      // cancelled while queued, or a duplicate delivery of a job that already finished
      msg.term();
      return;
    }

    const controller = new AbortController();
    const signal = AbortSignal.any([controller.signal, AbortSignal.timeout(this.config.jobTimeoutMs)]);
    let resolveDone!: () => void;
    this.running.set(jobId, { controller, kind: def.kind, done: new Promise((r) => (resolveDone = r)) });
    const heartbeat = setInterval(() => msg.working(), Math.max(500, Math.floor(this.config.jobsAckWaitMs / 3)));
    const started = performance.now();
    const startedState = await this.states.update(jobId, (cur) => ({
      ...base(cur), status: 'running', attempt, progress: 0, message: undefined, error: undefined,
      startedAt: new Date().toISOString(), worker: instanceId,
    }));
    this.publishEvent(jobId, startedState);
    if (startedState?.cancelRequested) controller.abort('cancel');

    let outcome = 'succeeded';
    const progress = this.progressReporter(jobId);
    try {
      const ctx: JobContext = {
        jobId, kind: def.kind, attempt, signal, pool: this.pool.pool, stores: this.stores,
        timeoutMs: this.config.jobTimeoutMs, progress: progress.report,
      };
      const result: JobOutcome = await def.run(params, ctx);
      progress.stop();
      if (controller.signal.aborted) throw new ModelbusError('CANCELLED', 'job was cancelled');
      await this.finish(jobId, base, 'succeeded', { ...result, progress: 1, attempt });
      await msg.ackAck().catch(() => msg.ack());
    } catch (err) {
      progress.stop();
      const reason = controller.signal.reason;
      const error: ErrorBody = toErrorBody(err);
      if (controller.signal.aborted && reason === 'shutdown') {
        outcome = 'handed-back';
        await this.states.update(jobId, (cur) => ({ ...base(cur), status: 'queued', progress: 0, message: 'handed back on shutdown' }));
        msg.nak();
      } else if (controller.signal.aborted && reason === 'cancel') {
        outcome = 'cancelled';
        await this.finish(jobId, base, 'cancelled', { error: { code: 'CANCELLED', message: 'cancelled on request' }, attempt });
        msg.term();
      } else if ((PERMANENT.has(error.code) && !isRetryable(error)) || attempt >= this.config.jobsMaxDeliver) {
        outcome = error.code;
        await this.finish(jobId, base, 'failed', { error, attempt });
        msg.term();
      } else {
        outcome = 'retry';
        this.logger.warn({ msg: 'job attempt failed; will retry', jobId, attempt, error });
        await this.states.update(jobId, (cur) => ({ ...base(cur), status: 'queued', error, message: `attempt ${attempt} failed; retrying` }));
        msg.nak(this.config.jobsBackoffMs[attempt - 1] ?? 1000 * 2 ** Math.min(attempt, 6));
      }
    } finally {
      clearInterval(heartbeat);
      this.running.delete(jobId);
      resolveDone();
      this.metrics.jobs.inc({ kind: def.kind, outcome });
      this.metrics.jobSeconds.observe({ kind: def.kind, outcome }, (performance.now() - started) / 1000);
    }
  }

  private async finish(jobId: string, base: (c: JobState | null) => JobState, status: JobStatus, fields: Partial<JobState>) {
    const state = await this.states.update(jobId, (cur) => ({
      ...base(cur), ...fields, status, message: undefined, finishedAt: new Date().toISOString(), cancelRequested: undefined,
      ...(status === 'succeeded' ? { error: undefined } : {}),
    }));
    this.publishEvent(jobId, state);
    this.logger.log({ msg: `job ${status}`, jobId, kind: state?.kind, error: state?.error });
  }

  /**
   * Throttled progress: KV and the event subject see at most one update per PROGRESS_INTERVAL_MS,
   * and the latest skipped one is sent when the interval ends (so the last step is not lost).
   * stop() cancels what is pending; it runs before the job's final state is published.
   */
  private progressReporter(jobId: string): { report: (fraction: number, message?: string) => void; stop: () => void } {
    let last = -Infinity;
    let timer: NodeJS.Timeout | undefined;
    let latest: { progress: number; message?: string } | undefined;
    let stopped = false;
    let writes: Promise<unknown> = Promise.resolve();
    const flush = () => {
      timer = undefined;
      if (!latest || stopped) return;
      const { progress, message } = latest;
      latest = undefined;
      last = performance.now();
      this.publish(jobEventsSubject(jobId), { jobId, status: 'running', progress, message, at: new Date().toISOString() } satisfies JobEvent);
      writes = writes.then(() => this.states.update(jobId, (cur) => (cur && cur.status === 'running' ? { ...cur, progress, message } : undefined))).catch(() => undefined);
    };
    return {
      report: (fraction, message) => {
        if (stopped) return;
        latest = { progress: Math.max(0, Math.min(1, fraction)), message };
        const wait = PROGRESS_INTERVAL_MS - (performance.now() - last);
        if (wait <= 0) flush();
        else timer ??= setTimeout(flush, wait);
      },
      stop: () => {
        stopped = true;
        if (timer) clearTimeout(timer);
      },
    };
  }

  private publishEvent(jobId: string, state: JobState | null) {
    if (!state) return;
    this.publish(jobEventsSubject(jobId), { jobId, status: state.status, progress: state.progress, message: state.message, at: new Date().toISOString(), state } satisfies JobEvent);
  }

  private publish(subject: string, value: unknown) {
    try {
      this.nats.nc.publish(subject, JSON.stringify(value));
    } catch {
      // events are best effort; the state in KV is the record
    }
  }

  private async onCancel(msg: { data: Uint8Array; respond(data: string): boolean }) {
    const reply = (v: unknown) => msg.respond(JSON.stringify(v));
    try {
      const req = validateBody(CancelJobRequest, JSON.parse(new TextDecoder().decode(msg.data) || '{}'), 'cancel request');
      let alreadyFinished: JobState | undefined;
      const state = await this.states.update(req.jobId, (cur) => {
        if (!cur) return undefined;
        if (isTerminal(cur.status)) {
          alreadyFinished = cur;
          return undefined;
        }
        if (cur.status === 'queued') return { ...cur, status: 'cancelled', finishedAt: new Date().toISOString(), error: { code: 'CANCELLED', message: 'cancelled on request before it ran' } };
        return { ...cur, cancelRequested: true };
      });
      if (!state) throw new ModelbusError('NOT_FOUND', `job "${req.jobId}" not found`);
      if (alreadyFinished) throw new ModelbusError('FAILED_PRECONDITION', `job "${req.jobId}" already ${alreadyFinished.status}`);
      if (state.status === 'running') this.publish(jobAbortSubject(this.config.prefix, req.jobId), {});
      else this.publishEvent(req.jobId, state);
      reply({ ok: true, data: state });
    } catch (err) {
      reply({ ok: false, error: toErrorBody(err instanceof SyntaxError ? new ModelbusError('INVALID_ARGUMENT', `cancel request is not valid JSON`) : err) });
    }
  }

  /**
   * Shutdown: stop pulling, let running jobs finish within `graceMs`, then abort the rest and hand
   * them back (nak) so another replica picks them up at once.
   */
  async drain(graceMs: number): Promise<void> {
    this.stop.abort();
    for (const s of this.subs) s.unsubscribe();
    this.subs = [];
    const all = () => Promise.all([...this.running.values()].map((r) => r.done));
    const finished = await Promise.race([all().then(() => true), sleep(graceMs).then(() => false)]);
    if (!finished) {
      for (const [jobId, r] of this.running) {
        this.logger.warn({ msg: 'handing job back on shutdown', jobId });
        r.controller.abort('shutdown');
      }
      await all();
    }
    await Promise.race([Promise.all(this.loops), sleep(PULL_EXPIRES_MS + 500)]);
  }
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => { clearTimeout(t); resolve(); }, { once: true });
  });
}
