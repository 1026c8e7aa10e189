import { join } from 'node:path';
import { Module, type Type } from '@nestjs/common';
import { PlatformModule, type ServiceConfig } from '@modelbus/platform';
import { FpGrowthJob } from './fpgrowth/fpgrowth.job';
import { ItemsetsController } from './rules/itemsets.controller';
import { RulesController } from './rules/rules.controller';
import { RulesJob } from './rules-job/rules.job';

export function appModule(config: ServiceConfig): Type<unknown> {
  @Module({
    imports: [PlatformModule.forService({ config, workerFile: join(__dirname, 'workers/worker.js'), jobs: [FpGrowthJob, RulesJob] })],
    controllers: [RulesController, ItemsetsController],
  })
  class RecommendationModule {}
  return RecommendationModule;
}
