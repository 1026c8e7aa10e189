import type { ErrorBody } from './errors';

export type JobStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';
export const TERMINAL_STATUSES: readonly JobStatus[] = ['succeeded', 'failed', 'cancelled'];
export const isTerminal = (s: JobStatus) => TERMINAL_STATUSES.includes(s);

/** The value under the job id in the KV bucket MODELBUS_JOBS_STATE. Times are ISO-8601 strings. */
export interface JobState {
  jobId: string;
  service: string;
  kind: string;
  status: JobStatus;
  /** Fraction done in [0, 1]. */
  progress: number;
  /** Free text describing the last progress step ("epoch 3/10"). */
  message?: string;
  /** Delivery attempt that wrote this state (1 = first). */
  attempt: number;
  submittedAt?: string;
  startedAt?: string;
  finishedAt?: string;
  updatedAt: string;
  /** Replica that last ran the job. */
  worker?: string;
  /** Object name in MODELBUS_MODELS of the trained model (training jobs). */
  model?: string;
  /** Object name in MODELBUS_MODELS of a stored result (mining and batch jobs). */
  result?: string;
  /** Small summary of the outcome (counts, final loss, ...). */
  summary?: Record<string, unknown>;
  error?: ErrorBody;
  cancelRequested?: boolean;
}

/** Body of a job message on `jobs.<svc>.<kind>`. */
export interface JobSubmission<P = Record<string, unknown>> {
  jobId?: string;
  params: P;
}

/** Body published on `events.jobs.<id>`. */
export interface JobEvent {
  jobId: string;
  status: JobStatus;
  progress: number;
  message?: string;
  at: string;
  state?: JobState;
}

/** Metadata stored with every object in MODELBUS_MODELS. */
export interface ModelMeta {
  kind: string;
  service: string;
  version: string;
  /** sha256 of the stored bytes, hex. */
  digest: string;
  jobId?: string;
  createdAt: string;
  format: 'json' | 'binary';
}
