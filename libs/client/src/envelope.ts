import { isErrorCode, ModelbusError, type ErrorBody } from '@modelbus/contracts';

/**
 * Reads a reply envelope `{ok:true,data}` | `{ok:false,error}` and returns `data` or throws the
 * error as a ModelbusError with the service's code. A reply that is not an envelope is a protocol
 * violation (INTERNAL) — e.g. a Nest service answering with its own `{id, response}` wrapper.
 */
export function unwrapEnvelope<T>(subject: string, body: Uint8Array): T {
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder().decode(body));
  } catch {
    throw new ModelbusError('INTERNAL', `reply on ${subject} is not JSON (${body.length} bytes)`);
  }
  if (parsed !== null && typeof parsed === 'object' && 'ok' in parsed) {
    const env = parsed as { ok: unknown; data?: unknown; error?: unknown };
    if (env.ok === true) return env.data as T;
    if (env.ok === false) throw errorFromBody(subject, env.error);
  }
  throw new ModelbusError('INTERNAL', `reply on ${subject} is not a Modelbus envelope {ok, data|error}`, { reply: parsed });
}

function errorFromBody(subject: string, error: unknown): ModelbusError {
  if (error === null || typeof error !== 'object') return new ModelbusError('INTERNAL', `error reply on ${subject} has no error body`);
  const e = error as Partial<ErrorBody>;
  // An unknown code from a newer service still surfaces, as INTERNAL with the original in details.
  const code = isErrorCode(e.code) ? e.code : 'INTERNAL';
  const message = typeof e.message === 'string' ? e.message : `error reply on ${subject}`;
  const details = isErrorCode(e.code) ? e.details : { code: e.code, details: e.details };
  return new ModelbusError(code, message, details);
}
