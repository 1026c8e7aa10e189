// Round-trip latency of la.matmul (4×4) through NATS — Nest transport, DTO validation, worker pool
// — against a bare NATS request/reply echo measured in the same run on the same server, and
// throughput with one and two replicas. Not a test: `npm run bench`.
import { connect } from '@nats-io/transport-node';
import type { Msg, NatsConnection } from '@nats-io/nats-core';
import { ensureNats } from '../dev/nats.mjs';
import { startService, type StartedService } from '../dev/services.mjs';

const N = Number(process.env.BENCH_N ?? 2000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 32);
const m4 = { rows: 4, cols: 4, data: Array.from({ length: 16 }, (_, i) => i / 7) };
const body = JSON.stringify({ a: m4, b: m4 });

function percentile(sorted: number[], p: number) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** Sequential round trips: latency distribution in ms. */
async function latency(nc: NatsConnection, subject: string, payload: string, n: number) {
  const t: number[] = [];
  for (let i = 0; i < n; i++) {
    const s = performance.now();
    await nc.request(subject, payload, { timeout: 5000 });
    t.push(performance.now() - s);
  }
  t.sort((a, b) => a - b);
  return { p50: percentile(t, 50), p99: percentile(t, 99), mean: t.reduce((a, b) => a + b, 0) / n };
}

/** `CONCURRENCY` requests kept in flight: requests per second. */
async function throughput(nc: NatsConnection, subject: string, payload: string, n: number) {
  let next = 0;
  const s = performance.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    while (next++ < n) await nc.request(subject, payload, { timeout: 10_000 });
  }));
  return n / ((performance.now() - s) / 1000);
}

async function main() {
  const nats = await ensureNats({ log: (m) => console.error(m) });
  const nc = await connect({ servers: nats.url });
  // baseline: a bare echo responder in this process, same server, same payload
  const echo = nc.subscribe('bench.echo', { callback: (_e: Error | null, msg: Msg) => msg.respond(msg.data) });
  const services: StartedService[] = [];
  try {
    services.push(await startService('linear-algebra', { env: { NATS_URL: nats.url, INSTANCE_ID: 'bench-1' } }));
    const warm = Math.min(500, N);
    await latency(nc, 'bench.echo', body, warm);
    await latency(nc, 'la.matmul', body, warm);
    const base = await latency(nc, 'bench.echo', body, N);
    const svc = await latency(nc, 'la.matmul', body, N);
    const rpsEcho = await throughput(nc, 'bench.echo', body, N * 2);
    const rps1 = await throughput(nc, 'la.matmul', body, N * 2);
    services.push(await startService('linear-algebra', { env: { NATS_URL: nats.url, INSTANCE_ID: 'bench-2' } }));
    await throughput(nc, 'la.matmul', body, warm);
    const rps2 = await throughput(nc, 'la.matmul', body, N * 2);

    const f = (x: number) => x.toFixed(3);
    console.log(`la.matmul 4×4 round trip over NATS (${N} sequential requests after ${warm} warm-up)`);
    console.log(`                      p50 ms   p99 ms   mean ms`);
    console.log(`bare NATS echo        ${f(base.p50)}    ${f(base.p99)}    ${f(base.mean)}`);
    console.log(`la.matmul (service)   ${f(svc.p50)}    ${f(svc.p99)}    ${f(svc.mean)}`);
    console.log(`overhead (service − echo): p50 ${f(svc.p50 - base.p50)} ms, ratio p50 ${(svc.p50 / base.p50).toFixed(1)}×`);
    console.log(`throughput with ${CONCURRENCY} in flight: echo ${rpsEcho.toFixed(0)} req/s; 1 replica ${rps1.toFixed(0)} req/s; 2 replicas ${rps2.toFixed(0)} req/s (×${(rps2 / rps1).toFixed(2)})`);
    console.log('(this machine has 2 cores shared by NATS, the client and the replicas: a second replica adds threads but no cores)');
  } finally {
    echo.unsubscribe();
    await nc.close();
    for (const s of services) await s.stop('SIGTERM');
    await nats.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
