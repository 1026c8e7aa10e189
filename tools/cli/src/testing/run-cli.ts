// Test-only: runs the real `modelbus` bin as a user would (node + tsx, from a foreign cwd), and the
// NATS fixtures the CLI tests need (provisioning mirrors the services, libs/platform nats.service.ts).
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DATASETS_BUCKET, JOBS_STATE_BUCKET, jobsStreamName, jobsStreamSubjects, MODELS_BUCKET } from '@modelbus/contracts';
import { jetstream, jetstreamManager, RetentionPolicy, StorageType } from '@nats-io/jetstream';
import { Kvm } from '@nats-io/kv';
import { nanos, type NatsConnection } from '@nats-io/nats-core';
import { Objm } from '@nats-io/obj';
import { connect } from '@nats-io/transport-node';

// __dirname: the workspace compiles to CommonJS (no import.meta); vitest provides it too
export const BIN = resolve(__dirname, '..', '..', 'bin', 'modelbus.cjs');
export const natsUrl = () => process.env['NATS_URL'] ?? 'nats://127.0.0.1:4222';
export const runId = () => `t${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Spawns the bin asynchronously (the test process keeps serving NATS responders meanwhile). */
export function runCli(args: string[], opts: { env?: Record<string, string>; stdin?: string; cwd?: string } = {}): Promise<CliResult> {
  return startCli(args, opts).done;
}

/** Like runCli, plus `stderrMatches(re)`: resolves once the command's stderr so far matches. */
export function startCli(args: string[], opts: { env?: Record<string, string>; stdin?: string; cwd?: string } = {}) {
  let stderrNow = '';
  const waiters: { re: RegExp; resolve: () => void }[] = [];
  const done = new Promise<CliResult>((done, fail) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: opts.cwd ?? tmpdir(),
      env: { ...process.env, NATS_URL: natsUrl(), ...opts.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => {
      stderr += d;
      stderrNow = stderr;
      for (const w of waiters.splice(0)) {
        if (w.re.test(stderrNow)) w.resolve();
        else waiters.push(w);
      }
    });
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout, stderr }));
    child.stdin.end(opts.stdin ?? '');
  });
  const stderrMatches = (re: RegExp) =>
    new Promise<void>((resolve, reject) => {
      if (re.test(stderrNow)) return resolve();
      waiters.push({ re, resolve });
      done.then((r) => (re.test(r.stderr) ? resolve() : reject(new Error(`command ended (exit ${r.code}) before stderr matched ${re}: ${r.stderr}`))), reject);
    });
  return { done, stderrMatches };
}

export const rawConnect = (): Promise<NatsConnection> => connect({ servers: natsUrl(), name: 'cli-tests' });

export async function provisionDeepLearning(nc: NatsConnection): Promise<void> {
  const jsm = await jetstreamManager(nc);
  const name = jobsStreamName('dl');
  await jsm.streams.info(name).catch(() =>
    jsm.streams.add({
      name,
      subjects: [jobsStreamSubjects('dl')],
      retention: RetentionPolicy.Workqueue,
      storage: StorageType.File,
      duplicate_window: nanos(10 * 60_000),
      max_age: nanos(7 * 24 * 3_600_000),
      max_msg_size: 1024 * 1024,
    }),
  );
  const js = jetstream(nc);
  await new Kvm(js).create(JOBS_STATE_BUCKET, { history: 5, storage: StorageType.File, ttl: 30 * 24 * 3_600_000 });
  const objm = new Objm(js);
  await objm.create(DATASETS_BUCKET, { storage: StorageType.File, description: 'Modelbus datasets' });
  await objm.create(MODELS_BUCKET, { storage: StorageType.File, description: 'Modelbus trained models and results' });
}

export const tmp = (name: string) => join(tmpdir(), name);
