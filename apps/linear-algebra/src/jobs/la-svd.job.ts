import { Injectable } from '@nestjs/common';
import { LA_JOB_KINDS, LaSvdJobParams } from '@modelbus/contracts';
import type { JobContext, JobDefinition, JobOutcome } from '@modelbus/platform';
import type { EncodedResult, SvdArgs } from '../workers/dataset-ops';
import { datasetArgs, storeLaResult } from './store-result';

/**
 * `jobs.la.svd`: SVD of a matrix dataset (binary, CSV or Matrix Market) in the worker pool; u, s and vt
 * are stored as binary objects under `la-svd-<jobId>.<part>` with a JSON manifest `la-svd-<jobId>`.
 */
@Injectable()
export class LaSvdJob implements JobDefinition<LaSvdJobParams> {
  readonly kind = LA_JOB_KINDS.svd;
  readonly params = LaSvdJobParams;

  async run(p: LaSvdJobParams, ctx: JobContext): Promise<JobOutcome> {
    const { args, transfer } = await datasetArgs(ctx, p);
    const svdArgs: SvdArgs = { ...args, k: p.k, method: p.method, oversample: p.oversample, powerIterations: p.powerIterations, seed: p.seed };
    const out = await ctx.pool.run<EncodedResult>('laSvd', svdArgs, {
      signal: ctx.signal, timeoutMs: ctx.timeoutMs, transfer, onProgress: (m) => ctx.progress(0.02 + 0.9 * m.progress, m.message),
    });
    return storeLaResult(ctx, 'svd', out);
  }
}
