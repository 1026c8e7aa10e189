import 'reflect-metadata';
import { Logger, type INestApplication, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Transport, type MicroserviceOptions } from '@nestjs/microservices';
import type { ServiceName } from '@modelbus/contracts';
import { ConfigError, loadServiceConfig, type LimitSpec, type ServiceConfig } from './config/service-config';
import { registerDiscovery } from './discovery/service-discovery';
import { JobsService } from './jobs/jobs.service';
import { JsonLogger } from './logging/json-logger';
import { NatsService } from './nats/nats.service';
import { WorkerPoolService } from './pool/worker-pool.service';
import { DEFAULT_MAX_PAYLOAD, EnvelopeSerializer } from './rpc/envelope.serializer';
import { JsonRequestDeserializer } from './rpc/json-request.deserializer';

export interface RunningService {
  app: INestApplication;
  config: ServiceConfig;
  /** The HTTP port actually bound (HTTP_PORT=0 picks a free one). */
  httpPort: number;
  /** Graceful stop: no new work, running work finishes or is handed back, NATS drained. */
  shutdown(reason?: string): Promise<void>;
}

export const VERSION = '0.1.0';

/**
 * Starts a service: config from env (a clear message and exit code 1 when invalid), JSON logs,
 * NATS request/reply in the service's queue group with plain-JSON bodies and envelope replies,
 * JetStream jobs, `$SRV` discovery, and HTTP health/metrics. SIGTERM/SIGINT shut it down in order.
 */
export async function bootstrapService(service: ServiceName, makeModule: (config: ServiceConfig) => Type<unknown>, opts: { handleSignals?: boolean; limits?: Record<string, LimitSpec> } = {}): Promise<RunningService> {
  let config: ServiceConfig;
  try {
    config = loadServiceConfig(service, process.env, opts.limits);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
  const logger = new JsonLogger(service, config.instanceId, config.logLevel);
  const app = await NestFactory.create(makeModule(config), { logger, bufferLogs: false });
  // the service's own connection and buckets first: handlers and jobs need them
  const nats = app.get(NatsService);
  await nats.connect();
  const microservice = app.connectMicroservice<MicroserviceOptions>(
    {
      transport: Transport.NATS,
      options: {
        servers: config.natsUrl.split(','),
        name: `${service}-${config.instanceId}-rpc`,
        queue: service,
        maxReconnectAttempts: -1,
        deserializer: new JsonRequestDeserializer(),
        serializer: new EnvelopeSerializer(() => nats.nc.info?.max_payload ?? DEFAULT_MAX_PAYLOAD),
        gracefulShutdown: true,
        gracePeriod: 1_000,
      } as never,
    },
    { inheritAppConfig: true },
  );
  await app.startAllMicroservices();
  const jobs = app.get(JobsService);
  await jobs.start();
  const pool = app.get(WorkerPoolService);
  const discovery = await registerDiscovery(nats.nc, config, () => ({ instance: config.instanceId, pool: pool.pool.stats(), inFlightJobs: jobs.inFlightJobs() }), VERSION);
  await app.listen(config.httpPort, config.httpHost);
  const address = app.getHttpServer().address();
  const httpPort = typeof address === 'object' && address ? address.port : config.httpPort;
  const log = new Logger('Bootstrap');
  log.log({ msg: `${service} ready`, nats: config.natsUrl, httpPort, workers: config.workersMax, queue: config.queueMax });

  let stopping: Promise<void> | undefined;
  const shutdown = (reason = 'shutdown') =>
    (stopping ??= (async () => {
      log.log({ msg: 'shutting down', reason });
      await discovery.stop().catch(() => undefined);
      await microservice.close(); // stop taking requests; in-flight replies get the grace period
      await jobs.drain(config.shutdownGraceMs); // finish or hand back running jobs
      await pool.close(); // running request tasks finish
      await app.close(); // HTTP server
      await nats.close(); // drain: pending state writes and events go out
      log.log({ msg: 'stopped' });
    })());

  // a stray rejection is a bug to log, not a reason to drop every request and job in flight
  process.on('unhandledRejection', (reason) => log.error({ msg: 'unhandled rejection', err: reason instanceof Error ? { message: reason.message, stack: reason.stack } : reason }));

  if (opts.handleSignals ?? true) {
    for (const signal of ['SIGTERM', 'SIGINT'] as const) {
      process.once(signal, () => {
        shutdown(signal).then(
          () => process.exit(0),
          (err) => {
            log.error({ msg: 'shutdown failed', err: (err as Error).message });
            process.exit(1);
          },
        );
      });
    }
  }
  return { app, config, httpPort, shutdown };
}
