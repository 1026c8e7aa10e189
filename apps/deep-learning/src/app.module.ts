import { join } from 'node:path';
import { Module, type Type } from '@nestjs/common';
import { PlatformModule, type ServiceConfig } from '@modelbus/platform';
import { PerceptronTrainJob } from './perceptron/perceptron-train.job';
import { PredictController } from './predict/predict.controller';

export function appModule(config: ServiceConfig): Type<unknown> {
  @Module({
    imports: [PlatformModule.forService({ config, workerFile: join(__dirname, 'workers/worker.js'), jobs: [PerceptronTrainJob] })],
    controllers: [PredictController],
  })
  class DeepLearningModule {}
  return DeepLearningModule;
}
