/** Service names: queue group, subject prefix and JetStream stream suffix derive from these. */
export const SERVICES = {
  timeseries: { name: 'timeseries', prefix: 'ts' },
  recommendation: { name: 'recommendation', prefix: 'rec' },
  'deep-learning': { name: 'deep-learning', prefix: 'dl' },
  'linear-algebra': { name: 'linear-algebra', prefix: 'la' },
} as const;
export type ServiceName = keyof typeof SERVICES;
export type ServicePrefix = (typeof SERVICES)[ServiceName]['prefix'];

export function serviceByPrefix(prefix: string): ServiceName | undefined {
  return (Object.keys(SERVICES) as ServiceName[]).find((s) => SERVICES[s].prefix === prefix);
}

/**
 * Request/reply subjects of the first slice; later subjects sit with their DTOs
 * (TS_SUBJECTS in dto/ts-models.dto.ts, REC_MINING_SUBJECTS in dto/rec-mining.dto.ts, LA subjects in dto/la-factor.dto.ts).
 */
export const SUBJECTS = {
  laMatmul: 'la.matmul',
  tsArmaAcf: 'ts.arma.acf',
  dlPredict: 'dl.predict',
  recRules: 'rec.rules',
} as const;

/** Job kinds by service prefix; a job is submitted on `jobs.<prefix>.<kind>`. */
export const JOB_KINDS = {
  dl: ['perceptron-train'],
  rec: ['fpgrowth', 'rules'],
  ts: ['fit', 'fit-batch'],
  la: ['svd', 'pca'],
} as const satisfies Record<ServicePrefix, readonly string[]>;

export const jobSubject = (prefix: ServicePrefix, kind: string) => `jobs.${prefix}.${kind}`;
export const jobsStreamName = (prefix: ServicePrefix) => `MODELBUS_JOBS_${prefix.toUpperCase()}`;
export const jobsStreamSubjects = (prefix: ServicePrefix) => `jobs.${prefix}.>`;
/** Progress and state changes of one job, published by the replica running it. */
export const jobEventsSubject = (jobId: string) => `events.jobs.${jobId}`;
/** Request/reply: `{ jobId }` → the job's state after the cancel was taken in. */
export const jobCancelSubject = (prefix: ServicePrefix) => `ops.${prefix}.jobs.cancel`;
/** Broadcast to every replica of a service so that the one running the job aborts it. */
export const jobAbortSubject = (prefix: ServicePrefix, jobId: string) => `ops.${prefix}.jobs.abort.${jobId}`;

export const JOBS_STATE_BUCKET = 'MODELBUS_JOBS_STATE';
export const DATASETS_BUCKET = 'MODELBUS_DATASETS';
export const MODELS_BUCKET = 'MODELBUS_MODELS';

/** A job id is used as a KV key and a subject token: letters, digits, '-', '_' only. */
export const JOB_ID_PATTERN = /^[A-Za-z0-9_-]{1,128}$/;
/** Object names (datasets, models): no spaces or subject wildcards. */
export const OBJECT_NAME_PATTERN = /^[A-Za-z0-9_.-]{1,200}$/;
