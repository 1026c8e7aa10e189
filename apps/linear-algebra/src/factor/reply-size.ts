import { ModelbusError } from '@modelbus/contracts';

/** NATS' default max_payload; the server's actual value is used when the connection reports it. */
export const DEFAULT_MAX_PAYLOAD = 1024 * 1024;
/** Room for the envelope `{"ok":true,"data":…}` and headers. */
const ENVELOPE_BYTES = 1024;

/**
 * Throws RESOURCE_EXHAUSTED when the JSON of `reply` would not fit in one NATS message, instead of
 * letting the publish fail and the caller time out. Costs one JSON.stringify of the reply.
 */
export function assertReplyFits<T>(subject: string, reply: T, maxPayload = DEFAULT_MAX_PAYLOAD): T {
  const bytes = Buffer.byteLength(JSON.stringify(reply));
  if (bytes + ENVELOPE_BYTES > maxPayload) {
    throw new ModelbusError(
      'RESOURCE_EXHAUSTED',
      `${subject} reply would be ${bytes} bytes of JSON, more than the NATS max_payload of ${maxPayload} bytes; ` +
        'ask for fewer components (k), a smaller matrix, or use a job',
    );
  }
  return reply;
}
