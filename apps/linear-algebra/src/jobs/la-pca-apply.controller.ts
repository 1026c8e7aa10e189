import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  LA_PCA_APPLY_SUBJECTS, LA_RESULT_KINDS, LaPcaInverseTransformRequest, LaPcaTransformRequest, ModelbusError,
  type LaPcaInverseTransformReply, type LaPcaJobSummary, type LaPcaTransformReply, type LaResultManifest,
} from '@modelbus/contracts';
import { decodeMatrixBinary, type Matrix } from '@modelbus/math-linalg';
import { ObjectStoresService, WorkerPoolService } from '@modelbus/platform';
import { buffersOf, matrixFromDto, matrixToJson } from '../matrix-json';
import type { StoredPca } from '../workers/pca-apply-op';

/**
 * `la.pca.transform` / `la.pca.inverse-transform`: a stored jobs.la.pca result applied to new rows. The
 * parts it needs (components k×p, mean, scale, explained variance) are small; the product runs in the pool.
 */
@Controller()
export class LaPcaApplyController {
  constructor(
    private readonly stores: ObjectStoresService,
    private readonly pool: WorkerPoolService,
  ) {}

  @MessagePattern(LA_PCA_APPLY_SUBJECTS.transform)
  async transform(@Payload() req: LaPcaTransformRequest): Promise<LaPcaTransformReply> {
    const model = await this.load(req.result);
    const x = matrixFromDto(req.x);
    const { transformed } = await this.pool.run<{ transformed: Matrix }>('pcaTransform', { model, x }, { transfer: buffersOf(x) });
    return { transformed: matrixToJson(transformed) };
  }

  @MessagePattern(LA_PCA_APPLY_SUBJECTS.inverseTransform)
  async inverseTransform(@Payload() req: LaPcaInverseTransformRequest): Promise<LaPcaInverseTransformReply> {
    const model = await this.load(req.result);
    const scores = matrixFromDto(req.scores);
    const { x } = await this.pool.run<{ x: Matrix }>('pcaInverseTransform', { model, scores }, { transfer: buffersOf(scores) });
    return { x: matrixToJson(x) };
  }

  private async load(result: string): Promise<StoredPca> {
    const { value: manifest } = await this.stores.getJsonModel<LaResultManifest>(result);
    if (manifest.kind !== LA_RESULT_KINDS.pca) {
      throw new ModelbusError('FAILED_PRECONDITION', `"${result}" is not a jobs.la.pca result (kind ${String(manifest.kind)})`);
    }
    const summary = manifest.summary as LaPcaJobSummary;
    if (typeof summary.whiten !== 'boolean') {
      throw new ModelbusError('FAILED_PRECONDITION', `"${result}" does not record whether it was whitened (stored before the options were kept): run jobs.la.pca again`);
    }
    const part = async (name: string) => {
      const p = manifest.parts[name];
      return p ? decodeMatrixBinary((await this.stores.getModel(p.object, LA_RESULT_KINDS.part)).bytes, p.object) : undefined;
    };
    const [components, mean, scale, variance] = await Promise.all([part('components'), part('mean'), part('scale'), part('explainedVariance')]);
    if (!components || !mean || !variance) throw new ModelbusError('FAILED_PRECONDITION', `"${result}" lacks one of its parts components, mean, explainedVariance`);
    return { result, components, mean: mean.data, scale: scale?.data ?? null, explainedVariance: variance.data, whiten: summary.whiten };
  }
}
