import { DATASETS_BUCKET, JOBS_STATE_BUCKET, MODELS_BUCKET, ModelbusError } from '@modelbus/contracts';
import type { JetStreamClient } from '@nats-io/jetstream';
import { Kvm, type KV } from '@nats-io/kv';
import { Objm, type ObjectStore } from '@nats-io/obj';

/** The services provision the buckets; the client only opens them, with a clear error if missing. */
function missing(what: string, cause: unknown): ModelbusError {
  const reason = cause instanceof Error ? cause.message : String(cause);
  return new ModelbusError(
    'FAILED_PRECONDITION',
    `${what} does not exist: no Modelbus service has started on this NATS yet (start one, or run \`npm run dev\`) [${reason}]`,
  );
}

/** Opens the job-state bucket, checking once that its stream exists (Kvm.open alone does not). */
export async function openJobsState(js: JetStreamClient): Promise<KV> {
  const kv = await new Kvm(js).open(JOBS_STATE_BUCKET);
  try {
    await kv.status();
  } catch (e) {
    throw missing(`KV bucket ${JOBS_STATE_BUCKET}`, e);
  }
  return kv;
}

export async function openObjectStore(js: JetStreamClient, name: typeof DATASETS_BUCKET | typeof MODELS_BUCKET): Promise<ObjectStore> {
  try {
    return await new Objm(js).open(name);
  } catch (e) {
    throw missing(`object store ${name}`, e);
  }
}

/** Caches one open per bucket; a failed open is retried next time (a service may have started since). */
export function lazy<T>(open: () => Promise<T>): () => Promise<T> {
  let p: Promise<T> | undefined;
  return () => {
    p ??= open().catch((e) => {
      p = undefined;
      throw e;
    });
    return p;
  };
}

/** ObjectInfo.digest is `SHA-256=<base64url>`; Modelbus reports sha256 as hex everywhere. */
export function digestHex(digest: string): string {
  const m = /^SHA-256=(.+)$/i.exec(digest);
  if (!m) return digest;
  return Buffer.from(m[1].replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString('hex');
}
