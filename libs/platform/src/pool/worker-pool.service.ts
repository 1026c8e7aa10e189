import { Inject, Injectable, Logger } from '@nestjs/common';
import type { ServiceConfig } from '../config/service-config';
import { Metrics } from '../metrics/metrics.service';
import { SERVICE_CONFIG, WORKER_FILE } from '../tokens';
import { WorkerPool } from './worker-pool';

/** The service's single Piscina pool as a Nest provider (one pool per process, never per request). */
@Injectable()
export class WorkerPoolService {
  readonly pool: WorkerPool;
  private readonly logger = new Logger('WorkerPool');

  constructor(@Inject(SERVICE_CONFIG) config: ServiceConfig, @Inject(WORKER_FILE) filename: string, metrics: Metrics) {
    // Every thread starts with the service, so each worker module's one-time set-up (WASM compile,
    // JIT warm-up) happens before the first request, not inside it.
    this.pool = new WorkerPool({ filename, minThreads: config.workersMax, maxThreads: config.workersMax, maxQueue: config.queueMax, taskTimeoutMs: config.taskTimeoutMs });
    this.pool.on('worker-error', (err: Error) => this.logger.error({ msg: 'worker thread failed', err: err.message }));
    metrics.watchPool(this.pool);
  }

  run<R>(...args: Parameters<WorkerPool['run']>): Promise<R> {
    return this.pool.run<R>(...args);
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}
