import { Injectable } from '@nestjs/common';
import { LA_JOB_KINDS, LaSvdJobParams } from '@modelbus/contracts';
import { LaDatasetJob } from './dataset-job';

/**
 * `jobs.la.svd`: SVD of a matrix dataset (binary, CSV or Matrix Market) in the worker pool; u, s and vt
 * are stored as binary objects under `la-svd-<jobId>.<part>` with a JSON manifest `la-svd-<jobId>`.
 */
@Injectable()
export class LaSvdJob extends LaDatasetJob<LaSvdJobParams> {
  readonly kind = LA_JOB_KINDS.svd;
  readonly params = LaSvdJobParams;
  protected readonly op = 'laSvd';

  protected options(p: LaSvdJobParams) {
    return { k: p.k, method: p.method, oversample: p.oversample, powerIterations: p.powerIterations, seed: p.seed };
  }
}
