import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import type { JetStreamClient } from '@nats-io/jetstream';
import type { ObjectInfo, ObjectStore } from '@nats-io/obj';
import { ModelbusError } from '@modelbus/contracts';
import { MAX_DATASET_BYTES } from './gunzip-dataset';

/** Object-store chunks read ahead of the reader (each is at most the object's chunk size, 128 KiB by default). */
export const DATASET_READ_AHEAD = 4;
/** Size of the decompressed chunks of a gzip'd dataset. */
const GUNZIP_CHUNK = 128 * 1024;

/**
 * The chunks of a stored object, read with backpressure: an ordered pull consumer on the object's chunk
 * subject asks for the next chunks only as the reader takes them (at most `readAhead` held here).
 * ObjectStore.get() would not do: it enqueues every chunk as it arrives, whatever the reader's pace, so
 * a slow reader ends up holding the whole object. The size and SHA-256 digest are checked at the end,
 * as get() does. A link (not something datasets use) is read through get().
 */
export async function* objectChunks(js: JetStreamClient, store: ObjectStore, info: ObjectInfo, readAhead = DATASET_READ_AHEAD): AsyncGenerator<Uint8Array> {
  if (info.options?.link) {
    const r = await store.get(info.name);
    if (!r) throw new Error('linked object not found');
    const reader = r.data.getReader();
    try {
      for (let c = await reader.read(); !c.done; c = await reader.read()) if (c.value.length) yield c.value;
    } finally {
      reader.releaseLock();
    }
    const err = await r.error;
    if (err) throw err;
    return;
  }
  if (info.size === 0) return;
  // the stream and chunk subject of object stores (ADR-20): OBJ_<bucket>, $O.<bucket>.C.<nuid>
  const consumer = await js.consumers.get(`OBJ_${info.bucket}`, { filter_subjects: `$O.${info.bucket}.C.${info.nuid}` });
  const messages = await consumer.consume({ max_messages: readAhead });
  const sha = createHash('sha256');
  let size = 0;
  try {
    for await (const m of messages) {
      if (m.data.length > 0) {
        sha.update(m.data);
        size += m.data.length;
        yield m.data;
      }
      if (m.info.pending === 0) break;
    }
  } finally {
    await messages.close()?.catch(() => undefined);
    // an ordered consumer would otherwise linger on the server until its inactivity threshold
    await consumer.delete().catch(() => undefined);
  }
  if (size !== info.size) throw new Error(`read ${size} bytes of ${info.size}: the object changed while it was read`);
  const expected = Buffer.from(info.digest.replace(/^SHA-256=/i, ''), 'base64');
  if (!sha.digest().equals(expected)) throw new Error(`received a corrupt object, digests do not match (expected ${info.digest})`);
}

/**
 * A dataset's chunks as the jobs read them, streamed: gzip'd data (detected by its first two bytes, as
 * gunzipDataset does) is decompressed as it arrives, with the same limit and errors as gunzipDataset;
 * anything else passes through. Errors of `source` itself should already be ModelbusErrors.
 */
export async function* gunzipChunks(name: string, source: AsyncIterable<Uint8Array>, maxBytes = MAX_DATASET_BYTES): AsyncGenerator<Uint8Array> {
  const it = source[Symbol.asyncIterator]();
  const head: Uint8Array[] = [];
  let headBytes = 0;
  let done = false;
  try {
    while (headBytes < 2) {
      const r = await it.next();
      if (r.done) {
        done = true;
        break;
      }
      head.push(r.value);
      headBytes += r.value.length;
    }
    // the first chunk, joined with the next ones when it is shorter than the two magic bytes
    const start = head.length === 1 ? head[0] : new Uint8Array(Buffer.concat(head));
    const gzip = start.length >= 2 && start[0] === 0x1f && start[1] === 0x8b;
    const rest = async function* () {
      if (start.length > 0) yield start;
      if (!done) for (let r = await it.next(); !r.done; r = await it.next()) yield r.value;
    };
    if (!gzip) {
      yield* rest();
      return;
    }
    yield* gunzipStream(name, rest(), maxBytes);
  } finally {
    await it.return?.();
  }
}

async function* gunzipStream(name: string, compressed: AsyncIterable<Uint8Array>, maxBytes: number): AsyncGenerator<Uint8Array> {
  const gunzip = createGunzip({ chunkSize: GUNZIP_CHUNK });
  const feeding = pipeline(Readable.from(compressed, { objectMode: false, highWaterMark: 1 }), gunzip);
  feeding.catch(() => undefined); // its error also ends the iteration below
  let total = 0;
  try {
    for await (const out of gunzip as AsyncIterable<Buffer>) {
      total += out.length;
      if (total > maxBytes) {
        throw new ModelbusError('RESOURCE_EXHAUSTED', `dataset "${name}" decompresses to more than ${maxBytes} bytes: split it or upload it uncompressed in parts`);
      }
      yield out;
    }
    await feeding;
  } catch (err) {
    if (err instanceof ModelbusError) throw err;
    throw new ModelbusError('INVALID_ARGUMENT', `dataset "${name}" looks gzip-compressed but does not decompress: ${(err as Error).message}`);
  } finally {
    gunzip.destroy();
  }
}
