import { join } from 'node:path';
import { Module, type Type } from '@nestjs/common';
import { PlatformModule, type ServiceConfig } from '@modelbus/platform';
import { FactorController } from './factor/factor.controller';
import { LaPcaApplyController } from './jobs/la-pca-apply.controller';
import { LaPcaJob } from './jobs/la-pca.job';
import { LaResultController } from './jobs/la-result.controller';
import { LaSvdJob } from './jobs/la-svd.job';
import { MatmulController } from './matmul/matmul.controller';

export function appModule(config: ServiceConfig): Type<unknown> {
  @Module({
    imports: [PlatformModule.forService({ config, workerFile: join(__dirname, 'workers/worker.js'), jobs: [LaSvdJob, LaPcaJob] })],
    controllers: [MatmulController, FactorController, LaResultController, LaPcaApplyController],
  })
  class LinearAlgebraModule {}
  return LinearAlgebraModule;
}
