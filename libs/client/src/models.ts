import { createHash } from 'node:crypto';
import { ModelbusError, type ModelMeta } from '@modelbus/contracts';
import type { ObjectInfo, ObjectStore } from '@nats-io/obj';
import { assertObjectName, summarize, type ObjectSummary } from './datasets';

export interface ModelSummary extends ObjectSummary {
  /** ModelMeta fields found in the object's metadata (services write all of them). */
  meta: Partial<ModelMeta>;
}

const META_KEYS = ['kind', 'service', 'version', 'digest', 'jobId', 'createdAt', 'format'] as const;

/** ModelMeta from the object's metadata map, falling back to headers of the same names. */
export function readModelMeta(info: ObjectInfo): Partial<ModelMeta> {
  const out: Record<string, string> = {};
  for (const k of META_KEYS) {
    const v = info.metadata?.[k] ?? info.headers?.get(k);
    if (v) out[k] = v;
  }
  return out as Partial<ModelMeta>;
}

function isComplete(meta: Partial<ModelMeta>): meta is ModelMeta {
  return ['kind', 'service', 'version', 'digest', 'createdAt', 'format'].every((k) => typeof meta[k as keyof ModelMeta] === 'string');
}

/** Trained models and job results in MODELBUS_MODELS (read-only for clients). */
export class Models {
  constructor(private readonly store: () => Promise<ObjectStore>) {}

  async list(): Promise<ModelSummary[]> {
    const infos = await (await this.store()).list();
    return infos
      .filter((i) => !i.deleted)
      .map((i) => ({ ...summarize(i), meta: readModelMeta(i) }))
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  /**
   * The model's metadata and bytes. The bytes are checked against the sha256 in the metadata, so a
   * half-written or tampered object is reported (INTERNAL) rather than loaded.
   */
  async get(name: string): Promise<{ meta: ModelMeta; bytes: Uint8Array }> {
    assertObjectName(name, 'model');
    const os = await this.store();
    const info = await os.info(name);
    if (!info || info.deleted) throw new ModelbusError('NOT_FOUND', `no model named ${name}`);
    const bytes = await os.getBlob(name);
    if (bytes === null) throw new ModelbusError('NOT_FOUND', `no model named ${name}`);
    const meta = readModelMeta(info);
    if (!isComplete(meta)) {
      throw new ModelbusError('INTERNAL', `model ${name} has incomplete metadata (has ${Object.keys(meta).join(', ') || 'none'})`);
    }
    const actual = createHash('sha256').update(bytes).digest('hex');
    if (actual !== meta.digest.toLowerCase()) {
      throw new ModelbusError('INTERNAL', `model ${name}: bytes have sha256 ${actual} but metadata says ${meta.digest}`);
    }
    return { meta, bytes };
  }
}
