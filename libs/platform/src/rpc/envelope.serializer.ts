import type { Serializer } from '@nestjs/microservices';
import type { Envelope, ErrorBody } from '@modelbus/contracts';
import { toErrorBody } from '../worker/error-mapping';

/** Answers with the envelope alone: `{ ok: true, data }` or `{ ok: false, error }`. */
export class EnvelopeSerializer implements Serializer {
  serialize(packet: { response?: unknown; err?: unknown }): { data: string; headers?: undefined } {
    let envelope: Envelope<unknown>;
    if (packet && 'err' in packet && packet.err !== undefined) {
      envelope = { ok: false, error: asErrorBody(packet.err) };
    } else {
      envelope = { ok: true, data: packet?.response ?? null };
    }
    return { data: JSON.stringify(envelope) };
  }
}

function asErrorBody(err: unknown): ErrorBody {
  if (typeof err === 'string') return { code: 'INTERNAL', message: err };
  return toErrorBody(err);
}
