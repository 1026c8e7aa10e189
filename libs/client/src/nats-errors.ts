import { ModelbusError } from '@modelbus/contracts';
import { NoRespondersError, RequestError, TimeoutError } from '@nats-io/nats-core';

/**
 * Raised when the NATS server cannot be reached at all. A distinct class (still a ModelbusError with
 * FAILED_PRECONDITION) so callers such as the CLI can tell "no NATS" from "a service said no".
 */
export class NatsUnavailableError extends ModelbusError {
  constructor(readonly servers: string, cause: unknown) {
    super('FAILED_PRECONDITION', `cannot connect to NATS at ${servers}: ${causeText(cause)}`);
  }
}

function causeText(e: unknown): string {
  if (e instanceof Error) {
    const code = (e as { code?: unknown }).code;
    return typeof code === 'string' && !e.message.includes(code) ? `${e.message} (${code})` : e.message;
  }
  return String(e);
}

/** Service that answers a subject prefix, for error messages ("is the linear-algebra service running?"). */
export function serviceHint(subject: string, serviceName?: string): string {
  return serviceName ? `the ${serviceName} service` : `the service for ${subject.split('.')[0]}`;
}

/** True for the NATS "no responders" error, bare or wrapped in a RequestError. */
export function isNoResponders(e: unknown): boolean {
  if (e instanceof NoRespondersError) return true;
  if (e instanceof RequestError) return e.isNoResponders();
  return e instanceof Error && e.cause instanceof NoRespondersError;
}

export function isTimeout(e: unknown): boolean {
  return e instanceof TimeoutError || (e instanceof Error && e.cause instanceof TimeoutError);
}

/**
 * Maps an error thrown by a NATS request into a ModelbusError: no responders → FAILED_PRECONDITION
 * naming the service, timeout → DEADLINE_EXCEEDED; ModelbusErrors pass through; anything else → INTERNAL.
 */
export function mapRequestError(e: unknown, subject: string, timeoutMs: number, serviceName?: string): ModelbusError {
  if (e instanceof ModelbusError) return e;
  if (isNoResponders(e)) {
    return new ModelbusError('FAILED_PRECONDITION', `no service answers ${subject}: is ${serviceHint(subject, serviceName)} running?`);
  }
  if (isTimeout(e)) return new ModelbusError('DEADLINE_EXCEEDED', `no reply on ${subject} within ${timeoutMs} ms`);
  return new ModelbusError('INTERNAL', `request on ${subject} failed: ${causeText(e)}`);
}
