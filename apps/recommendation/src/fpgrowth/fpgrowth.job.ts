import { MessageChannel } from 'node:worker_threads';
import { Inject, Injectable } from '@nestjs/common';
import { FpGrowthJobParams, ModelbusError } from '@modelbus/contracts';
import { SERVICE_CONFIG, type JobContext, type JobDefinition, type JobOutcome, type RunOptions, type ServiceConfig } from '@modelbus/platform';
import type { MinedResult, MineParams, PreparedArgs, ShardArgs } from '../workers/mining-ops';
import type { Shard } from '@modelbus/math-recsys';
import { sendChunks } from './chunk-channel';

export const ITEMSETS_KIND = 'fpgrowth-itemsets';

/**
 * `jobs.rec.fpgrowth`: frequent itemsets (all, closed, maximal or top-k, with item constraints) of a FIMI,
 * CSV-basket or long-format dataset, stored as a result object in canonical listing order. Mining runs
 * over the worker pool when it has more than one thread: one shard task per thread, each claiming header
 * items from a shared counter, then a merge task (the result equals the single-threaded one exactly).
 */
@Injectable()
export class FpGrowthJob implements JobDefinition<FpGrowthJobParams> {
  readonly kind = 'fpgrowth';
  readonly params = FpGrowthJobParams;

  constructor(@Inject(SERVICE_CONFIG) private readonly config: ServiceConfig) {}

  async run(p: FpGrowthJobParams, ctx: JobContext): Promise<JobOutcome> {
    // the service's FPGROWTH_MAX_ITEMSETS (limits.ts), checked at start
    const ceiling = this.config.limits.FPGROWTH_MAX_ITEMSETS;
    if (p.maxItemsets !== undefined && p.maxItemsets > ceiling) {
      throw new ModelbusError('INVALID_ARGUMENT', `maxItemsets must be at most ${ceiling} (FPGROWTH_MAX_ITEMSETS of this service), got ${p.maxItemsets}`);
    }
    ctx.progress(0, `loading dataset ${p.dataset}`);
    const dataset = await ctx.stores.openDataset(p.dataset);
    const args: MineParams = {
      format: p.format, header: p.header, minSupport: p.minSupport, minCount: p.minCount, maxLength: p.maxLength,
      maxItemsets: p.maxItemsets ?? ceiling, mode: p.mode, k: p.k, mustContain: p.mustContain, mustNotContain: p.mustNotContain,
    };
    const threads = ctx.pool.options.maxThreads;
    const parallel = (p.parallel ?? threads > 1) && p.mode !== 'top-k';
    const { encoded, summary } = parallel ? await this.mineParallel(args, dataset, threads, ctx) : await this.mineSerial(args, dataset, ctx);
    const name = `itemsets-${ctx.jobId}`;
    await ctx.stores.putModel(name, encoded, { kind: ITEMSETS_KIND, jobId: ctx.jobId, format: 'binary', version: '2' });
    return { result: name, summary: { ...summary } };
  }

  private mineSerial(args: MineParams, dataset: AsyncIterable<Uint8Array>, ctx: JobContext): Promise<MinedResult> {
    return streamed<MinedResult>(ctx, 'fpGrowth', args, dataset, {
      signal: ctx.signal, timeoutMs: ctx.timeoutMs,
      onProgress: (m) => ctx.progress(m.progress, m.message),
    });
  }

  /**
   * Parse once (streamed, in one task) into SharedArrayBuffers, then `tasks` shards read the same memory (nothing is copied per
   * task), then merge. With a parallel=true job on a 1-thread pool this still runs, as 1 shard.
   * A failing shard (size limit, error) raises the shared stop flag: the others end at their next itemset
   * and return `stopped`, on their threads (not killed, so the pool keeps its warm threads). The job reports
   * only once every shard has ended, so no mining of a failed job goes on in the pool after it.
   */
  private async mineParallel(args: MineParams, dataset: AsyncIterable<Uint8Array>, tasks: number, ctx: JobContext): Promise<MinedResult> {
    const run = { signal: ctx.signal, timeoutMs: ctx.timeoutMs };
    const prepared = await streamed<PreparedArgs>(ctx, 'fpPrepare', args, dataset, run);
    ctx.progress(0.1, `parsed ${prepared.n} transactions; mining in ${tasks} tasks`);
    const claimCounter = new Int32Array(new SharedArrayBuffer(4));
    const sharedCount = new Int32Array(new SharedArrayBuffer(4));
    const stop = new Int32Array(new SharedArrayBuffer(4));
    let done = 0;
    let failure: { error: unknown } | null = null;
    // shards mine item codes only: the item names (a string dataset's dictionary) would be cloned into every task
    const shardArgs: ShardArgs = { ...prepared, names: null, claimCounter, sharedCount, stop };
    const settled = await Promise.allSettled(
      Array.from({ length: tasks }, () =>
        ctx.pool.run<Shard>('fpShard', shardArgs, run).then(
          (s) => {
            ctx.progress(0.1 + (0.75 * ++done) / tasks, `${done}/${tasks} mining tasks done`);
            return s;
          },
          (error: unknown) => {
            // a shard that died without raising the flag (e.g. its thread failed): stop the others here
            Atomics.store(stop, 0, 1);
            failure ??= { error };
            throw error;
          },
        ),
      ),
    );
    if (failure) throw (failure as { error: unknown }).error;
    const shards = settled.map((r) => (r as PromiseFulfilledResult<Shard>).value);
    if (shards.some((s) => s.stopped)) throw new ModelbusError('CANCELLED', 'mining was stopped before it finished');
    const transfer = shards.flatMap((s) => [s.itemsets.items, s.itemsets.offsets, s.itemsets.supports, s.groupRanks, s.groupStarts].map((a) => a.buffer as ArrayBuffer));
    ctx.progress(0.87, 'merging');
    const out = await ctx.pool.run<MinedResult>('fpMerge', { ...prepared, shards }, { ...run, transfer });
    return out;
  }
}

/**
 * Runs a parsing task that reads the dataset streamed over a MessagePort (chunk-channel): the service sends
 * chunks as the worker parses them, so neither side holds the text. A failure to read the dataset (store,
 * gzip, size limit) is the job's error rather than the worker's report of the stream ending.
 */
async function streamed<R>(ctx: JobContext, op: string, args: MineParams, dataset: AsyncIterable<Uint8Array>, opts: RunOptions): Promise<R> {
  const { port1, port2 } = new MessageChannel();
  const task = ctx.pool.run<R>(op, { ...args, port: port1 }, { ...opts, transfer: [port1] });
  const [ran, sent] = await Promise.allSettled([task.finally(() => port2.close()), sendChunks(dataset, port2)]);
  if (sent.status === 'rejected') throw sent.reason;
  if (ran.status === 'rejected') throw ran.reason;
  return ran.value;
}
