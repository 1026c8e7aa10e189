import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jetstream, jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import { Kvm, type KV } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/nats-core';
import { JOB_ID_PATTERN, JOBS_STATE_BUCKET, jobsStreamName, ModelbusError, type JobEvent, type JobState } from '@modelbus/contracts';
import { ModelbusClient } from './client';
import { natsUrl, provisionLikeServices, rawConnect, respond, runId, rejection } from './testing/nats-fixtures';

// The test plays the deep-learning replica: it writes KV states and publishes events the way the
// service does. Job kinds are unique per run (dl.client-test-<run>), so no real service consumes them,
// and every message this file publishes is deleted afterwards.
describe('jobs against a real NATS', () => {
  const run = runId();
  const kind = `dl.client-test-${run}`;
  const subject = `jobs.${kind}`;
  const stream = jobsStreamName('dl');
  let nc: NatsConnection;
  let jsm: JetStreamManager;
  let kv: KV;
  let client: ModelbusClient;
  const jobIds: string[] = [];

  const now = () => new Date().toISOString();
  async function write(jobId: string, patch: Partial<JobState>): Promise<JobState> {
    const cur = (await kv.get(jobId))?.json<JobState>();
    const s = { ...(cur as JobState), ...patch, updatedAt: now() };
    await kv.put(jobId, JSON.stringify(s));
    return s;
  }
  function event(s: JobState, withState = true) {
    const e: JobEvent = { jobId: s.jobId, status: s.status, progress: s.progress, message: s.message, at: s.updatedAt, ...(withState ? { state: s } : {}) };
    nc.publish(`events.jobs.${s.jobId}`, JSON.stringify(e));
  }
  async function submit(params: Record<string, unknown> = { x: 1 }, jobId?: string) {
    const h = await client.submit(kind, { jobId, params });
    jobIds.push(h.jobId);
    return h;
  }
  async function messagesOnSubject(): Promise<number> {
    const info = await jsm.streams.info(stream, { subjects_filter: subject });
    return info.state.subjects?.[subject] ?? 0;
  }

  beforeAll(async () => {
    nc = await rawConnect();
    await provisionLikeServices(nc, 'dl');
    jsm = await jetstreamManager(nc);
    kv = await new Kvm(jetstream(nc)).open(JOBS_STATE_BUCKET);
    client = await ModelbusClient.connect({ servers: natsUrl(), timeoutMs: 3000, pollMs: 100 });
  });
  afterAll(async () => {
    await jsm?.streams.purge(stream, { filter: subject }).catch(() => undefined);
    for (const id of jobIds) await kv?.purge(id).catch(() => undefined);
    await client?.close();
    await nc?.close();
  });

  it('submit writes the queued state, then publishes {jobId, params} with Nats-Msg-Id = jobId', async () => {
    const h = await submit({ epochs: 3 });
    expect(h.jobId).toMatch(JOB_ID_PATTERN);
    expect(h.jobId.startsWith(`dl-client-test-${run}-`)).toBe(true);
    expect(h.resubmitted).toBe(false);
    const s = await h.state();
    expect(s).toMatchObject({ jobId: h.jobId, service: 'deep-learning', kind: `client-test-${run}`, status: 'queued', progress: 0, attempt: 0 });
    expect(s.submittedAt).toBe(s.updatedAt);
    const m = await jsm.streams.getMessage(stream, { last_by_subj: subject });
    expect(m?.header.get('Nats-Msg-Id')).toBe(h.jobId);
    expect(m?.json()).toEqual({ jobId: h.jobId, params: { epochs: 3 } });
  });

  it('resubmitting a known job id returns that job and publishes nothing', async () => {
    const id = `client-test-${run}-resubmit`;
    const first = await submit({ a: 1 }, id);
    const before = await messagesOnSubject();
    const again = await submit({ a: 2 }, id);
    expect(again.jobId).toBe(first.jobId);
    expect(again.resubmitted).toBe(true);
    expect(await messagesOnSubject()).toBe(before);
  });

  it('a second publish of the same job id is dropped by the stream (Nats-Msg-Id dedupe)', async () => {
    const id = `client-test-${run}-dedupe`;
    await submit({ a: 1 }, id);
    const before = await messagesOnSubject();
    await kv.purge(id); // lose the state, so submit publishes again with the same msgID
    const again = await submit({ a: 1 }, id);
    expect(again.resubmitted).toBe(false);
    expect(await messagesOnSubject()).toBe(before);
  });

  it('rejects a bad kind, job id or params with INVALID_ARGUMENT before touching NATS', async () => {
    for (const [k, body] of [
      ['zz.fit', { params: {} }],
      [kind, { jobId: 'a.b', params: {} }],
      [kind, { params: [1, 2] }],
    ] as const) {
      const e = await rejection(client.submit(k, body as never));
      expect(e).toBeInstanceOf(ModelbusError);
      expect(e.code).toBe('INVALID_ARGUMENT');
    }
  });

  it('result() follows events through running to succeeded and returns the final state', async () => {
    const h = await submit();
    const seen: JobEvent[] = [];
    const done = h.result({ onEvent: (e) => seen.push(e), timeoutMs: 10_000 });
    await new Promise((r) => setTimeout(r, 150)); // let result() subscribe (it reads the queued state first)
    event(await write(h.jobId, { status: 'running', attempt: 1, progress: 0.5, message: 'epoch 1/2' }));
    event(await write(h.jobId, { status: 'succeeded', progress: 1, message: 'done', model: `${h.jobId}.model` }));
    const final = await done;
    expect(final.status).toBe('succeeded');
    expect(final.model).toBe(`${h.jobId}.model`);
    expect(seen[0].status).toBe('queued');
    expect(seen.map((e) => e.status)).toContain('running');
    expect(seen.at(-1)?.status).toBe('succeeded');
    // no step is reported twice in a row even though events and KV polls overlap
    for (let i = 1; i < seen.length; i++) expect([seen[i].status, seen[i].progress]).not.toEqual([seen[i - 1].status, seen[i - 1].progress]);
  });

  it('sees a job that finished before anyone watched (one terminal event)', async () => {
    const h = await submit();
    await write(h.jobId, { status: 'succeeded', progress: 1, result: 'r1' });
    const events: JobEvent[] = [];
    for await (const e of h.progress()) events.push(e);
    expect(events.map((e) => e.status)).toEqual(['succeeded']);
    expect((await h.result()).result).toBe('r1');
  });

  it('falls back to polling KV when no events are published', async () => {
    const h = await submit();
    const done = h.result({ timeoutMs: 10_000 });
    await write(h.jobId, { status: 'running', attempt: 1, progress: 0.2 });
    await new Promise((r) => setTimeout(r, 250));
    await write(h.jobId, { status: 'succeeded', progress: 1, summary: { loss: 0.1 } });
    expect((await done).summary).toEqual({ loss: 0.1 });
  });

  it('uses KV for the final state when the terminal event carries none', async () => {
    const h = await submit();
    const done = h.result({ timeoutMs: 10_000 });
    await new Promise((r) => setTimeout(r, 150));
    event(await write(h.jobId, { status: 'succeeded', progress: 1, model: 'm-from-kv' }), false);
    expect((await done).model).toBe('m-from-kv');
  });

  it('throws the job error code when it failed and CANCELLED when it was cancelled', async () => {
    const failed = await submit();
    event(await write(failed.jobId, { status: 'failed', error: { code: 'INVALID_ARGUMENT', message: 'labelColumn "y" not in dataset', details: { column: 'y' } } }));
    const e = await rejection(failed.result());
    expect(e).toBeInstanceOf(ModelbusError);
    expect(e.code).toBe('INVALID_ARGUMENT');
    expect(e.message).toBe('labelColumn "y" not in dataset');
    expect((e.details as { state: JobState }).state.status).toBe('failed');

    const cancelled = await submit();
    await write(cancelled.jobId, { status: 'cancelled', error: { code: 'CANCELLED', message: 'cancelled on request' } });
    expect((await rejection(cancelled.result())).code).toBe('CANCELLED');
  });

  it('result({timeoutMs}) gives up with DEADLINE_EXCEEDED while the job stays queued', async () => {
    const h = await submit();
    const e = await rejection(h.result({ timeoutMs: 300 }));
    expect(e.code).toBe('DEADLINE_EXCEEDED');
  });

  it('reports an unknown job as NOT_FOUND from state() and progress()', async () => {
    const h = client.job(`client-test-${run}-unknown`);
    expect((await rejection(h.state())).code).toBe('NOT_FOUND');
    const e = await rejection((async () => {
      for await (const _ of h.progress()) void _;
    })());
    expect(e.code).toBe('NOT_FOUND');
  });

  it('lists job states filtered by status', async () => {
    const h = await submit();
    await write(h.jobId, { status: 'running', attempt: 1, progress: 0.1 });
    const running = await client.jobs.list({ status: 'running' });
    expect(running.some((s) => s.jobId === h.jobId)).toBe(true);
    expect(running.every((s) => s.status === 'running')).toBe(true);
    const queued = await client.jobs.list({ status: 'queued' });
    expect(queued.some((s) => s.jobId === h.jobId)).toBe(false);
  });

  it('cancel() requests ops.dl.jobs.cancel with {jobId} and returns the reported state', async (ctx) => {
    const probe = await nc.request('ops.dl.jobs.cancel', '{}', { timeout: 500 }).then(() => true, () => false);
    if (probe) ctx.skip(); // a real deep-learning service answers; it would race the fake one
    const h = await submit();
    const requests: unknown[] = [];
    const stop = respond(nc, 'ops.dl.jobs.cancel', (body) => {
      requests.push(body);
      return { ok: true, data: { jobId: h.jobId, status: 'cancelled' } };
    });
    await nc.flush();
    try {
      const s = await h.cancel();
      expect(requests).toEqual([{ jobId: h.jobId }]);
      expect(s.status).toBe('cancelled');
    } finally {
      stop();
    }
  });
});
