import { isErrorCode, type ErrorBody } from '@modelbus/contracts';

/**
 * Maps an error raised by math code to a reply error. Math libraries know nothing of the
 * platform, so the mapping goes by the error's class name: InvalidArgumentError and
 * FailedPreconditionError from @modelbus/math-linalg, ResultTooLargeError from the miners.
 */
export function toErrorBody(err: unknown): ErrorBody {
  const e = err as { name?: string; message?: string; code?: unknown; details?: unknown };
  const message = typeof e?.message === 'string' ? e.message : String(err);
  if (e && isErrorCode(e.code)) return { code: e.code, message, ...(e.details === undefined ? {} : { details: e.details }) };
  switch (e?.name) {
    case 'InvalidArgumentError':
    case 'RangeError':
      return { code: 'INVALID_ARGUMENT', message };
    case 'FailedPreconditionError':
      return { code: 'FAILED_PRECONDITION', message };
    case 'ResultTooLargeError':
      return { code: 'RESOURCE_EXHAUSTED', message };
    case 'AbortError':
      return { code: 'CANCELLED', message };
    default:
      return { code: 'INTERNAL', message: `internal error: ${message}` };
  }
}
