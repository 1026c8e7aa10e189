import { Injectable } from '@nestjs/common';
import { FpGrowthParams, type FpGrowthSummary } from '@modelbus/contracts';
import type { JobContext, JobDefinition, JobOutcome } from '@modelbus/platform';

export const ITEMSETS_KIND = 'fpgrowth-itemsets';
/** Mining beyond this many itemsets stops with RESOURCE_EXHAUSTED instead of exhausting memory. */
export const MAX_ITEMSETS = Number(process.env.FPGROWTH_MAX_ITEMSETS ?? 20_000_000);

/** `jobs.rec.fpgrowth`: frequent itemsets of a FIMI dataset, stored as a result object. */
@Injectable()
export class FpGrowthJob implements JobDefinition<FpGrowthParams> {
  readonly kind = 'fpgrowth';
  readonly params = FpGrowthParams;

  async run(p: FpGrowthParams, ctx: JobContext): Promise<JobOutcome> {
    ctx.progress(0, `loading dataset ${p.dataset}`);
    const fimi = await ctx.stores.getDataset(p.dataset);
    const { encoded, summary } = await ctx.pool.run<{ encoded: Uint8Array; summary: FpGrowthSummary }>(
      'fpGrowth',
      { fimi, minSupport: p.minSupport, maxLength: p.maxLength, maxItemsets: MAX_ITEMSETS },
      { signal: ctx.signal, timeoutMs: ctx.timeoutMs, transfer: [fimi.buffer as ArrayBuffer], onProgress: (m) => ctx.progress(m.progress, m.message) },
    );
    const name = `itemsets-${ctx.jobId}`;
    await ctx.stores.putModel(name, encoded, { kind: ITEMSETS_KIND, jobId: ctx.jobId, format: 'binary' });
    return { result: name, summary: { ...summary } };
  }
}
