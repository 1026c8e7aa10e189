/**
 * Errors a math routine raises for its caller's input. They carry no framework types: the
 * service layer maps InvalidArgumentError → INVALID_ARGUMENT and FailedPreconditionError →
 * FAILED_PRECONDITION. Every math library (they all depend on linalg) uses these two.
 */
export class InvalidArgumentError extends Error {
  override readonly name = 'InvalidArgumentError';
  constructor(readonly field: string, reason: string) {
    super(`${field} ${reason}`);
  }
}

/** The input is well-formed but the operation cannot proceed (singular, not positive definite, ...). */
export class FailedPreconditionError extends Error {
  override readonly name = 'FailedPreconditionError';
  constructor(message: string) {
    super(message);
  }
}
