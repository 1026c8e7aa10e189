/** Error codes every Modelbus reply uses (DESIGN.md "Two ways in"). */
export const ERROR_CODES = [
  'INVALID_ARGUMENT',
  'NOT_FOUND',
  'FAILED_PRECONDITION',
  'RESOURCE_EXHAUSTED',
  'DEADLINE_EXCEEDED',
  'CANCELLED',
  'INTERNAL',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ErrorBody {
  code: ErrorCode;
  message: string;
  details?: unknown;
}

/** The reply to every request: `{ ok: true, data }` or `{ ok: false, error }`. */
export type Envelope<T> = { ok: true; data: T } | { ok: false; error: ErrorBody };

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value);
}

/** An error that carries its code across layers (service handlers, job runner, client). */
export class ModelbusError extends Error {
  override readonly name = 'ModelbusError';
  constructor(readonly code: ErrorCode, message: string, readonly details?: unknown) {
    super(message);
  }
  toBody(): ErrorBody {
    return this.details === undefined ? { code: this.code, message: this.message } : { code: this.code, message: this.message, details: this.details };
  }
}
