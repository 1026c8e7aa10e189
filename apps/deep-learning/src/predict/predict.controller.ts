import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { ModelbusError, PredictRequest, SUBJECTS, type PredictReply } from '@modelbus/contracts';
import type { PerceptronModel } from '@modelbus/math-nn';
import { ObjectStoresService, WorkerPoolService } from '@modelbus/platform';
import { PERCEPTRON_KIND } from '../perceptron/perceptron-train.job';

@Controller()
export class PredictController {
  constructor(
    private readonly pool: WorkerPoolService,
    private readonly stores: ObjectStoresService,
  ) {}

  /** Predictions of a stored model for rows of features (training column order, label left out). */
  @MessagePattern(SUBJECTS.dlPredict)
  async predict(@Payload() req: PredictRequest): Promise<PredictReply> {
    const { value: model, meta } = await this.stores.getJsonModel<PerceptronModel>(req.model);
    if (meta.kind !== PERCEPTRON_KIND) throw new ModelbusError('FAILED_PRECONDITION', `model "${req.model}" is a ${meta.kind} and cannot be used by dl.predict yet`);
    const cols = req.inputs[0].length;
    if (cols !== model.weights.length) {
      throw new ModelbusError('INVALID_ARGUMENT', `inputs rows have ${cols} values but model "${req.model}" takes ${model.weights.length} features (${model.featureNames.join(', ')})`);
    }
    const data = new Float64Array(req.inputs.length * cols);
    req.inputs.forEach((row, i) => data.set(row, i * cols));
    const { predictions } = await this.pool.run<{ predictions: Float64Array }>('perceptronPredict', { model, inputs: { rows: req.inputs.length, cols, data } }, { transfer: [data.buffer] });
    return { predictions: Array.from(predictions) };
  }
}
