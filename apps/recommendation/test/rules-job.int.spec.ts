import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ModelbusClient, ModelbusError } from '@modelbus/client';
import type { MinedRuleJson, RulesPageReply, RulesPageRequest } from '@modelbus/contracts';
import { startService, type StartedService } from '../../../tools/dev/services.mjs';

const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
const run = randomUUID().slice(0, 8);
const MUSHROOM = readFileSync(join(__dirname, '../../../tools/dev/samples/mushroom.dat.gz'));

const key = (r: MinedRuleJson) => `${r.antecedent.join(' ')}=>${r.consequent.join(' ')}`;
const fail = async (p: Promise<unknown>) => (await p.then(() => undefined, (e: unknown) => e)) as ModelbusError;

describe('recommendation: jobs.rec.rules and rec.rules.page', () => {
  let svc: StartedService;
  let client: ModelbusClient;
  let mushroom: string;

  /** A finished job's state (its result named: a failed job rejects). */
  const job = async (jobId: string, kind: string, params: Record<string, unknown>) => {
    const st = await (await client.submit(kind, { jobId: `it-${run}-${jobId}`, params })).result({ timeoutMs: 50_000 });
    expect(typeof st.result).toBe('string');
    return { ...st, result: String(st.result) };
  };
  /** Every rule of a stored rules result, page by page; the pages' sizes and totals are checked on the way. */
  const pageAll = async (result: string, req: Omit<RulesPageRequest, 'result'> = {}) => {
    const rules: MinedRuleJson[] = [];
    let pages = 0;
    let total = -1;
    for (let offset: number | undefined = 0; offset !== undefined; pages++) {
      const page: RulesPageReply = await client.call('rec.rules.page', { result, ...req, offset });
      if (total >= 0) expect(page.total).toBe(total);
      total = page.total;
      expect(page.rules.length).toBeGreaterThan(0);
      expect(page.rules.length).toBeLessThanOrEqual(req.limit ?? 1000);
      rules.push(...page.rules);
      offset = page.nextOffset;
      if (offset !== undefined) expect(offset).toBe(rules.length);
    }
    return { rules, total, pages };
  };

  beforeAll(async () => {
    svc = await startService('recommendation', { env: { NATS_URL, WORKERS_MAX: '2' } });
    client = await ModelbusClient.connect({ servers: NATS_URL });
    await client.datasets.put(`it-${run}-mushroom`, MUSHROOM);
    await client.datasets.put(`it-${run}-csv`, 'milk,bread\nmilk,"beer, lager"\nbread,é\nmilk,bread,é\nmilk,bread\n"beer, lager",é\n');
    mushroom = (await job('mushroom', 'rec.fpgrowth', { dataset: `it-${run}-mushroom`, minSupport: 0.2 })).result;
  });
  afterAll(async () => {
    for (const d of ['mushroom', 'csv']) await client?.datasets.delete(`it-${run}-${d}`).catch(() => undefined);
    await client?.close();
    expect((await svc?.stop('SIGTERM'))?.code).toBe(0);
  });

  it('mushroom 20 %, confidence 1 (too many rules for rec.rules): every rule paged exactly once, agreeing with rec.rules and a recount', async () => {
    const st = await job('mush-rules', 'rec.rules', { result: mushroom, minConfidence: 1, maxConsequent: 1 });
    // 285,243 rules X ⇒ {y} with count(X) = count(X ∪ {y}), counted independently by enumerating every
    // itemset's subsets (by consequent size the full listing has 285243, 781884, …, 1: 7,053,292 rules)
    expect(st.summary).toMatchObject({ ruleCount: 285_243, byConsequent: [285_243], transactions: 8124, measure: 'confidence', sortOrders: ['confidence', 'lift', 'support', 'leverage', 'conviction'] });
    expect(st.result).toBe(`rules-it-${run}-mush-rules`);

    const { rules, total, pages } = await pageAll(st.result, { limit: 10_000 });
    expect(total).toBe(285_243);
    expect(rules.length).toBe(total);
    expect(new Set(rules.map(key)).size).toBe(total); // no rule twice
    // pages stop early rather than overflow one NATS message: 285,243 rules take more than 29 pages of 10,000
    expect(pages).toBeGreaterThan(29);
    for (const r of rules) {
      expect([r.confidence, r.consequent.length, r.conviction]).toEqual([1, 1, null]);
    }
    for (let i = 1; i < rules.length; i++) expect(rules[i - 1].lift).toBeGreaterThanOrEqual(rules[i].lift);

    // the head of every order is rec.rules' top-k with that measure
    expect(rules.slice(0, 1000)).toEqual((await client.call('rec.rules', { result: mushroom, minConfidence: 1, maxConsequent: 1, limit: 1000 })).rules);
    for (const measure of ['lift', 'support', 'leverage'] as const) {
      const page: RulesPageReply = await client.call('rec.rules.page', { result: st.result, sortBy: measure, limit: 500 });
      expect(page.rules).toEqual((await client.call('rec.rules', { result: mushroom, minConfidence: 1, maxConsequent: 1, limit: 500, measure })).rules);
    }

    // a few rules recounted from the transactions
    const tx = gunzipSync(MUSHROOM).toString().trim().split('\n').map((l) => new Set(l.trim().split(/\s+/).map(Number)));
    const count = (items: Array<number | string>) => tx.filter((t) => items.every((i) => t.has(Number(i)))).length;
    for (const r of [rules[0], rules[123_456], rules[rules.length - 1]]) {
      const [cz, cx, cy] = [count([...r.antecedent, ...r.consequent]), count(r.antecedent), count(r.consequent)];
      expect(cz).toBe(cx); // confidence 1
      expect(r.support).toBeCloseTo(cz / tx.length, 15);
      expect(r.lift).toBeCloseTo((cz * tx.length) / (cx * cy), 12);
      expect(r.leverage).toBeCloseTo(cz / tx.length - (cx / tx.length) * (cy / tx.length), 15);
    }
  });

  it('string items: pages carry the names, equal to rec.rules in every order; limit keeps the top rules by measure', async () => {
    const { result } = await job('csv', 'rec.fpgrowth', { dataset: `it-${run}-csv`, format: 'csv-baskets', minCount: 1 });
    const st = await job('csv-rules', 'rec.rules', { result, minConfidence: 0, measure: 'lift' });
    const all = await pageAll(st.result, { limit: 3 });
    expect(all.rules).toEqual((await client.call('rec.rules', { result: result, minConfidence: 0, measure: 'lift' })).rules);
    expect(all.rules.flatMap((r) => [...r.antecedent, ...r.consequent])).toContain('beer, lager');
    for (const sortBy of ['confidence', 'support', 'conviction'] as const) {
      const page: RulesPageReply = await client.call('rec.rules.page', { result: st.result, sortBy, limit: 10_000 });
      expect(page.rules).toEqual((await client.call('rec.rules', { result: result, minConfidence: 0, measure: sortBy })).rules);
    }
    // only the orders asked for (and confidence, measure's) are stored; another sortBy says how to get it
    const few = await job('csv-few', 'rec.rules', { result, minConfidence: 0, measure: 'lift', sortOrders: [] });
    expect(few.summary).toMatchObject({ sortOrders: ['confidence', 'lift'] });
    expect((few.summary as { bytes: number }).bytes).toBeLessThan((st.summary as { bytes: number }).bytes);
    expect((await pageAll(few.result, { limit: 3 })).rules).toEqual(all.rules);
    const missing = await fail(client.call('rec.rules.page', { result: few.result, sortBy: 'support' }));
    expect(missing.code).toBe('FAILED_PRECONDITION');
    expect(missing.message).toMatch(/stored without the support order .*sortOrders including support/);
    const top = await job('csv-top', 'rec.rules', { result, minConfidence: 0, measure: 'support', limit: 4 });
    expect(top.summary).toMatchObject({ ruleCount: 4 });
    expect((await pageAll(top.result)).rules).toEqual((await client.call('rec.rules', { result: result, minConfidence: 0, measure: 'support', limit: 4 })).rules);
  });

  it('bad inputs: unknown result NOT_FOUND, a closed result FAILED_PRECONDITION, past maxRules RESOURCE_EXHAUSTED with the count', async () => {
    const unknown = await fail(job('unknown', 'rec.rules', { result: `itemsets-it-${run}-none`, minConfidence: 0.5 }));
    expect(unknown.code).toBe('NOT_FOUND');
    expect(unknown.message).toContain(`itemsets-it-${run}-none`);

    const closed = await job('closed', 'rec.fpgrowth', { dataset: `it-${run}-csv`, format: 'csv-baskets', minCount: 1, mode: 'closed' });
    const notAll = await fail(job('closed-rules', 'rec.rules', { result: closed.result, minConfidence: 0.5 }));
    expect(notAll.code).toBe('FAILED_PRECONDITION');
    expect(notAll.message).toMatch(/closed itemsets; rules need a result mined with mode "all"/);

    const big = await fail(job('too-many', 'rec.rules', { result: mushroom, minConfidence: 1, maxRules: 1000 }));
    expect(big.code).toBe('RESOURCE_EXHAUSTED');
    expect(big.message).toMatch(/1001 rules produced so far, more than the limit of 1000/);

    const badParams = await fail(job('bad-params', 'rec.rules', { result: mushroom, minConfidence: 1.5 }));
    expect(badParams.code).toBe('INVALID_ARGUMENT');
    expect(badParams.message).toContain('minConfidence must be a fraction in [0, 1]');

    // pages of something that is not a rules result, or of nothing
    const wrongKind = await fail(client.call('rec.rules.page', { result: mushroom }));
    expect(wrongKind.code).toBe('FAILED_PRECONDITION');
    expect(wrongKind.message).toMatch(/not a fpgrowth-rules/);
    expect((await fail(client.call('rec.rules.page', { result: `rules-it-${run}-none` }))).code).toBe('NOT_FOUND');
    expect((await fail(client.call('rec.rules.page', { result: mushroom, limit: 0 }))).code).toBe('INVALID_ARGUMENT');
  });
});
