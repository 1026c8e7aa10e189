import { LIMITS } from '@modelbus/contracts';
import { InvalidArgumentError } from '@modelbus/math-linalg';

/**
 * A result matrix may hold at most LIMITS.matrixElements elements, like a request matrix. Checked on
 * the shapes before computing: an outer product of two 30000-vectors is a ~120 KB request but a 7.2 GB
 * result, which would exhaust the worker's memory long before the reply is refused for its size.
 */
export function checkResultSize(field: string, rows: number, cols: number, what: string, remedy: string): void {
  const elements = rows * cols;
  if (elements > LIMITS.matrixElements) {
    throw new InvalidArgumentError(field, `would be ${rows}x${cols}${what} = ${elements} elements, more than the limit of ${LIMITS.matrixElements} per matrix: ${remedy}`);
  }
}
