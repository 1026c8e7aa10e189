import { Injectable } from '@nestjs/common';
import { PerceptronTrainParams } from '@modelbus/contracts';
import type { PerceptronModel } from '@modelbus/math-nn';
import type { JobContext, JobDefinition, JobOutcome } from '@modelbus/platform';

export const PERCEPTRON_KIND = 'perceptron';

/** `jobs.dl.perceptron-train`: trains on a CSV dataset from MODELBUS_DATASETS, saves the model. */
@Injectable()
export class PerceptronTrainJob implements JobDefinition<PerceptronTrainParams> {
  readonly kind = 'perceptron-train';
  readonly params = PerceptronTrainParams;

  async run(p: PerceptronTrainParams, ctx: JobContext): Promise<JobOutcome> {
    ctx.progress(0, `loading dataset ${p.dataset}`);
    const csv = await ctx.stores.getDataset(p.dataset);
    const { model, rows, features } = await ctx.pool.run<{ model: PerceptronModel; rows: number; features: number }>(
      'perceptronTrain',
      { csv, labelColumn: p.labelColumn, epochs: p.epochs, learningRate: p.learningRate, seed: p.seed },
      { signal: ctx.signal, timeoutMs: ctx.timeoutMs, transfer: [csv.buffer as ArrayBuffer], onProgress: (m) => ctx.progress(m.progress * 0.99, m.message) },
    );
    const name = `model-${ctx.jobId}`;
    await ctx.stores.putJsonModel(name, model, { kind: PERCEPTRON_KIND, jobId: ctx.jobId });
    return {
      model: name,
      summary: { rows, features, epochs: model.epochs, converged: model.converged, trainAccuracy: model.trainAccuracy },
    };
  }
}
