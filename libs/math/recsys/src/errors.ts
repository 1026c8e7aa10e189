/**
 * The result would exceed a caller-set size limit (maxItemsets, ...). The service maps it to
 * RESOURCE_EXHAUSTED; `produced` says how far mining got before it stopped.
 */
export class ResultTooLargeError extends Error {
  override readonly name = 'ResultTooLargeError';
  constructor(
    readonly limit: number,
    readonly produced: number,
    what = 'itemsets',
  ) {
    super(`result too large: ${produced} ${what} produced so far, more than the limit of ${limit}`);
  }
}
