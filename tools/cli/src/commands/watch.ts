import type { JobHandle, JobState } from '@modelbus/client';
import { clientModule } from '../client-module';
import type { CommandContext } from '../command';
import { EXIT } from '../exit-codes';
import { describeState, eventLine, progressBar } from '../job-format';
import { printJson } from '../output';

const stateIn = (details: unknown): JobState | undefined =>
  details !== null && typeof details === 'object' && 'state' in details ? (details as { state: JobState }).state : undefined;

/**
 * Follows a job to its end: a live bar on a terminal stderr, else one line per event; then prints
 * the final state on stdout. Exit 0 when it succeeded, 4 when it failed or was cancelled.
 */
export async function watchJob(ctx: CommandContext, handle: JobHandle): Promise<number> {
  const tty = ctx.io.errIsTTY;
  let drewBar = false;
  let final: JobState;
  try {
    final = await handle.result({
      onEvent: (e) => {
        drewBar ||= tty;
        ctx.io.err(tty ? progressBar(e) : eventLine(e));
      },
    });
  } catch (e) {
    const s = e instanceof clientModule().ModelbusError ? stateIn(e.details) : undefined;
    if (!s) throw e;
    final = s; // failed or cancelled: result() put the final state in the error
  } finally {
    if (drewBar) ctx.io.err('\n');
  }
  return printFinal(ctx, final);
}

/** Prints a job state; for a failed or cancelled job also `CODE: message` on stderr, exit 4. */
export function printFinal(ctx: CommandContext, s: JobState): number {
  if (ctx.json) printJson(ctx.io, s);
  else ctx.io.out(describeState(s));
  if (s.status === 'failed' || s.status === 'cancelled') {
    const code = s.error?.code ?? (s.status === 'cancelled' ? 'CANCELLED' : 'INTERNAL');
    ctx.io.err(`${code}: ${s.error?.message ?? `job ${s.jobId} ${s.status}`}\n`);
    return EXIT.jobFailed;
  }
  return EXIT.ok;
}
