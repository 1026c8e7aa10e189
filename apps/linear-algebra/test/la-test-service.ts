import { afterAll, beforeAll, expect } from 'vitest';
import { ModelbusClient, ModelbusError } from '@modelbus/client';
import { startService, type StartedService } from '../../../tools/dev/services.mjs';

export const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';

/** JSON matrix as the subjects speak it. */
export type M = { rows: number; cols: number; data: number[] };

/** Naive a·b (reference for identity checks). */
export const mul = (a: M, b: M): M => {
  const c = new Array(a.rows * b.cols).fill(0);
  for (let i = 0; i < a.rows; i++) for (let k = 0; k < a.cols; k++) for (let j = 0; j < b.cols; j++) c[i * b.cols + j] += a.data[i * a.cols + k] * b.data[k * b.cols + j];
  return { rows: a.rows, cols: b.cols, data: c };
};
export const t = (a: M): M => ({ rows: a.cols, cols: a.rows, data: Array.from({ length: a.rows * a.cols }, (_, idx) => a.data[(idx % a.rows) * a.cols + Math.floor(idx / a.rows)]) });

/**
 * Starts the built linear-algebra service and a client around the tests of one file (stopping both
 * after, the service by SIGTERM with exit code 0). `call` answers `any`: replies are checked field by field.
 */
export function useLinearAlgebraService() {
  let svc: StartedService | undefined;
  let client: ModelbusClient | undefined;
  beforeAll(async () => {
    svc = await startService('linear-algebra', { env: { NATS_URL } });
    client = await ModelbusClient.connect({ servers: NATS_URL });
  });
  afterAll(async () => {
    await client?.close();
    expect((await svc?.stop('SIGTERM'))?.code).toBe(0);
  });
  const get = () => {
    if (!client) throw new Error('the service is not started yet (use inside a test)');
    return client;
  };
  return {
    client: get,
    call: (subject: string, body: unknown) => get().call<any>(subject, body),
    fail: async (subject: string, body: unknown) => {
      const err = await get().call(subject, body).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ModelbusError);
      return err as ModelbusError;
    },
  };
}
