/** Input limits for request/reply calls; larger work goes through jobs and datasets. */
export const LIMITS = {
  /** Elements of one matrix in a request (NATS' default max_payload of 1 MiB is usually hit first). */
  matrixElements: 1_000_000,
  /** Rows or columns of one matrix. */
  matrixDim: 100_000,
  /** AR or MA coefficients. */
  armaOrder: 100,
  /** Lags of a theoretical ACF. */
  acfLags: 10_000,
  /** Rows of inputs to one prediction call. */
  predictRows: 100_000,
  /** Rules returned by one call. */
  rules: 100_000,
  /** Training epochs. */
  epochs: 100_000,
} as const;
