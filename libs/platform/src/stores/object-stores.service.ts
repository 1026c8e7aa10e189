import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { ObjectStore } from '@nats-io/obj';
import { ModelbusError, type ModelMeta } from '@modelbus/contracts';
import type { ServiceConfig } from '../config/service-config';
import { NatsService } from '../nats/nats.service';
import { SERVICE_CONFIG } from '../tokens';
import { gunzipChunks, objectChunks } from './dataset-stream';
import { gunzipDataset } from './gunzip-dataset';
import { ModelCache } from './model-cache';

export interface StoredModel {
  meta: ModelMeta;
  bytes: Uint8Array;
}

/**
 * Datasets (MODELBUS_DATASETS) and models/results (MODELBUS_MODELS). Models carry their kind,
 * version and sha256 digest in the object metadata; a loaded model is checked against its digest.
 * Recently read models are cached up to MODELS_CACHE_MB (predictions, forecasts and result pages read
 * the same object again and again); a cached model is used only while the stored revision is unchanged.
 */
@Injectable()
export class ObjectStoresService {
  private readonly cache: ModelCache;

  constructor(
    private readonly nats: NatsService,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
  ) {
    this.cache = new ModelCache(config.modelsCacheMb * 1024 * 1024);
  }

  /** A dataset's bytes (gunzipped when uploaded gzip'd), owning their ArrayBuffer: a job may transfer it to a worker. */
  async getDataset(name: string): Promise<Uint8Array> {
    const bytes = await this.nats.datasets.getBlob(name).catch((err) => {
      throw new ModelbusError('INTERNAL', `reading dataset "${name}" failed: ${(err as Error).message}`);
    });
    if (!bytes) {
      throw new ModelbusError('NOT_FOUND', `dataset "${name}" not found in MODELBUS_DATASETS: upload it first (modelbus datasets put ${name} <file>)`);
    }
    return gunzipDataset(name, bytes);
  }

  /**
   * A dataset as a stream of chunks (gunzipped as they arrive when uploaded gzip'd, with getDataset's
   * limit and errors), read from the store only as fast as they are taken: the text is never held whole.
   * NOT_FOUND is answered here, before any chunk is read. The chunks are views into buffers the reader
   * does not own: copy one before transferring it.
   */
  async openDataset(name: string): Promise<AsyncIterable<Uint8Array>> {
    const failed = (err: unknown) => new ModelbusError('INTERNAL', `reading dataset "${name}" failed: ${(err as Error).message}`);
    const store = this.nats.datasets;
    const info = await store.info(name).catch((err) => {
      throw failed(err);
    });
    if (!info || info.deleted) {
      throw new ModelbusError('NOT_FOUND', `dataset "${name}" not found in MODELBUS_DATASETS: upload it first (modelbus datasets put ${name} <file>)`);
    }
    const js = this.nats.js;
    const found = info;
    async function* raw(): AsyncGenerator<Uint8Array> {
      try {
        yield* objectChunks(js, store, found);
      } catch (err) {
        throw err instanceof ModelbusError ? err : failed(err);
      }
    }
    return gunzipChunks(name, raw());
  }

  async putModel(name: string, bytes: Uint8Array, meta: Omit<ModelMeta, 'digest' | 'createdAt' | 'service' | 'version'> & { version?: string }): Promise<ModelMeta> {
    const full: ModelMeta = {
      ...meta,
      service: this.config.service,
      version: meta.version ?? '1',
      digest: createHash('sha256').update(bytes).digest('hex'),
      createdAt: new Date().toISOString(),
    };
    await this.nats.models.putBlob({ name, description: `${full.kind} (${full.service})`, metadata: toStrings(full) }, bytes);
    this.cache.delete(name);
    return full;
  }

  async putJsonModel(name: string, value: unknown, meta: { kind: string; jobId?: string }): Promise<ModelMeta> {
    return this.putModel(name, new TextEncoder().encode(JSON.stringify(value)), { ...meta, format: 'json' });
  }

  /** Loads a model or result; NOT_FOUND names the store, FAILED_PRECONDITION a wrong kind or digest. */
  async getModel(name: string, expectKind?: string): Promise<StoredModel> {
    const store: ObjectStore = this.nats.models;
    const info = await store.info(name);
    if (!info || info.deleted) throw new ModelbusError('NOT_FOUND', `model "${name}" not found in MODELBUS_MODELS`);
    let model = this.cache.get(name, info.nuid);
    if (!model) {
      const bytes = await store.getBlob(name);
      if (!bytes) throw new ModelbusError('NOT_FOUND', `model "${name}" not found in MODELBUS_MODELS`);
      const meta = (info.metadata ?? {}) as unknown as ModelMeta;
      const digest = createHash('sha256').update(bytes).digest('hex');
      if (meta.digest && meta.digest !== digest) throw new ModelbusError('FAILED_PRECONDITION', `model "${name}" is corrupt: digest ${digest} does not match ${meta.digest}`);
      model = { meta, bytes };
      this.cache.set(name, info.nuid, model);
    }
    if (expectKind && model.meta.kind !== expectKind) {
      throw new ModelbusError('FAILED_PRECONDITION', `"${name}" is a ${model.meta.kind ?? 'unknown'} object, not a ${expectKind}`);
    }
    return model;
  }

  async getJsonModel<T>(name: string, expectKind?: string): Promise<{ meta: ModelMeta; value: T }> {
    const { meta, bytes } = await this.getModel(name, expectKind);
    return { meta, value: JSON.parse(new TextDecoder().decode(bytes)) as T };
  }
}

function toStrings(o: object): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) out[k] = String(v);
  return out;
}
