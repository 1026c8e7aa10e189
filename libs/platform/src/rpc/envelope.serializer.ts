import type { Serializer } from '@nestjs/microservices';
import type { Envelope, ErrorBody } from '@modelbus/contracts';
import { toErrorBody } from '../worker/error-mapping';

/** NATS' default max_payload; the real limit is read from the server when known. */
export const DEFAULT_MAX_PAYLOAD = 1024 * 1024;
/** Room left for headers and protocol framing. */
const HEADROOM = 1024;

/**
 * Answers with the envelope alone: `{ ok: true, data }` or `{ ok: false, error }`. A reply too big
 * for one NATS message becomes RESOURCE_EXHAUSTED here, for every subject, instead of a publish
 * error that would leave the caller waiting for its timeout.
 */
export class EnvelopeSerializer implements Serializer {
  constructor(private readonly maxPayload: () => number = () => DEFAULT_MAX_PAYLOAD) {}

  serialize(packet: { response?: unknown; err?: unknown }): { data: string; headers?: undefined } {
    let envelope: Envelope<unknown>;
    if (packet && 'err' in packet && packet.err !== undefined) {
      envelope = { ok: false, error: asErrorBody(packet.err) };
    } else {
      envelope = { ok: true, data: packet?.response ?? null };
    }
    const json = JSON.stringify(envelope);
    const limit = this.maxPayload() - HEADROOM;
    const bytes = Buffer.byteLength(json);
    if (bytes > limit) {
      const error: ErrorBody = {
        code: 'RESOURCE_EXHAUSTED',
        message: `the reply would be ${bytes} bytes, more than the ${limit + HEADROOM}-byte NATS max_payload: ask for less (a smaller k, limit, horizon or page) or run it as a job`,
      };
      return { data: JSON.stringify({ ok: false, error }) };
    }
    return { data: json };
  }
}

function asErrorBody(err: unknown): ErrorBody {
  if (typeof err === 'string') return { code: 'INTERNAL', message: err };
  return toErrorBody(err);
}
