import { join } from 'node:path';
import { Module, type Type } from '@nestjs/common';
import { PlatformModule, type ServiceConfig } from '@modelbus/platform';
import { ArmaController } from './arma/arma.controller';
import { FitBatchJob } from './batch/fit-batch.job';
import { TsFitJob } from './fit/ts-fit.job';
import { TsModelController } from './models/ts-model.controller';
import { QuickController } from './quick/quick.controller';

export function appModule(config: ServiceConfig): Type<unknown> {
  @Module({
    imports: [PlatformModule.forService({ config, workerFile: join(__dirname, 'workers/worker.js'), jobs: [TsFitJob, FitBatchJob] })],
    controllers: [ArmaController, QuickController, TsModelController],
  })
  class TimeseriesModule {}
  return TimeseriesModule;
}
