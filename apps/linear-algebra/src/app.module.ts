import { join } from 'node:path';
import { Module, type Type } from '@nestjs/common';
import { PlatformModule, type ServiceConfig } from '@modelbus/platform';
import { FactorController } from './factor/factor.controller';
import { MatmulController } from './matmul/matmul.controller';

export function appModule(config: ServiceConfig): Type<unknown> {
  @Module({
    imports: [PlatformModule.forService({ config, workerFile: join(__dirname, 'workers/worker.js') })],
    controllers: [MatmulController, FactorController],
  })
  class LinearAlgebraModule {}
  return LinearAlgebraModule;
}
