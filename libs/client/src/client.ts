import { DATASETS_BUCKET, MODELS_BUCKET, ModelbusError, serviceByPrefix } from '@modelbus/contracts';
import { jetstream, type JetStreamClient } from '@nats-io/jetstream';
import type { KV } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/nats-core';
import { connect } from '@nats-io/transport-node';
import { Datasets } from './datasets';
import { unwrapEnvelope } from './envelope';
import { JobHandle, type JobContext } from './job-handle';
import { Jobs, type SubmitBody } from './jobs';
import { Models } from './models';
import { mapRequestError, NatsUnavailableError } from './nats-errors';
import { lazy, openJobsState, openObjectStore } from './stores';
import type { KnownSubject, SubjectMap } from './subject-map';
import { collectWorkers, type WorkerInfo } from './workers';

export const DEFAULT_NATS_URL = 'nats://127.0.0.1:4222';

export interface ConnectOptions {
  /** NATS URL(s), comma-separated; default `$NATS_URL` or nats://127.0.0.1:4222. */
  servers?: string;
  /** Default timeout of requests and publish acks, ms (default 10 000). */
  timeoutMs?: number;
  /** Connection name shown by NATS monitoring. */
  name?: string;
  /** Fallback KV poll period while watching a job, ms (default 1000). */
  pollMs?: number;
}

/**
 * Typed client for Modelbus services over NATS: request/reply calls, durable jobs, datasets,
 * models and worker stats. One connection; close() when done.
 */
export class ModelbusClient {
  readonly jobs: Jobs;
  readonly datasets: Datasets;
  readonly models: Models;
  readonly js: JetStreamClient;
  private readonly kv: () => Promise<KV>;

  private constructor(
    readonly nc: NatsConnection,
    readonly timeoutMs: number,
    private readonly ownsConnection: boolean,
    pollMs: number,
  ) {
    this.js = jetstream(nc, { timeout: timeoutMs });
    this.kv = lazy(() => openJobsState(this.js));
    const ctx: JobContext = { nc, kv: this.kv, request: (s, b, t) => this.call(s, b, { timeoutMs: t }), pollMs };
    this.jobs = new Jobs(ctx, this.js, timeoutMs);
    this.datasets = new Datasets(lazy(() => openObjectStore(this.js, DATASETS_BUCKET)));
    this.models = new Models(lazy(() => openObjectStore(this.js, MODELS_BUCKET)));
  }

  /** Connects to NATS; throws NatsUnavailableError (FAILED_PRECONDITION) when no server answers. */
  static async connect(opts: ConnectOptions = {}): Promise<ModelbusClient> {
    const servers = opts.servers ?? process.env['NATS_URL'] ?? DEFAULT_NATS_URL;
    let nc: NatsConnection;
    try {
      nc = await connect({ servers: servers.split(',').map((s) => s.trim()), name: opts.name ?? 'modelbus-client', timeout: 5000 });
    } catch (e) {
      throw new NatsUnavailableError(servers, e);
    }
    return new ModelbusClient(nc, opts.timeoutMs ?? 10_000, true, opts.pollMs ?? 1000);
  }

  /** Wraps an existing connection (a service calling another); close() then leaves it open. */
  static fromConnection(nc: NatsConnection, opts: Omit<ConnectOptions, 'servers' | 'name'> = {}): ModelbusClient {
    return new ModelbusClient(nc, opts.timeoutMs ?? 10_000, false, opts.pollMs ?? 1000);
  }

  /**
   * Request/reply: publishes the bare JSON request on `subject` and returns the reply envelope's
   * `data`. Throws ModelbusError with the service's code on an error envelope,
   * FAILED_PRECONDITION when no service listens, DEADLINE_EXCEEDED on timeout.
   */
  call<S extends KnownSubject>(subject: S, request: SubjectMap[S]['request'], opts?: { timeoutMs?: number }): Promise<SubjectMap[S]['reply']>;
  call<T = unknown>(subject: string, request: unknown, opts?: { timeoutMs?: number }): Promise<T>;
  async call<T>(subject: string, request: unknown, opts: { timeoutMs?: number } = {}): Promise<T> {
    const timeout = opts.timeoutMs ?? this.timeoutMs;
    let reply;
    try {
      reply = await this.nc.request(subject, JSON.stringify(request), { timeout });
    } catch (e) {
      throw mapRequestError(e, subject, timeout, serviceByPrefix(subject.split('.')[0]));
    }
    return unwrapEnvelope<T>(subject, reply.data);
  }

  /** Submits a job; see Jobs.submit. */
  submit<P extends object>(kind: string, body: SubmitBody<P>): Promise<JobHandle> {
    return this.jobs.submit(kind, body);
  }

  /** A handle for an existing job id. */
  job(jobId: string): JobHandle {
    return this.jobs.job(jobId);
  }

  /** Replicas answering `$SRV.STATS` (optionally one service) within `waitMs` (default 500). */
  workers(opts: { service?: string; waitMs?: number } = {}): Promise<WorkerInfo[]> {
    return collectWorkers(this.nc, opts);
  }

  /** Drains and closes the connection (unless it was passed to fromConnection). */
  async close(): Promise<void> {
    if (!this.ownsConnection || this.nc.isClosed()) return;
    try {
      await this.nc.drain();
    } catch (e) {
      if (!this.nc.isClosed()) throw e instanceof ModelbusError ? e : new ModelbusError('INTERNAL', `closing NATS: ${String(e)}`);
    }
  }
}
