import { Global, Module, type DynamicModule, type Type } from '@nestjs/common';
import { APP_FILTER, APP_INTERCEPTOR, APP_PIPE } from '@nestjs/core';
import type { ServiceConfig } from './config/service-config';
import { OpsController } from './health/ops.controller';
import type { JobDefinition } from './jobs/job-definition';
import { JobsService } from './jobs/jobs.service';
import { Metrics } from './metrics/metrics.service';
import { NatsService } from './nats/nats.service';
import { WorkerPoolService } from './pool/worker-pool.service';
import { DtoValidationPipe } from './rpc/dto-validation.pipe';
import { RequestMetricsInterceptor } from './rpc/request-metrics.interceptor';
import { RpcErrorFilter } from './rpc/rpc-error.filter';
import { ObjectStoresService } from './stores/object-stores.service';
import { JOB_DEFINITIONS, SERVICE_CONFIG, WORKER_FILE } from './tokens';

export interface PlatformOptions {
  config: ServiceConfig;
  /** Absolute path of the compiled worker entry. */
  workerFile: string;
  /** Job kinds this service consumes; Nest providers so they can inject what they need. */
  jobs?: Type<JobDefinition>[];
}

/**
 * Everything a service shares with the others: NATS connection and buckets, worker pool, jobs,
 * object stores, metrics, health, and the request pipeline (DTO validation, error envelope).
 */
@Global()
@Module({})
export class PlatformModule {
  static forService(options: PlatformOptions): DynamicModule {
    const jobs = options.jobs ?? [];
    return {
      module: PlatformModule,
      controllers: [OpsController],
      providers: [
        { provide: SERVICE_CONFIG, useValue: options.config },
        { provide: WORKER_FILE, useValue: options.workerFile },
        { provide: Metrics, useValue: new Metrics(options.config.service) },
        NatsService,
        WorkerPoolService,
        ObjectStoresService,
        ...jobs,
        { provide: JOB_DEFINITIONS, useFactory: (...defs: JobDefinition[]) => defs, inject: jobs },
        JobsService,
        { provide: APP_PIPE, useClass: DtoValidationPipe },
        { provide: APP_FILTER, useClass: RpcErrorFilter },
        { provide: APP_INTERCEPTOR, useClass: RequestMetricsInterceptor },
      ],
      exports: [SERVICE_CONFIG, Metrics, NatsService, WorkerPoolService, ObjectStoresService, JobsService],
    };
  }
}
