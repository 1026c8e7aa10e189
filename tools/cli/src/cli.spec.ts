import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { Kvm, type KV } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/nats-core';
import { Objm } from '@nats-io/obj';
import { Svcm, type Service } from '@nats-io/services';
import { DATASETS_BUCKET, JOBS_STATE_BUCKET, jobsStreamName, type JobState } from '@modelbus/contracts';
import { startService, type StartedService } from '../../dev/services.mjs';
import { provisionDeepLearning, rawConnect, runCli, runId, startCli } from './testing/run-cli';

// Every test spawns `node tools/cli/bin/modelbus.cjs` from the temp dir (not the repo), so the
// @modelbus/* aliases must resolve through the bin, exactly as `npx modelbus` would run.
describe('modelbus CLI (spawned, real NATS)', () => {
  const run = runId();
  let nc: NatsConnection;
  let kv: KV;
  let dir: string;
  const cleanups: (() => Promise<unknown> | void)[] = [];

  beforeAll(async () => {
    nc = await rawConnect();
    await provisionDeepLearning(nc);
    kv = await new Kvm(jetstream(nc)).open(JOBS_STATE_BUCKET);
    dir = await mkdtemp(join(tmpdir(), 'cli-spec-'));
    // a fake service: answers envelopes the way every Modelbus service does
    const ok = nc.subscribe(`${run}.add`, {
      callback: (_e, m) => {
        const { a, b } = m.json<{ a: number; b: number }>();
        m.respond(JSON.stringify({ ok: true, data: { sum: a + b } }));
      },
    });
    const bad = nc.subscribe(`${run}.bad`, {
      callback: (_e, m) => {
        m.respond(JSON.stringify({ ok: false, error: { code: 'INVALID_ARGUMENT', message: 'b must be a finite number' } }));
      },
    });
    cleanups.push(() => ok.unsubscribe(), () => bad.unsubscribe());
    await nc.flush();
  });
  afterAll(async () => {
    for (const c of cleanups.reverse()) await c();
    await nc?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  describe('usage and connection errors', () => {
    it('prints help with exit 0', async () => {
      const r = await runCli(['--help']);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('Usage: modelbus <command>');
      expect(r.stdout).toContain('workers');
      const sub = await runCli(['jobs', 'ls', '--help']);
      expect(sub.code).toBe(0);
      expect(sub.stdout).toContain('Usage: modelbus jobs ls');
    });

    it('exits 2 for usage errors without contacting NATS', async () => {
      const cases: [string[], string][] = [
        [[], 'no command given'],
        [['frobnicate'], 'unknown command "frobnicate"'],
        [['jobs'], 'jobs needs a command'],
        [['call', 'la.matmul'], 'missing <json|@file>'],
        [['call', 'x.y', '{not json'], 'not valid JSON'],
        [['call', 'x.y', '@/nonexistent/file.json'], 'cannot read request'],
        [['jobs', 'ls', '--status', 'done'], '--status must be one of'],
        [['workers', '--nope'], 'unknown option --nope'],
        [['datasets', 'ls', '--watch'], 'datasets ls does not take --watch'],
        [['call', 'x.y', '{}', '--timeout', 'soon'], '--timeout must be a positive integer'],
        [['submit', 'dl.x', '[1,2]'], 'params must be a JSON object'],
      ];
      // no server is needed to reject usage: point at a closed port to prove it is never contacted
      const results = await Promise.all(cases.map(([args]) => runCli(args, { env: { NATS_URL: 'nats://127.0.0.1:1' } })));
      results.forEach((r, i) => {
        expect({ args: cases[i][0], code: r.code }).toEqual({ args: cases[i][0], code: 2 });
        expect(r.stderr).toContain(cases[i][1]);
      });
    });

    it('exits 5 with instructions when NATS is unreachable', async () => {
      const r = await runCli(['datasets', 'ls', '--server', 'nats://127.0.0.1:1']);
      expect(r.code).toBe(5);
      expect(r.stderr).toContain('cannot connect to NATS at nats://127.0.0.1:1');
      expect(r.stderr).toContain('NATS_URL');
      expect(r.stderr).toContain('npm run dev');
    });
  });

  describe('call', () => {
    it('prints the reply data (pretty, or one JSON line with --json), exit 0', async () => {
      const human = await runCli(['call', `${run}.add`, '{"a":2,"b":3.5}']);
      expect(human.code).toBe(0);
      expect(JSON.parse(human.stdout)).toEqual({ sum: 5.5 });
      const file = join(dir, 'req.json');
      await writeFile(file, '{"a":1,"b":1}');
      const machine = await runCli(['call', `${run}.add`, `@${file}`, '--json']);
      expect(machine.code).toBe(0);
      expect(machine.stdout.trim().split('\n')).toHaveLength(1);
      expect(JSON.parse(machine.stdout)).toEqual({ sum: 2 });
      const stdin = await runCli(['call', `${run}.add`, '@-'], { stdin: '{"a":-1,"b":1}' });
      expect(JSON.parse(stdin.stdout)).toEqual({ sum: 0 });
    });

    it('exits 3 with CODE: message on an error envelope (and the body on stdout with --json)', async () => {
      const r = await runCli(['call', `${run}.bad`, '{}', '--json']);
      expect(r.code).toBe(3);
      expect(r.stderr).toContain('INVALID_ARGUMENT: b must be a finite number');
      expect(JSON.parse(r.stdout)).toEqual({ ok: false, error: { code: 'INVALID_ARGUMENT', message: 'b must be a finite number' } });
    });

    it('exits 3 naming the service when nobody answers', async () => {
      const r = await runCli(['call', `ts.${run}-none`, '{}']);
      expect(r.code).toBe(3);
      expect(r.stderr).toContain(`FAILED_PRECONDITION: no service answers ts.${run}-none: is the timeseries service running?`);
    });
  });

  describe('datasets', () => {
    it('puts a file and lists it (human and --json)', async () => {
      const name = `cli-${run}.csv`;
      cleanups.push(async () => (await new Objm(jetstream(nc)).open(DATASETS_BUCKET)).delete(name).catch(() => undefined));
      const content = 'x,label\n1,0\n2,1\n';
      const file = join(dir, 'data.csv');
      await writeFile(file, content);
      const put = await runCli(['datasets', 'put', name, file, '--json', '--description', 'two rows']);
      expect(put.code).toBe(0);
      const info = JSON.parse(put.stdout);
      expect(info).toMatchObject({ name, size: content.length, digest: createHash('sha256').update(content).digest('hex'), description: 'two rows' });
      const ls = await runCli(['datasets', 'ls', '--json']);
      expect(ls.code).toBe(0);
      expect((JSON.parse(ls.stdout) as { name: string }[]).find((d) => d.name === name)).toMatchObject({ size: content.length });
      const human = await runCli(['datasets', 'ls']);
      expect(human.stdout).toMatch(new RegExp(`^${name.replace(/\./g, '\\.')}\\s+${content.length} B`, 'm'));
      const rm = await runCli(['datasets', 'rm', name]);
      expect([rm.code, rm.stdout]).toEqual([0, `deleted ${name}\n`]);
      expect((JSON.parse((await runCli(['datasets', 'ls', '--json'])).stdout) as { name: string }[]).some((d) => d.name === name)).toBe(false);
      const again = await runCli(['datasets', 'rm', name]);
      expect(again.code).toBe(3);
      expect(again.stderr).toContain(`no dataset named ${name}`);
    });

    it('exits 3 for a bad dataset name and 2 for a missing file argument', async () => {
      expect((await runCli(['datasets', 'put', 'a b', join(dir, 'data.csv')])).code).toBe(3);
      expect((await runCli(['datasets', 'put', 'x'])).code).toBe(2);
    });
  });

  describe('jobs', () => {
    const kind = `dl.cli-test-${run}`;
    beforeAll(() => {
      cleanups.push(async () => {
        const jsm = await jetstreamManager(nc);
        await jsm.streams.purge(jobsStreamName('dl'), { filter: `jobs.${kind}` }).catch(() => undefined);
        for await (const k of await kv.keys()) if (k.startsWith(`cli-${run}`) || k.startsWith(`dl-cli-test-${run}`)) await kv.purge(k);
      });
    });
    async function finish(jobId: string, patch: Partial<JobState>) {
      const cur = (await kv.get(jobId))!.json<JobState>();
      const s = { ...cur, ...patch, updatedAt: new Date().toISOString() };
      await kv.put(jobId, JSON.stringify(s));
      nc.publish(`events.jobs.${jobId}`, JSON.stringify({ jobId, status: s.status, progress: s.progress, message: s.message, at: s.updatedAt, state: s }));
    }

    it('submit --json prints the queued state; jobs show and jobs ls find it', async () => {
      const r = await runCli(['submit', kind, '{"epochs":2}', '--json', '--job-id', `cli-${run}-a`]);
      expect(r.code).toBe(0);
      const s = JSON.parse(r.stdout) as JobState;
      expect(s).toMatchObject({ jobId: `cli-${run}-a`, service: 'deep-learning', kind: `cli-test-${run}`, status: 'queued' });
      const show = await runCli(['jobs', 'show', s.jobId, '--json']);
      expect(JSON.parse(show.stdout).jobId).toBe(s.jobId);
      const ls = await runCli(['jobs', 'ls', '--status', 'queued', '--json']);
      expect((JSON.parse(ls.stdout) as JobState[]).some((j) => j.jobId === s.jobId)).toBe(true);
      const again = await runCli(['submit', kind, '{"params":{"epochs":2},"jobId":"' + s.jobId + '"}']);
      expect(again.code).toBe(0);
      expect(again.stderr).toContain('already submitted');
    });

    it('submit --watch prints one line per event when stderr is not a terminal, then the final state', async () => {
      const jobId = `cli-${run}-watch`;
      const watching = startCli(['submit', kind, '{}', '--job-id', jobId, '--watch', '--json']);
      // play the replica once the watcher has printed the queued state (it subscribed before reading it)
      await watching.stderrMatches(/ queued /);
      await finish(jobId, { status: 'running', progress: 0.5, attempt: 1, message: 'epoch 1/2' });
      await watching.stderrMatches(/ running /);
      await finish(jobId, { status: 'succeeded', progress: 1, message: 'done', model: `${jobId}.model` });
      const r = await watching.done;
      expect(r.code).toBe(0);
      expect(JSON.parse(r.stdout)).toMatchObject({ jobId, status: 'succeeded', model: `${jobId}.model` });
      const lines = r.stderr.trim().split('\n');
      expect(lines.some((l) => / running\s+50% epoch 1\/2$/.test(l))).toBe(true);
      expect(lines.at(-1)).toMatch(/ succeeded\s+100% done$/);
      expect(r.stderr).not.toContain('\r');
    });

    it('jobs watch exits 4 with CODE: message when the job failed', async () => {
      const jobId = `cli-${run}-fail`;
      expect((await runCli(['submit', kind, '{}', '--job-id', jobId])).code).toBe(0);
      await finish(jobId, { status: 'failed', progress: 0.3, error: { code: 'INVALID_ARGUMENT', message: 'labelColumn "y" not found' } });
      const r = await runCli(['jobs', 'watch', jobId]);
      expect(r.code).toBe(4);
      expect(r.stderr).toContain('INVALID_ARGUMENT: labelColumn "y" not found');
      expect(r.stdout).toMatch(/^status:\s+failed$/m);
    });

    it('jobs show exits 3 NOT_FOUND for an unknown job', async () => {
      const r = await runCli(['jobs', 'show', `cli-${run}-none`]);
      expect(r.code).toBe(3);
      expect(r.stderr).toContain('NOT_FOUND');
    });
  });

  describe('workers', () => {
    let svc: Service;
    const name = `cli-test-${run}`;
    beforeAll(async () => {
      svc = await new Svcm(nc).add({
        name,
        version: '1.0.0',
        queue: name,
        statsHandler: async () => ({
          instance: 'host-a',
          pool: { threads: 2, maxThreads: 4, utilization: 0.5, queueSize: 3, maxQueue: 64, completed: 17, failed: 2, runP50Ms: 1, runP99Ms: 2 },
          inFlightJobs: ['j-1'],
        }),
      });
      svc.addEndpoint('status', { subject: `${name}.status`, handler: (_e, m) => m.respond('{}') });
      cleanups.push(() => svc.stop());
    });

    it('prints one line per replica with threads, utilisation, queue, done and failed', async () => {
      const r = await runCli(['workers', '--service', name]);
      expect(r.code).toBe(0);
      const line = r.stdout.split('\n').find((l) => l.startsWith(name));
      expect(line).toBeDefined();
      expect(line!.split(/\s{2,}/)).toEqual([name, 'host-a', svc.info().id, '2/4', '50%', '3/64', '17', '2', 'j-1']);
      const json = await runCli(['workers', '--service', name, '--json']);
      expect(JSON.parse(json.stdout)).toHaveLength(1);
    });
  });
  describe('itemsets listing and rules (a real recommendation service)', () => {
    // string items that need byte-order care and quoting; counts checked against brute force
    const NAMES = ['milk', 'bread', 'whole milk', 'beer, lager', 'é'];
    const byteOrder = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b));
    let seed = 7;
    const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const tx = Array.from({ length: 120 }, () => NAMES.map((_, i) => i).filter((i) => rnd() < 0.25 + i * 0.1));
    const minCount = 12;
    const expectedListing = [...Array(1 << NAMES.length).keys()]
      .slice(1)
      .map((m) => [m, tx.filter((t) => NAMES.every((_, i) => !(m & (1 << i)) || t.includes(i))).length])
      .filter(([, c]) => c >= minCount)
      .map(([m, c]) => `${NAMES.filter((_, i) => m & (1 << i)).sort(byteOrder).map((x) => `${x} `).join('')}(${c})\n`)
      .sort(byteOrder);
    let svc: StartedService;
    let itemsets: string;
    let rules: string;
    const finished = async (args: string[]) => {
      const r = await runCli([...args, '--watch', '--json']);
      expect(r.code).toBe(0);
      return JSON.parse(r.stdout) as JobState;
    };

    beforeAll(async () => {
      svc = await startService('recommendation', { env: { NATS_URL: process.env['NATS_URL'] ?? 'nats://127.0.0.1:4222', WORKERS_MAX: '1' } });
      cleanups.push(() => svc.stop('SIGTERM'));
      const file = join(dir, 'baskets.csv');
      await writeFile(file, tx.map((t) => t.map((i) => (NAMES[i].includes(',') ? `"${NAMES[i]}"` : NAMES[i])).join(',')).join('\n'));
      expect((await runCli(['datasets', 'put', `cli-${run}-baskets`, file])).code).toBe(0);
      cleanups.push(() => runCli(['datasets', 'rm', `cli-${run}-baskets`]));
      const mined = await finished(['submit', 'rec.fpgrowth', JSON.stringify({ dataset: `cli-${run}-baskets`, format: 'csv-baskets', minCount }), '--job-id', `cli-${run}-fp`]);
      itemsets = String(mined.result);
      rules = String((await finished(['submit', 'rec.rules', JSON.stringify({ result: itemsets, minConfidence: 0.2 }), '--job-id', `cli-${run}-rules`])).result);
    });

    it('itemsets listing writes the canonical listing to --out (or stdout) with a progress line on stderr', async () => {
      const out = join(dir, 'listing.txt');
      const r = await runCli(['itemsets', 'listing', itemsets, '--out', out]);
      expect(r.code).toBe(0);
      expect(await readFile(out, 'utf8')).toBe(expectedListing.join(''));
      const n = expectedListing.length;
      expect(r.stderr).toContain(`${itemsets} listing: ${n}/${n} (100%)\n`);
      expect(r.stderr).toContain(`wrote ${n} lines to ${out}\n`);
      expect(r.stderr).not.toContain('\r'); // not a terminal: plain lines
      const stdout = await runCli(['itemsets', 'listing', itemsets]);
      expect(stdout.stdout).toBe(expectedListing.join(''));
    });

    it('rules writes every rule of a rules result as rec.rules gives them: tab-separated, --json lines, --sort-by', async () => {
      const { rules: expected } = await callJson<{ rules: Array<{ antecedent: string[]; consequent: string[]; support: number; confidence: number; lift: number; leverage: number; conviction: number | null }> }>(
        'rec.rules', { result: itemsets, minConfidence: 0.2, limit: 100_000 });
      expect(expected.length).toBeGreaterThan(20);
      const out = join(dir, 'rules.tsv');
      const r = await runCli(['rules', rules, '--out', out]);
      expect(r.code).toBe(0);
      const lines = (await readFile(out, 'utf8')).split('\n');
      expect(lines[0]).toBe('antecedent\tconsequent\tsupport\tconfidence\tlift\tleverage\tconviction');
      expect(lines.slice(1, -1)).toEqual(expected.map((x) => [x.antecedent.join(' '), x.consequent.join(' '), x.support, x.confidence, x.lift, x.leverage, x.conviction ?? 'Inf'].join('\t')));
      expect(r.stderr).toContain(`wrote ${expected.length} rules to ${out}\n`);
      const json = await runCli(['rules', rules, '--json']);
      expect(json.stdout.trim().split('\n').map((l) => JSON.parse(l))).toEqual(expected);
      const byLift = await runCli(['rules', rules, '--json', '--sort-by', 'lift']);
      const expectedByLift = await callJson<{ rules: unknown[] }>('rec.rules', { result: itemsets, minConfidence: 0.2, limit: 100_000, measure: 'lift' });
      expect(byLift.stdout.trim().split('\n').map((l) => JSON.parse(l))).toEqual(expectedByLift.rules);
    });

    it('exit 3 with the service error for the wrong kind of result or none; exit 2 for a bad --sort-by', async () => {
      const wrong = await runCli(['rules', itemsets]);
      expect(wrong.code).toBe(3);
      expect(wrong.stderr).toContain('FAILED_PRECONDITION');
      const none = await runCli(['itemsets', 'listing', `itemsets-cli-${run}-none`]);
      expect(none.code).toBe(3);
      expect(none.stderr).toContain('NOT_FOUND');
      const bad = await runCli(['rules', rules, '--sort-by', 'gini']);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toContain('--sort-by must be one of');
    });

    async function callJson<T>(subject: string, body: unknown): Promise<T> {
      const r = await runCli(['call', subject, JSON.stringify(body), '--json']);
      expect(r.code).toBe(0);
      return JSON.parse(r.stdout) as T;
    }
  });
});
