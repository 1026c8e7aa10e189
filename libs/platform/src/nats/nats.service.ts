import { Inject, Injectable, Logger } from '@nestjs/common';
import { jetstream, jetstreamManager, RetentionPolicy, StorageType, type JetStreamClient, type JetStreamManager } from '@nats-io/jetstream';
import { Kvm, type KV } from '@nats-io/kv';
import { Objm, type ObjectStore } from '@nats-io/obj';
import { nanos, type NatsConnection } from '@nats-io/nats-core';
import { connect } from '@nats-io/transport-node';
import { DATASETS_BUCKET, JOBS_STATE_BUCKET, MODELS_BUCKET, jobsStreamName, jobsStreamSubjects } from '@modelbus/contracts';
import type { ServiceConfig } from '../config/service-config';
import { SERVICE_CONFIG } from '../tokens';

/**
 * The service's own NATS connection for JetStream, KV and object stores (Nest's transport keeps
 * its own for request/reply). Provisions the service's stream and the shared buckets idempotently:
 * create when missing, leave an existing one as it is.
 */
@Injectable()
export class NatsService {
  private readonly logger = new Logger('Nats');
  private conn?: NatsConnection;
  js!: JetStreamClient;
  jsm!: JetStreamManager;
  jobState!: KV;
  datasets!: ObjectStore;
  models!: ObjectStore;

  constructor(@Inject(SERVICE_CONFIG) private readonly config: ServiceConfig) {}

  get nc(): NatsConnection {
    if (!this.conn) throw new Error('NATS is not connected yet');
    return this.conn;
  }

  get connected(): boolean {
    return !!this.conn && !this.conn.isClosed() && !this.conn.isDraining() && this.connectedNow;
  }
  private connectedNow = false;

  async connect(): Promise<void> {
    const { config } = this;
    const nc = await connect({
      servers: config.natsUrl.split(','),
      name: `${config.service}-${config.instanceId}`,
      maxReconnectAttempts: -1,
      reconnectTimeWait: 1000,
    }).catch((err: Error) => {
      throw new Error(`cannot reach NATS at ${config.natsUrl} (${err.message}): start a NATS server with JetStream (nats-server -js) or set NATS_URL`, { cause: err });
    });
    this.conn = nc;
    this.connectedNow = true;
    void this.watchStatus(nc);
    this.js = jetstream(nc);
    this.jsm = await jetstreamManager(nc);
    await this.provision();
  }

  private async watchStatus(nc: NatsConnection) {
    for await (const s of nc.status()) {
      if (s.type === 'disconnect') {
        this.connectedNow = false;
        this.logger.warn('disconnected from NATS');
      } else if (s.type === 'reconnect') {
        this.connectedNow = true;
        this.logger.log('reconnected to NATS');
      }
    }
  }

  private async provision() {
    const { prefix } = this.config;
    const name = jobsStreamName(prefix);
    try {
      await this.jsm.streams.info(name);
    } catch {
      try {
        await this.jsm.streams.add({
          name,
          subjects: [jobsStreamSubjects(prefix)],
          retention: RetentionPolicy.Workqueue,
          storage: StorageType.File,
          duplicate_window: nanos(10 * 60_000),
          max_age: nanos(7 * 24 * 3_600_000),
          max_msg_size: 1024 * 1024,
        });
        this.logger.log(`created stream ${name}`);
      } catch (err) {
        // another replica may have created it at the same moment
        await this.jsm.streams.info(name).catch(() => {
          throw err;
        });
      }
    }
    // Buckets are shared by all services: open one that exists as it is (another service or an
    // operator may have set it up with other limits), create it only when missing.
    const kvm = new Kvm(this.js);
    this.jobState = (await this.exists(`KV_${JOBS_STATE_BUCKET}`))
      ? await kvm.open(JOBS_STATE_BUCKET)
      : await kvm.create(JOBS_STATE_BUCKET, { history: 64, storage: StorageType.File, ttl: 30 * 24 * 3_600_000 });
    const objm = new Objm(this.js);
    this.datasets = (await this.exists(`OBJ_${DATASETS_BUCKET}`))
      ? await objm.open(DATASETS_BUCKET)
      : await objm.create(DATASETS_BUCKET, { storage: StorageType.File, description: 'Modelbus datasets' });
    this.models = (await this.exists(`OBJ_${MODELS_BUCKET}`))
      ? await objm.open(MODELS_BUCKET)
      : await objm.create(MODELS_BUCKET, { storage: StorageType.File, description: 'Modelbus trained models and results' });
  }

  private async exists(stream: string): Promise<boolean> {
    return this.jsm.streams.info(stream).then(() => true, () => false);
  }

  /**
   * Drains the connection. Called last by the shutdown sequence in bootstrap.ts, not from a Nest
   * lifecycle hook: closing the microservice runs the container's hooks, which would drain this
   * connection while jobs still need it to hand work back.
   */
  async close(): Promise<void> {
    if (this.conn && !this.conn.isClosed()) {
      await this.conn.drain().catch(() => undefined);
    }
  }
}
