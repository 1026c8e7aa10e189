// Test-only helpers: a raw NATS connection to the shared test server and provisioning that mirrors
// what the services do on start (libs/platform nats.service.ts), so tests can run before any service has.
import { randomBytes } from 'node:crypto';
import { DATASETS_BUCKET, JOBS_STATE_BUCKET, jobsStreamName, jobsStreamSubjects, ModelbusError, MODELS_BUCKET, type ServicePrefix } from '@modelbus/contracts';
import { jetstream, jetstreamManager, RetentionPolicy, StorageType } from '@nats-io/jetstream';
import { Kvm } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/nats-core';
import { nanos } from '@nats-io/nats-core';
import { Objm } from '@nats-io/obj';
import { connect } from '@nats-io/transport-node';

export const natsUrl = () => process.env['NATS_URL'] ?? 'nats://127.0.0.1:4222';

/** Unique per run: the shared server keeps state between runs. */
export const runId = () => `t${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;

export async function rawConnect(): Promise<NatsConnection> {
  return connect({ servers: natsUrl(), name: 'client-tests' });
}

/** Creates the job stream, state bucket and object stores if absent, with the services' settings. */
export async function provisionLikeServices(nc: NatsConnection, prefix: ServicePrefix): Promise<void> {
  const jsm = await jetstreamManager(nc);
  const name = jobsStreamName(prefix);
  try {
    await jsm.streams.info(name);
  } catch {
    await jsm.streams
      .add({
        name,
        subjects: [jobsStreamSubjects(prefix)],
        retention: RetentionPolicy.Workqueue,
        storage: StorageType.File,
        duplicate_window: nanos(10 * 60_000),
        max_age: nanos(7 * 24 * 3_600_000),
        max_msg_size: 1024 * 1024,
      })
      .catch(async (e) => {
        await jsm.streams.info(name).catch(() => {
          throw e;
        });
      });
  }
  const js = jetstream(nc);
  await new Kvm(js).create(JOBS_STATE_BUCKET, { history: 5, storage: StorageType.File, ttl: 30 * 24 * 3_600_000 });
  const objm = new Objm(js);
  await objm.create(DATASETS_BUCKET, { storage: StorageType.File, description: 'Modelbus datasets' });
  await objm.create(MODELS_BUCKET, { storage: StorageType.File, description: 'Modelbus trained models and results' });
}

/** Answers every request on `subject` with `reply(body)` serialized as JSON (or nothing when it returns undefined). */
export function respond(nc: NatsConnection, subject: string, reply: (body: unknown) => unknown): () => void {
  const sub = nc.subscribe(subject, {
    callback: (_err, msg) => {
      const out = reply(msg.data.length ? msg.json() : undefined);
      if (out !== undefined) msg.respond(typeof out === 'string' ? out : JSON.stringify(out));
    },
  });
  return () => sub.unsubscribe();
}

/** The ModelbusError a promise rejects with (fails the test if it resolves or rejects otherwise). */
export async function rejection(p: Promise<unknown>): Promise<ModelbusError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof ModelbusError) return e;
    throw e;
  }
  throw new Error('expected a rejection');
}
