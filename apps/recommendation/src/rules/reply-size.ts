import { ModelbusError } from '@modelbus/contracts';
import type { NatsService } from '@modelbus/platform';

// (timeseries and linear-algebra carry the same guard in their apps; the platform does not offer one)
const DEFAULT_MAX_PAYLOAD = 1024 * 1024;
/** Room for the envelope `{"ok":true,"data":…}` and headers. */
const ENVELOPE_BYTES = 1024;

/**
 * RESOURCE_EXHAUSTED when the JSON of `reply` would not fit in one NATS message (the server's
 * max_payload, 1 MiB by default), instead of a failed publish that leaves the caller to time out.
 */
export function assertReplyFits<T>(nats: NatsService, subject: string, reply: T): T {
  let max = DEFAULT_MAX_PAYLOAD;
  try {
    max = nats.nc.info?.max_payload ?? DEFAULT_MAX_PAYLOAD;
  } catch {
    // not connected yet: keep the default
  }
  const bytes = Buffer.byteLength(JSON.stringify(reply));
  if (bytes + ENVELOPE_BYTES > max) {
    throw new ModelbusError('RESOURCE_EXHAUSTED', `${subject} reply would be ${bytes} bytes of JSON, more than the NATS max_payload of ${max} bytes; ask for a smaller limit (page)`);
  }
  return reply;
}
