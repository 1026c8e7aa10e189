import type { ClassConstructor } from 'class-transformer';
import type { ObjectStoresService } from '../stores/object-stores.service';
import type { WorkerPool } from '../pool/worker-pool';

/** What a job handler gets while it runs. */
export interface JobContext {
  jobId: string;
  kind: string;
  /** 1 on the first delivery, 2 after a redelivery, ... */
  attempt: number;
  /** Aborted on cancel, on shutdown hand-back, or when the job runs past JOB_TIMEOUT_MS. */
  signal: AbortSignal;
  /** Reports progress in [0, 1]: written to the job state and published on events.jobs.<id>. */
  progress(fraction: number, message?: string): void;
  pool: WorkerPool;
  stores: ObjectStoresService;
  /** Time budget for pool tasks of this job. */
  timeoutMs: number;
}

/** What a finished job leaves in its state. */
export interface JobOutcome {
  model?: string;
  result?: string;
  summary?: Record<string, unknown>;
}

/** One job kind of a service: its params DTO and how to run it. */
export interface JobDefinition<P extends object = object> {
  kind: string;
  params: ClassConstructor<P>;
  run(params: P, ctx: JobContext): Promise<JobOutcome>;
}
