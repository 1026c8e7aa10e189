import type { JobStatus } from '@modelbus/client';
import { expectPositionals, stringFlag } from '../args';
import type { Command } from '../command';
import { EXIT, UsageError } from '../exit-codes';
import { describeState } from '../job-format';
import { percent, printJson, table } from '../output';
import { watchJob } from './watch';

const STATUSES: JobStatus[] = ['queued', 'running', 'succeeded', 'failed', 'cancelled'];

export const jobsLsCommand: Command = {
  words: ['jobs', 'ls'],
  usage: '[--status queued|running|succeeded|failed|cancelled] [--service name]',
  summary: 'list jobs, most recently updated first',
  flags: ['status', 'service'],
  async run(ctx) {
    expectPositionals(ctx.rest, [], 'jobs ls');
    const status = stringFlag(ctx.args, 'status');
    if (status !== undefined && !STATUSES.includes(status as JobStatus)) {
      throw new UsageError(`--status must be one of ${STATUSES.join(', ')}, got "${status}"`, 'jobs ls');
    }
    const states = await (await ctx.client()).jobs.list({ status: status as JobStatus | undefined, service: stringFlag(ctx.args, 'service') });
    if (ctx.json) printJson(ctx.io, states);
    else if (states.length === 0) ctx.io.err('no jobs\n');
    else {
      const rows = states.map((s) => [s.jobId, s.service, s.kind, s.status, percent(s.progress), s.updatedAt, s.error ? `${s.error.code}: ${s.error.message}` : (s.model ?? s.result ?? s.message ?? '')]);
      ctx.io.out(table(['JOB ID', 'SERVICE', 'KIND', 'STATUS', 'DONE', 'UPDATED', 'OUTCOME'], rows));
    }
    return EXIT.ok;
  },
};

export const jobsShowCommand: Command = {
  words: ['jobs', 'show'],
  usage: '<id>',
  summary: "print a job's state",
  flags: [],
  async run(ctx) {
    const [id] = expectPositionals(ctx.rest, ['id'], 'jobs show');
    const s = await (await ctx.client()).job(id).state();
    if (ctx.json) printJson(ctx.io, s);
    else ctx.io.out(describeState(s));
    return EXIT.ok;
  },
};

export const jobsWatchCommand: Command = {
  words: ['jobs', 'watch'],
  usage: '<id>',
  summary: 'follow a job until it ends (exit 4 if it failed or was cancelled)',
  flags: [],
  async run(ctx) {
    const [id] = expectPositionals(ctx.rest, ['id'], 'jobs watch');
    return watchJob(ctx, (await ctx.client()).job(id));
  },
};

export const jobsCancelCommand: Command = {
  words: ['jobs', 'cancel'],
  usage: '<id>',
  summary: 'cancel a queued or running job; prints the state the service reports',
  flags: [],
  async run(ctx) {
    const [id] = expectPositionals(ctx.rest, ['id'], 'jobs cancel');
    const s = await (await ctx.client()).job(id).cancel();
    // the cancel was taken in (a running job is aborted shortly after): that is success for this command
    if (ctx.json) printJson(ctx.io, s);
    else ctx.io.out(describeState(s));
    return EXIT.ok;
  },
};
