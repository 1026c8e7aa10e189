// Test-only: a private nats-server with JetStream on a free port and a temp store, for states the
// shared server cannot show (no Modelbus service ever started on it).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from '@nats-io/transport-node';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

export interface FreshServer {
  url: string;
  stop: () => Promise<void>;
}

export async function startFreshServer(): Promise<FreshServer> {
  const dir = await mkdtemp(join(tmpdir(), 'client-nats-'));
  const port = await freePort();
  const proc: ChildProcess = spawn(process.env['NATS_SERVER_BIN'] ?? 'nats-server', ['-js', '-a', '127.0.0.1', '-p', String(port), '-sd', dir], { stdio: 'ignore' });
  const url = `nats://127.0.0.1:${port}`;
  const exited = new Promise<void>((r) => proc.once('exit', () => r()));
  for (let i = 0; ; i++) {
    try {
      const nc = await connect({ servers: url, reconnect: false });
      await nc.close();
      break;
    } catch (e) {
      if (i >= 100 || proc.exitCode !== null) {
        proc.kill();
        throw new Error(`nats-server did not start on ${url}: ${(e as Error).message}`, { cause: e });
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return {
    url,
    stop: async () => {
      proc.kill('SIGTERM');
      await exited;
      await rm(dir, { recursive: true, force: true });
    },
  };
}
