// Peak RSS (VmHWM of the service process, its worker threads included) and CPU time of the recommendation
// service mining a large synthetic FIMI dataset (plain and gzip'd), for one or more builds in the same run.
// Not a test. Builds are `label=<repo root with dist/apps/recommendation>`, e.g. an old commit extracted
// with `git archive <rev> | tar -x -C /tmp/old` (node_modules symlinked) and built there:
//   tsx --tsconfig tsconfig.base.json tools/bench/fpgrowth-stream-mem.bench.ts before=/tmp/old after=.
// Env: NATS_URL (a server of its own is best: other services would take the jobs), BENCH_TX (5.5 M
// transactions ≈ 243 MB). The generated files and the uploaded datasets are deleted at the end.
import { spawn } from 'node:child_process';
import { closeSync, createReadStream, createWriteStream, existsSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { resolve } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { jetstream } from '@nats-io/jetstream';
import { Objm } from '@nats-io/obj';
import { connect } from '@nats-io/transport-node';
import { ModelbusClient } from '@modelbus/client';
import { DATASETS_BUCKET } from '@modelbus/contracts';

const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
const TX = Number(process.env.BENCH_TX ?? 5_500_000);
const builds = (process.argv.length > 2 ? process.argv.slice(2) : ['current=.']).map((b) => {
  const [label, root] = b.split('=');
  return { label, root: resolve(root) };
});
const FILE = `/tmp/fpgrowth-stream-mem-${process.pid}.fimi`;

/** Items 1..5 frequent (50–90 %), 4–11 more from 100..9999 per transaction: ~44 bytes a line. */
function generate(path: string): number {
  const fd = openSync(path, 'w');
  let s = 12345;
  const rnd = () => (s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32;
  let out = '';
  let bytes = 0;
  for (let t = 0; t < TX; t++) {
    const items: number[] = [];
    for (let i = 1; i <= 5; i++) if (rnd() < 0.5 + i * 0.08) items.push(i);
    const k = 4 + Math.floor(rnd() * 8);
    for (let j = 0; j < k; j++) items.push(100 + Math.floor(rnd() * 9900));
    out += items.join(' ') + '\n';
    if (out.length > 1 << 20) {
      bytes += writeSync(fd, out);
      out = '';
    }
  }
  bytes += writeSync(fd, out);
  closeSync(fd);
  return bytes;
}

const procStatus = (pid: number, key: string) => Number(new RegExp(`${key}:\\s+(\\d+)`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]) / 1024;
/** utime + stime of the process, seconds. */
const cpuSeconds = (pid: number) => {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(f[11]) + Number(f[12])) / 100;
};

function startService(root: string): Promise<{ pid: number; stop: () => Promise<void> }> {
  const p = spawn(process.execPath, [`${root}/dist/apps/recommendation/main.js`], {
    env: { ...process.env, NATS_URL, HTTP_PORT: '0', WORKERS_MAX: '2', JOB_TIMEOUT_MS: '3600000', TASK_TIMEOUT_MS: '3600000' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const stop = () => new Promise<void>((r) => (p.exitCode !== null ? r() : (p.once('exit', () => r()), p.kill('SIGTERM'))));
  return new Promise((ready, fail) => {
    let buf = '';
    p.once('exit', (code) => fail(new Error(`service exited (${code}) before it was ready`)));
    p.stdout.on('data', (d: Buffer) => {
      buf += d.toString();
      if (!buf.includes('recommendation ready')) return;
      p.stdout.removeAllListeners('data');
      p.stdout.resume();
      setTimeout(() => ready({ pid: p.pid ?? 0, stop }), 1500); // past the pool's warm-up
    });
  });
}

async function main() {
  for (const b of builds) if (!existsSync(`${b.root}/dist/apps/recommendation/main.js`)) throw new Error(`${b.root}: build recommendation there first`);
  console.log(`generating ${TX} transactions...`);
  const bytes = generate(FILE);
  await pipeline(createReadStream(FILE), createGzip({ level: 1 }), createWriteStream(`${FILE}.gz`));
  console.log(`${(bytes / 1e6).toFixed(0)} MB of FIMI text`);
  const client = await ModelbusClient.connect({ servers: NATS_URL, timeoutMs: 120_000 });
  const nc = await connect({ servers: NATS_URL });
  const names = [`bench-stream-${process.pid}`, `bench-stream-${process.pid}-gz`];
  try {
    const first = await startService(builds[0].root); // provisions the bucket
    const os = await new Objm(jetstream(nc)).open(DATASETS_BUCKET);
    await os.put({ name: names[0] }, Readable.toWeb(createReadStream(FILE)) as ReadableStream<Uint8Array>);
    await os.put({ name: names[1] }, Readable.toWeb(createReadStream(`${FILE}.gz`)) as ReadableStream<Uint8Array>);
    await first.stop();
    const cases: Array<[string, { parallel: boolean }]> = [
      [names[0], { parallel: false }],
      [names[0], { parallel: true }],
      [names[1], { parallel: false }],
    ];
    for (const [dataset, extra] of cases) {
      for (const b of builds) {
        const svc = await startService(b.root); // fresh process: its VmHWM is this job's peak
        const idle = procStatus(svc.pid, 'VmHWM');
        const cpu0 = cpuSeconds(svc.pid);
        const job = await client.submit('rec.fpgrowth', { params: { dataset, minSupport: 0.3, ...extra } });
        const st = await job.result({ timeoutMs: 3_600_000 });
        const peak = procStatus(svc.pid, 'VmHWM');
        const cpu = cpuSeconds(svc.pid) - cpu0;
        const sum = st.summary as { transactions: number; itemsetCount: number };
        console.log(
          `${b.label.padEnd(8)} ${dataset.endsWith('-gz') ? 'gzip' : 'plain'} ${extra.parallel ? 'parallel' : 'serial  '}  peak RSS ${peak.toFixed(0)} MB (idle ${idle.toFixed(0)})  CPU ${cpu.toFixed(2)} s  N=${sum.transactions} itemsets=${sum.itemsetCount}`,
        );
        await svc.stop();
      }
    }
    for (const n of names) await os.delete(n).catch(() => undefined);
  } finally {
    rmSync(FILE, { force: true });
    rmSync(`${FILE}.gz`, { force: true });
    await client.close();
    await nc.close();
  }
}

void main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
