import { join } from 'node:path';
import { Module, type Type } from '@nestjs/common';
import { PlatformModule, type ServiceConfig } from '@modelbus/platform';
import { ArmaController } from './arma/arma.controller';

export function appModule(config: ServiceConfig): Type<unknown> {
  @Module({
    imports: [PlatformModule.forService({ config, workerFile: join(__dirname, 'workers/worker.js') })],
    controllers: [ArmaController],
  })
  class TimeseriesModule {}
  return TimeseriesModule;
}
