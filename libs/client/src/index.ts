export { ModelbusClient, DEFAULT_NATS_URL, type ConnectOptions } from './client';
export { JobHandle, throwIfUnsuccessful } from './job-handle';
export { Jobs, type SubmitBody } from './jobs';
export { parseJobKind, newJobId, type ParsedKind } from './job-kind';
export { Datasets, type ObjectSummary } from './datasets';
export { Models, type ModelSummary } from './models';
export { type WorkerInfo, type PoolStats } from './workers';
export { NatsUnavailableError } from './nats-errors';
export { unwrapEnvelope } from './envelope';
export type { SubjectMap, KnownSubject } from './subject-map';
// re-exported so callers need one import for the error type and job types
export { ModelbusError, isTerminal, type JobState, type JobEvent, type JobStatus, type ModelMeta, type ErrorCode } from '@modelbus/contracts';
