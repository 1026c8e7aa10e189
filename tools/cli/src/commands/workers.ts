import type { WorkerInfo } from '@modelbus/client';
import { expectPositionals, positiveIntFlag, stringFlag } from '../args';
import type { Command } from '../command';
import { EXIT } from '../exit-codes';
import { percent, printJson, table } from '../output';

export function workerRow(w: WorkerInfo): string[] {
  const p = w.pool;
  return [
    w.service,
    w.instance ?? '-',
    w.id,
    p ? `${p.threads}/${p.maxThreads}` : '-',
    p ? percent(p.utilization) : '-',
    p ? `${p.queueSize}/${p.maxQueue}` : '-',
    p ? String(p.completed) : '-',
    p ? String(p.failed) : '-',
    w.inFlightJobs.length ? w.inFlightJobs.join(',') : '-',
  ];
}

export const workersCommand: Command = {
  words: ['workers'],
  usage: '[--service name] [--wait ms]',
  summary: 'one line per service replica answering $SRV.STATS: threads, utilisation, queue, done, failed',
  flags: ['service', 'wait'],
  async run(ctx) {
    expectPositionals(ctx.rest, [], 'workers');
    const ws = await (await ctx.client()).workers({ service: stringFlag(ctx.args, 'service'), waitMs: positiveIntFlag(ctx.args, 'wait') });
    if (ctx.json) printJson(ctx.io, ws);
    else if (ws.length === 0) ctx.io.err('no service replicas answered $SRV.STATS\n');
    else ctx.io.out(table(['SERVICE', 'INSTANCE', 'ID', 'THREADS', 'UTIL', 'QUEUE', 'DONE', 'FAILED', 'IN-FLIGHT'], ws.map(workerRow)));
    return EXIT.ok;
  },
};
