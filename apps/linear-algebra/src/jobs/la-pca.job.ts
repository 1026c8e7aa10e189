import { Injectable } from '@nestjs/common';
import { LA_JOB_KINDS, LaPcaJobParams } from '@modelbus/contracts';
import { LaDatasetJob } from './dataset-job';

/**
 * `jobs.la.pca`: PCA of the rows of a matrix dataset in the worker pool; components, variances, mean
 * (and scale, scores if asked) are stored as binary objects under `la-pca-<jobId>.<part>` with a JSON
 * manifest `la-pca-<jobId>`.
 */
@Injectable()
export class LaPcaJob extends LaDatasetJob<LaPcaJobParams> {
  readonly kind = LA_JOB_KINDS.pca;
  readonly params = LaPcaJobParams;
  protected readonly op = 'laPca';

  protected options(p: LaPcaJobParams) {
    return { k: p.k, center: p.center, scale: p.scale, whiten: p.whiten, transform: p.transform };
  }
}
