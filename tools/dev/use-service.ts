// For a service's integration tests: start the built service and a client around one test file.
import { afterAll, beforeAll, expect } from 'vitest';
import { ModelbusClient } from '@modelbus/client';
import { startService, type StartedService } from './services.mjs';

export const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';

/**
 * Registers beforeAll/afterAll that start `name` (dist/apps/<name>) with `env` and connect a client,
 * then close the client and stop the service by SIGTERM, expecting exit code 0 (a clean shutdown is
 * part of every file's test). The getters throw outside a test, where nothing is started yet.
 */
export function useService(name: string, env: Record<string, string> = {}) {
  let svc: StartedService | undefined;
  let client: ModelbusClient | undefined;
  beforeAll(async () => {
    svc = await startService(name, { env: { NATS_URL, ...env } });
    client = await ModelbusClient.connect({ servers: NATS_URL });
  });
  afterAll(async () => {
    await client?.close();
    expect((await svc?.stop('SIGTERM'))?.code).toBe(0);
  });
  const started = <T>(x: T | undefined): T => {
    if (x === undefined) throw new Error(`${name} is not started yet (use inside a test)`);
    return x;
  };
  return { client: () => started(client), service: () => started(svc) };
}
