import { randomUUID } from 'node:crypto';
import { Kvm } from '@nats-io/kv';
import { jetstream } from '@nats-io/jetstream';
import type { JobState } from '@modelbus/contracts';
import type { ModelbusClient } from '@modelbus/client';

export const runId = () => randomUUID().slice(0, 8);

/** Seeded random CSV with random 0/1 labels: not separable, so a perceptron runs all its epochs. */
export function noisyCsv(rows: number, cols: number, seed = 1): string {
  let s = seed;
  const rnd = () => (s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const header = [...Array(cols).keys()].map((i) => `f${i}`).join(',') + ',label\n';
  let body = '';
  for (let r = 0; r < rows; r++) {
    const row: string[] = [];
    for (let c = 0; c < cols; c++) row.push(rnd().toFixed(4));
    body += row.join(',') + ',' + (rnd() < 0.5 ? 1 : 0) + '\n';
  }
  return header + body;
}

/** Polls the job state until `pred` holds (or fails after timeoutMs). */
export async function waitForState(client: ModelbusClient, jobId: string, pred: (s: JobState) => boolean, timeoutMs = 30_000): Promise<JobState> {
  const end = Date.now() + timeoutMs;
  let last: JobState | undefined;
  while (Date.now() < end) {
    last = await client.job(jobId).state().catch(() => undefined);
    if (last && pred(last)) return last;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`job ${jobId} did not reach the expected state; last: ${JSON.stringify(last)}`);
}

/** Every status the job's KV key has held (history), oldest first. */
export async function stateHistory(client: ModelbusClient, jobId: string): Promise<JobState[]> {
  const kv = await new Kvm(jetstream(client.nc)).open('MODELBUS_JOBS_STATE');
  const out: JobState[] = [];
  for await (const e of await kv.history({ key: jobId })) if (e.operation === 'PUT') out.push(e.json<JobState>());
  return out;
}
