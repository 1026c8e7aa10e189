import { randomBytes } from 'node:crypto';
import { JOB_ID_PATTERN, ModelbusError, SERVICES, serviceByPrefix, type ServiceName, type ServicePrefix } from '@modelbus/contracts';

export interface ParsedKind {
  prefix: ServicePrefix;
  /** Service name ("deep-learning"), as written into JobState.service. */
  service: ServiceName;
  /** Kind within the service ("perceptron-train"), as written into JobState.kind. */
  kind: string;
  /** `jobs.<prefix>.<kind>`. */
  subject: string;
}

const KIND_TOKEN = /^[A-Za-z0-9_-]{1,100}$/;

/** Splits `dl.perceptron-train` (a leading `jobs.` is accepted too) into prefix, service and kind. */
export function parseJobKind(qualified: string): ParsedKind {
  const bare = qualified.startsWith('jobs.') ? qualified.slice(5) : qualified;
  const dot = bare.indexOf('.');
  const prefix = dot > 0 ? bare.slice(0, dot) : '';
  const kind = dot > 0 ? bare.slice(dot + 1) : '';
  const service = serviceByPrefix(prefix);
  if (!service) {
    const known = Object.values(SERVICES).map((s) => s.prefix).join(', ');
    throw new ModelbusError('INVALID_ARGUMENT', `job kind "${qualified}" must be <prefix>.<kind> with prefix one of ${known} (e.g. dl.perceptron-train)`);
  }
  if (!KIND_TOKEN.test(kind)) {
    throw new ModelbusError('INVALID_ARGUMENT', `job kind "${kind}" must be 1-100 letters, digits, "-" or "_"`);
  }
  return { prefix: SERVICES[service].prefix, service, kind, subject: `jobs.${SERVICES[service].prefix}.${kind}` };
}

/** `<prefix>-<kind>-<16 hex>`: readable in listings, unique, and valid as a KV key and subject token. */
export function newJobId(prefix: string, kind: string): string {
  const id = `${prefix}-${kind}-${randomBytes(8).toString('hex')}`;
  return JOB_ID_PATTERN.test(id) ? id : `${prefix}-${randomBytes(8).toString('hex')}`;
}

export function assertJobId(jobId: string): void {
  if (!JOB_ID_PATTERN.test(jobId)) {
    throw new ModelbusError('INVALID_ARGUMENT', `jobId "${jobId}" must be 1-128 letters, digits, "-" or "_"`);
  }
}
