/** Process exit codes of the modelbus command (documented in --help). */
export const EXIT = {
  ok: 0,
  /** Unexpected failure inside the CLI itself. */
  internal: 1,
  usage: 2,
  /** A service answered with an error envelope (or no service answered). */
  remote: 3,
  /** The watched job ended failed or cancelled. */
  jobFailed: 4,
  /** No NATS server reachable. */
  noNats: 5,
} as const;

/** Bad command line: printed with a pointer to --help, exit 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
  constructor(message: string, readonly command?: string) {
    super(message);
  }
}
