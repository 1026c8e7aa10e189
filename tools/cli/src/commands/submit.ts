import { expectPositionals, stringFlag } from '../args';
import type { Command } from '../command';
import { EXIT, UsageError } from '../exit-codes';
import { readJsonArg } from '../input';
import { describeState } from '../job-format';
import { printJson } from '../output';
import { watchJob } from './watch';

/**
 * The JSON is the job's params. `{ "params": {...}, "jobId"?: "..." }` (only those keys) is also
 * accepted, so a file written for `nats pub jobs.…` works unchanged.
 */
export function toSubmission(value: unknown, jobIdFlag: string | undefined): { jobId?: string; params: Record<string, unknown> } {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new UsageError('submit: params must be a JSON object', 'submit');
  const o = value as Record<string, unknown>;
  const keys = Object.keys(o);
  const isEnvelope = 'params' in o && keys.every((k) => k === 'params' || k === 'jobId');
  const params = (isEnvelope ? o['params'] : o) as Record<string, unknown>;
  if (params === null || typeof params !== 'object' || Array.isArray(params)) throw new UsageError('submit: params must be a JSON object', 'submit');
  const bodyId = isEnvelope && typeof o['jobId'] === 'string' ? o['jobId'] : undefined;
  if (jobIdFlag && bodyId && jobIdFlag !== bodyId) throw new UsageError(`submit: --job-id ${jobIdFlag} differs from jobId ${bodyId} in the JSON`, 'submit');
  const jobId = jobIdFlag ?? bodyId;
  return jobId ? { jobId, params } : { params };
}

export const submitCommand: Command = {
  words: ['submit'],
  usage: '<prefix.kind> <json|@file> [--job-id id] [--watch]',
  summary: 'submit a job (e.g. submit dl.perceptron-train @params.json --watch); prints its state',
  flags: ['job-id', 'watch'],
  async run(ctx) {
    const [kind, body] = expectPositionals(ctx.rest, ['prefix.kind', 'json|@file'], 'submit');
    const submission = toSubmission(readJsonArg(body, 'params'), stringFlag(ctx.args, 'job-id'));
    const handle = await (await ctx.client()).submit(kind, submission);
    if (handle.resubmitted) ctx.io.err(`job ${handle.jobId} was already submitted; not submitted again\n`);
    else if (!ctx.json) ctx.io.err(`submitted ${handle.jobId}\n`);
    if (ctx.args.flags.has('watch')) return watchJob(ctx, handle);
    const state = await handle.state();
    if (ctx.json) printJson(ctx.io, state);
    else ctx.io.out(describeState(state));
    return EXIT.ok;
  },
};
