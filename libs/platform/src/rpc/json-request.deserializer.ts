import { randomUUID } from 'node:crypto';
import type { ConsumerDeserializer, IncomingRequest } from '@nestjs/microservices';

/** Marks a body that was not valid JSON; the validation pipe turns it into INVALID_ARGUMENT. */
export class MalformedBody {
  constructor(readonly reason: string) {}
}

/**
 * Reads the bare JSON DTO any NATS client sends (no Nest `{pattern, id, data}` wrapper). A message
 * with a reply subject is a request and gets an id; one without is an event.
 */
export class JsonRequestDeserializer implements ConsumerDeserializer {
  deserialize(msg: { data?: Uint8Array; reply?: string }, options?: { channel?: string; replyTo?: string }): IncomingRequest {
    const pattern = options?.channel ?? '';
    const text = msg?.data && msg.data.length > 0 ? new TextDecoder().decode(msg.data) : '';
    let data: unknown;
    if (text.trim() === '') {
      data = {};
    } else {
      try {
        data = JSON.parse(text);
      } catch (err) {
        // Python's json.dumps and others write NaN/Infinity, which JSON has no words for: say so
        const hint = /(^|[\s,:[])-?(NaN|Infinity)\b/.test(text) ? ' (JSON has no NaN or Infinity: send finite numbers; a missing value, where a field allows it, is null)' : '';
        data = new MalformedBody(`request body is not valid JSON: ${(err as Error).message}${hint}`);
      }
    }
    const replyTo = options?.replyTo ?? msg?.reply;
    return { pattern, data, id: replyTo ? randomUUID() : (undefined as unknown as string) };
  }
}
