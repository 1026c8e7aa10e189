import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import { ModelbusError } from '@modelbus/contracts';

const gunzipAsync = promisify(gunzip);

/** Largest decompressed dataset accepted (a gzip bomb stops here instead of exhausting memory). */
export const MAX_DATASET_BYTES = 1 << 30;

/**
 * A dataset's bytes as the jobs read them: gzip'd uploads are decompressed (off the event loop, in
 * libuv's thread pool) up to maxBytes; anything else is returned as it is. Either way the result owns
 * its whole ArrayBuffer, so a job can move it to a worker thread (`transfer: [bytes.buffer]`).
 */
export async function gunzipDataset(name: string, bytes: Uint8Array, maxBytes = MAX_DATASET_BYTES): Promise<Uint8Array> {
  if (bytes.length < 2 || bytes[0] !== 0x1f || bytes[1] !== 0x8b) return ownBuffer(bytes);
  try {
    return ownBuffer(await gunzipAsync(bytes, { maxOutputLength: maxBytes }));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new ModelbusError('RESOURCE_EXHAUSTED', `dataset "${name}" decompresses to more than ${maxBytes} bytes: split it or upload it uncompressed in parts`);
    }
    throw new ModelbusError('INVALID_ARGUMENT', `dataset "${name}" looks gzip-compressed but does not decompress: ${(err as Error).message}`);
  }
}

/** bytes itself when it spans its whole (non-shared) ArrayBuffer, else a copy that does. */
function ownBuffer(bytes: Uint8Array): Uint8Array {
  const whole = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && bytes.buffer instanceof ArrayBuffer;
  return whole ? bytes : new Uint8Array(bytes);
}
