import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { ModelbusError, OBJECT_NAME_PATTERN } from '@modelbus/contracts';
import type { ObjectInfo, ObjectStore } from '@nats-io/obj';
import { digestHex } from './stores';

export interface ObjectSummary {
  name: string;
  size: number;
  /** ISO-8601 time of the last put. */
  modified: string;
  /** sha256 of the bytes, hex. */
  digest: string;
  description?: string;
}

export function summarize(info: ObjectInfo): ObjectSummary {
  const s: ObjectSummary = { name: info.name, size: info.size, modified: info.mtime, digest: digestHex(info.digest) };
  if (info.description) s.description = info.description;
  return s;
}

export function assertObjectName(name: string, what: string): void {
  if (!OBJECT_NAME_PATTERN.test(name)) {
    throw new ModelbusError('INVALID_ARGUMENT', `${what} name "${name}" must be 1-200 letters, digits, ".", "_" or "-"`);
  }
}

/** Datasets in MODELBUS_DATASETS, referred to by name from job params. */
export class Datasets {
  constructor(private readonly store: () => Promise<ObjectStore>) {}

  /** Stores bytes (a string is stored as its UTF-8 bytes) under `name`, replacing an earlier version. */
  async put(name: string, data: Uint8Array | string, opts: { description?: string } = {}): Promise<ObjectSummary> {
    assertObjectName(name, 'dataset');
    const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data;
    const os = await this.store();
    return summarize(await os.putBlob({ name, description: opts.description }, bytes));
  }

  /** Streams a file into the store (no need to hold it in memory). */
  async putFile(name: string, path: string, opts: { description?: string } = {}): Promise<ObjectSummary> {
    assertObjectName(name, 'dataset');
    try {
      if (!(await stat(path)).isFile()) throw new Error('not a regular file');
    } catch (e) {
      throw new ModelbusError('INVALID_ARGUMENT', `cannot read dataset file ${path}: ${e instanceof Error ? e.message : String(e)}`);
    }
    const os = await this.store();
    const rs = Readable.toWeb(createReadStream(path)) as unknown as ReadableStream<Uint8Array>;
    return summarize(await os.put({ name, description: opts.description }, rs));
  }

  /** The dataset's bytes; NOT_FOUND if there is none by that name. */
  async get(name: string): Promise<Uint8Array> {
    assertObjectName(name, 'dataset');
    const bytes = await (await this.store()).getBlob(name);
    if (bytes === null) throw new ModelbusError('NOT_FOUND', `no dataset named ${name}`);
    return bytes;
  }

  async info(name: string): Promise<ObjectSummary | null> {
    assertObjectName(name, 'dataset');
    const info = await (await this.store()).info(name);
    return info && !info.deleted ? summarize(info) : null;
  }

  async list(): Promise<ObjectSummary[]> {
    const infos = await (await this.store()).list();
    return infos.filter((i) => !i.deleted).map(summarize).sort((a, b) => a.name.localeCompare(b.name));
  }

  async delete(name: string): Promise<void> {
    assertObjectName(name, 'dataset');
    const os = await this.store();
    const info = await os.info(name); // a deleted object still has an info, marked deleted
    if (!info || info.deleted) throw new ModelbusError('NOT_FOUND', `no dataset named ${name}`);
    await os.delete(name);
  }
}
