import { Injectable } from '@nestjs/common';
import { LA_JOB_KINDS, LaPcaJobParams } from '@modelbus/contracts';
import type { JobContext, JobDefinition, JobOutcome } from '@modelbus/platform';
import type { EncodedResult, PcaArgs } from '../workers/dataset-ops';
import { datasetArgs, storeLaResult } from './store-result';

/**
 * `jobs.la.pca`: PCA of the rows of a matrix dataset in the worker pool; components, variances, mean
 * (and scale, scores if asked) are stored as binary objects under `la-pca-<jobId>.<part>` with a JSON
 * manifest `la-pca-<jobId>`.
 */
@Injectable()
export class LaPcaJob implements JobDefinition<LaPcaJobParams> {
  readonly kind = LA_JOB_KINDS.pca;
  readonly params = LaPcaJobParams;

  async run(p: LaPcaJobParams, ctx: JobContext): Promise<JobOutcome> {
    const { args, transfer } = await datasetArgs(ctx, p);
    const pcaArgs: PcaArgs = { ...args, k: p.k, center: p.center, scale: p.scale, whiten: p.whiten, transform: p.transform };
    const out = await ctx.pool.run<EncodedResult>('laPca', pcaArgs, {
      signal: ctx.signal, timeoutMs: ctx.timeoutMs, transfer, onProgress: (m) => ctx.progress(0.02 + 0.9 * m.progress, m.message),
    });
    return storeLaResult(ctx, 'pca', out);
  }
}
