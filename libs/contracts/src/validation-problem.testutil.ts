import { ModelbusError } from './errors';
import { validateBody } from './validate';

/** For tests: the ModelbusError validateBody throws for `body` (fails when the body is accepted). */
export function validationProblem(cls: new () => object, body: unknown): ModelbusError {
  try {
    validateBody(cls as never, body);
  } catch (e) {
    return e as ModelbusError;
  }
  throw new Error('expected a validation error');
}
