import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ModelbusClient, ModelbusError } from '@modelbus/client';
import type { ItemsetsListingReply, ItemsetsReply, JobState } from '@modelbus/contracts';
import { startService, type StartedService } from '../../../tools/dev/services.mjs';

const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
const run = randomUUID().slice(0, 8);

// String items that need quoting or byte-order care ("whole milk" vs "whole", non-ASCII).
const NAMES = ['milk', 'bread', 'whole milk', 'whole', 'beer, lager', 'é'];
const byteOrder = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b));
/** Seeded random baskets over NAMES (LCG), each a set of indices. */
function baskets(n: number, seed: number): number[][] {
  let s = seed;
  const rnd = () => (s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  return Array.from({ length: n }, () => NAMES.map((_, i) => i).filter((i) => rnd() < 0.2 + i * 0.08));
}
const q = (x: string) => (x.includes(',') ? `"${x}"` : x);
/** Brute force: count of every subset (bitmask over NAMES). */
function counts(tx: number[][]): number[] {
  const c = new Array(1 << NAMES.length).fill(0);
  for (const t of tx) {
    const m = t.reduce((a, i) => a | (1 << i), 0);
    for (let sub = m; sub > 0; sub = (sub - 1) & m) c[sub]++;
  }
  return c;
}
const namesOf = (mask: number) => NAMES.filter((_, i) => mask & (1 << i)).sort(byteOrder);
const maskOf = (items: Array<string | number>) => items.reduce<number>((m, x) => m | (1 << NAMES.indexOf(String(x))), 0);
const line = (mask: number, c: number) => `${namesOf(mask).map((x) => `${x} `).join('')}(${c})\n`;

describe('recommendation: string datasets, modes, parallel mining, retrieval', () => {
  let svc: StartedService;
  let client: ModelbusClient;
  const tx = baskets(300, 11);
  const c = counts(tx);
  const minCount = 30;
  const frequent = c.map((v, m) => [m, v]).filter(([m, v]) => m > 0 && v >= minCount);
  const expectedListing = frequent.map(([m, v]) => line(m, v)).sort(byteOrder);

  const mine = async (jobId: string, params: Record<string, unknown>) => (await client.submit('rec.fpgrowth', { jobId: `it-${run}-${jobId}`, params })).result({ timeoutMs: 40_000 });
  const fail = async (p: Promise<unknown>) => (await p.then(() => undefined, (e: unknown) => e)) as ModelbusError;
  const listing = async (result: string) => {
    const lines: string[] = [];
    for (let offset: number | undefined = 0; offset !== undefined; ) {
      const page: ItemsetsListingReply = await client.call('rec.itemsets.listing', { result, offset, limit: 7 });
      lines.push(...page.lines);
      offset = page.nextOffset;
    }
    return lines;
  };

  beforeAll(async () => {
    svc = await startService('recommendation', { env: { NATS_URL, WORKERS_MAX: '2' } });
    client = await ModelbusClient.connect({ servers: NATS_URL });
    await client.datasets.put(`it-${run}-csv`, tx.map((t) => t.map((i) => q(NAMES[i])).join(',')).join('\r\n'));
    await client.datasets.put(`it-${run}-long`, 'transaction_id,item\n' + tx.flatMap((t, k) => t.map((i) => `t${k},${q(NAMES[i])}`)).reverse().join('\n'));
    await client.datasets.put(`it-${run}-badcsv`, 'milk,bread\nbread\nmilk,"bread\n');
    // gzip'd FIMI file as distributed in ../shared/data, copied into the demo samples (the service gunzips uploads)
    await client.datasets.put(`it-${run}-mushroom`, readFileSync(join(__dirname, '../../../tools/dev/samples/mushroom.dat.gz')));
  });
  afterAll(async () => {
    for (const d of ['csv', 'long', 'badcsv', 'mushroom']) await client?.datasets.delete(`it-${run}-${d}`).catch(() => undefined);
    await client?.close();
    expect((await svc?.stop('SIGTERM'))?.code).toBe(0);
  });

  it('CSV baskets and long format, serial and parallel: the same canonical listing as brute force, with names', async () => {
    const serial = await mine('csv-serial', { dataset: `it-${run}-csv`, format: 'csv-baskets', minCount, parallel: false });
    const par = await mine('csv-par', { dataset: `it-${run}-csv`, format: 'csv-baskets', minCount, parallel: true });
    // (long format has no empty transactions, so N differs from the CSV's: give the count)
    const long = await mine('long', { dataset: `it-${run}-long`, format: 'long', minCount });
    expect(serial.summary).toMatchObject({ itemsetCount: frequent.length, minCount, transactions: tx.length, tasks: 1 });
    expect(par.summary).toMatchObject({ itemsetCount: frequent.length, tasks: 2 });
    expect(await listing(serial.result!)).toEqual(expectedListing);
    expect(await listing(par.result!)).toEqual(expectedListing);
    expect(await listing(long.result!)).toEqual(expectedListing);
  });

  it('mushroom 20 % mined in parallel: the README totals, {85} included, listing page in byte order', async () => {
    const st = await mine('mushroom', { dataset: `it-${run}-mushroom`, minSupport: 0.2, parallel: true });
    // README (../shared/reference): 53,583 itemsets, by length 1..15
    expect(st.summary).toMatchObject({ itemsetCount: 53583, byLength: [43, 376, 1472, 3559, 6267, 8802, 10151, 9488, 7010, 4004, 1729, 546, 119, 16, 1], minCount: 1625, tasks: 2 });
    const page: ItemsetsListingReply = await client.call('rec.itemsets.listing', { result: st.result!, offset: 0, limit: 1000 });
    expect(page.total).toBe(53583);
    expect(page.nextOffset).toBe(1000);
    expect([...page.lines].sort(byteOrder)).toEqual(page.lines);
    const top: ItemsetsReply = await client.call('rec.itemsets', { result: st.result!, limit: 1 });
    expect(top.itemsets[0]).toEqual({ items: [85], count: 8124, support: 1 }); // item 85 is in every transaction
    // every X ⇒ {85} has confidence 1: far more rules than one NATS message holds
    const big = await fail(client.call('rec.rules', { result: st.result!, minConfidence: 1, maxConsequent: 1, limit: 20_000 }));
    expect(big.code).toBe('RESOURCE_EXHAUSTED');
    expect(big.message).toMatch(/max_payload/);
  });

  it('rec.itemsets pages across a large result (mushroom 20 %, 53,583 itemsets): every itemset exactly once, a stable order', async () => {
    const st = await mine('pages-big', { dataset: `it-${run}-mushroom`, minSupport: 0.2, parallel: true });
    expect(st.summary).toMatchObject({ itemsetCount: 53583 });
    for (const [sortBy, minLength] of [['support', 1], ['items', 9]] as const) {
      const seen = new Map<string, number>();
      const got: ItemsetsReply['itemsets'] = [];
      let total = 0;
      for (let offset: number | undefined = 0; offset !== undefined; ) {
        const page: ItemsetsReply = await client.call('rec.itemsets', { result: st.result!, offset, limit: 2_000, sortBy, minLength });
        if (offset === 4_000) expect(await client.call('rec.itemsets', { result: st.result!, offset, limit: 2_000, sortBy, minLength })).toEqual(page);
        got.push(...page.itemsets);
        total = page.total;
        offset = page.nextOffset;
      }
      for (const s of got) {
        expect(s.items.length).toBeGreaterThanOrEqual(minLength);
        const key = s.items.join(' ');
        seen.set(key, (seen.get(key) ?? 0) + 1);
      }
      expect(got.length).toBe(total);
      expect(seen.size).toBe(total); // no itemset twice
      if (sortBy === 'support') {
        expect(total).toBe(53583);
        for (let i = 1; i < got.length; i++) expect(got[i - 1].count).toBeGreaterThanOrEqual(got[i].count);
      } else {
        // listing order: lines `i1 i2 … (count)` byte-sorted
        const lines = got.map((s) => `${s.items.map((x) => `${x} `).join('')}(${s.count})\n`);
        expect(lines).toEqual([...lines].sort(byteOrder));
      }
    }
  });

  it('rec.itemsets pages by support with minLength; rec.rules by lift with single consequents, names and all measures', async () => {
    const { result } = await mine('pages', { dataset: `it-${run}-csv`, format: 'csv-baskets', minCount });
    const got: ItemsetsReply['itemsets'] = [];
    let total = 0;
    for (let offset: number | undefined = 0; offset !== undefined; ) {
      const page: ItemsetsReply = await client.call('rec.itemsets', { result: result!, offset, limit: 5, minLength: 2 });
      got.push(...page.itemsets);
      total = page.total;
      offset = page.nextOffset;
    }
    const expected = frequent.filter(([m]) => namesOf(m).length >= 2);
    expect(total).toBe(expected.length);
    expect(got.length).toBe(expected.length);
    for (const s of got) {
      expect(s.items).toEqual(namesOf(maskOf(s.items)));
      expect(s.count).toBe(c[maskOf(s.items)]);
      expect(s.support).toBeCloseTo(s.count / tx.length, 14);
    }
    for (let i = 1; i < got.length; i++) expect(got[i - 1].count).toBeGreaterThanOrEqual(got[i].count);

    const { rules } = await client.call('rec.rules', { result: result!, minConfidence: 0.1, measure: 'lift', maxConsequent: 1, limit: 10_000 });
    let expectedRules = 0;
    for (const [z] of frequent) for (let x = (z - 1) & z; x > 0; x = (x - 1) & z) if (namesOf(z & ~x).length === 1 && c[z] / c[x] >= 0.1) expectedRules++;
    expect(rules.length).toBe(expectedRules);
    const N = tx.length;
    for (const r of rules) {
      const [cz, cx, cy] = [c[maskOf([...r.antecedent, ...r.consequent])], c[maskOf(r.antecedent)], c[maskOf(r.consequent)]];
      expect(r.consequent.length).toBe(1);
      expect(typeof r.consequent[0]).toBe('string');
      // measures from brute-force counts; 1e-12 covers the one or two roundings of each formula
      expect(r.lift).toBeCloseTo((cz / cx) / (cy / N), 12);
      expect(r.leverage).toBeCloseTo(cz / N - (cx / N) * (cy / N), 12);
      if (cx === cz) expect(r.conviction).toBeNull();
      else expect(r.conviction!).toBeCloseTo((1 - cy / N) / (1 - cz / cx), 10);
    }
    for (let i = 1; i < rules.length; i++) expect(rules[i - 1].lift).toBeGreaterThanOrEqual(rules[i].lift);
  });

  it('closed and top-k modes with mustContain/mustNotContain; rules refuse a closed result', async () => {
    const must = maskOf(['milk']);
    const never = maskOf(['é']);
    const ok = (m: number) => (m & must) === must && (m & never) === 0;
    const all = frequent.filter(([m]) => ok(m));
    const closed = all.filter(([m, v]) => !all.some(([o, w]) => o !== m && (o & m) === m && w === v));
    const st = await mine('closed', { dataset: `it-${run}-csv`, format: 'csv-baskets', minCount, mode: 'closed', mustContain: ['milk'], mustNotContain: ['é'] });
    expect(await listing(st.result!)).toEqual(closed.map(([m, v]) => line(m, v)).sort(byteOrder));
    const err = await fail(client.call('rec.rules', { result: st.result!, minConfidence: 0.5 }));
    expect(err.code).toBe('FAILED_PRECONDITION');

    const top = await mine('top', { dataset: `it-${run}-csv`, format: 'csv-baskets', mode: 'top-k', k: 4, mustNotContain: ['é'] });
    const page: ItemsetsReply = await client.call('rec.itemsets', { result: top.result!, limit: 10 });
    const best = c.map((v, m) => [m, v]).filter(([m]) => m > 0 && (m & never) === 0).map(([, v]) => v).sort((a, b) => b - a);
    expect(page.itemsets.map((s) => s.count)).toEqual(best.slice(0, 4));
    expect(top.summary).toMatchObject({ mode: 'top-k', tasks: 1 });
  });

  it('a parallel run failing in one shard: the other shard is stopped on its thread before the job reports; the service mines on', async () => {
    // this replica's pool figures: tasks by op and outcome, and tasks running now
    const pool = async () => {
      const text = await (await fetch(`http://127.0.0.1:${svc.httpPort}/metrics`)).text();
      const tasks = (op: string | null, outcome?: string) =>
        [...text.matchAll(/^modelbus_pool_task_run_seconds_count\{([^}]*)\} (\d+)$/gm)]
          .filter(([, labels]) => (op === null ? !/op="fp(Prepare|Shard)"/.test(labels) : labels.includes(`op="${op}"`)) && (!outcome || labels.includes(`outcome="${outcome}"`)))
          .reduce((sum, m) => sum + Number(m[2]), 0);
      const running = Number(/^modelbus_pool_running_tasks(?:\{[^}]*\})? (\d+)$/m.exec(text)?.[1]);
      return { ok: tasks('fpShard', 'ok'), error: tasks('fpShard', 'error'), prepared: tasks('fpPrepare'), other: tasks(null), running };
    };
    // The figures are this replica's, so the job must run here and alone: another test file's replica of the
    // service may take a job (then, or when other tasks ran here meanwhile, the run is repeated).
    let e: ModelbusError | undefined;
    let before = await pool();
    let after = before;
    for (let attempt = 0; attempt < 5; attempt++) {
      before = await pool();
      // mushroom 5 % has 3.76 M itemsets: both shards are mid-way when their sum passes the limit
      e = await fail(mine(`stop-${attempt}`, { dataset: `it-${run}-mushroom`, minSupport: 0.05, maxItemsets: 100_000, parallel: true }));
      after = await pool();
      const ranHere = (e.details as { state?: JobState } | undefined)?.state?.worker === svc.instance;
      if (ranHere && after.prepared - before.prepared === 1 && after.other === before.other) break;
    }
    expect((e!.details as { state?: JobState }).state?.worker).toBe(svc.instance);
    expect(e!.code).toBe('RESOURCE_EXHAUSTED');
    expect(e!.message).toMatch(/\d+ itemsets produced so far, more than the limit of 100000/);
    // exactly one shard failed (at the limit); the other saw the stop flag and returned: a shard killed by
    // an abort would count as an error too, and one still mining would keep a task running
    expect(after.error - before.error).toBe(1);
    expect(after.ok - before.ok).toBe(1);
    expect(after.running).toBe(0);
    const again = await mine('stop-again', { dataset: `it-${run}-mushroom`, minSupport: 0.2, parallel: true });
    expect(again.summary).toMatchObject({ itemsetCount: 53583, tasks: 2 });
  });

  it('RESOURCE_EXHAUSTED past maxItemsets (serial and parallel); INVALID_ARGUMENT for bad params and a bad CSV line', async () => {
    for (const parallel of [false, true]) {
      const e = await fail(mine(`big-${parallel}`, { dataset: `it-${run}-csv`, format: 'csv-baskets', minCount: 1, maxItemsets: 10, parallel }));
      expect(e.code).toBe('RESOURCE_EXHAUSTED');
      expect(e.message).toMatch(/\d+ itemsets produced so far, more than the limit of 10/);
    }
    const both = await fail(client.submit('rec.fpgrowth', { params: { dataset: `it-${run}-csv`, minSupport: 0.1, minCount: 3 } }).then((j) => j.result({ timeoutMs: 20_000 })));
    expect(both.code).toBe('INVALID_ARGUMENT');
    expect(both.message).toContain('minCount');
    const bad = await fail(mine('badcsv', { dataset: `it-${run}-badcsv`, format: 'csv-baskets', minCount: 1 }));
    expect(bad.code).toBe('INVALID_ARGUMENT');
    expect(bad.message).toMatch(/line 3: unterminated quoted item/);
    const unknown = await fail(mine('unknown', { dataset: `it-${run}-csv`, format: 'csv-baskets', minCount: 1, mustContain: ['caviar'] }));
    expect(unknown.message).toMatch(/mustContain item "caviar" does not occur/);
    const both2 = await fail(mine('must-and-not', { dataset: `it-${run}-csv`, format: 'csv-baskets', minCount: 1, mustContain: ['milk'], mustNotContain: ['bread', 'milk'] }));
    expect(both2.code).toBe('INVALID_ARGUMENT');
    expect(both2.message).toMatch(/mustNotContain item "milk" is also in mustContain/);
  });
});
