import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ModelbusClient, ModelbusError } from '@modelbus/client';
import { startService, type StartedService } from '../../../tools/dev/services.mjs';

const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
const run = randomUUID().slice(0, 8);

/** Random transactions over items 1..8 (seeded LCG), FIMI text. */
function transactions(n: number, seed: number): number[][] {
  let s = seed;
  const rnd = () => (s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  return Array.from({ length: n }, () => [1, 2, 3, 4, 5, 6, 7, 8].filter((i) => rnd() < 0.15 + i * 0.06));
}
const fimi = (tx: number[][]) => tx.map((t) => t.join(' ') + ' \n').join('');

/** Brute force: the count of every subset of the 8 items (bitmask), independent of FP-Growth. */
function bruteCounts(tx: number[][]): Map<number, number> {
  const counts = new Map<number, number>();
  for (let mask = 1; mask < 256; mask++) {
    let c = 0;
    for (const t of tx) if ([...Array(8).keys()].every((b) => !(mask & (1 << b)) || t.includes(b + 1))) c++;
    counts.set(mask, c);
  }
  return counts;
}
// rule items are typed number | string (names for string datasets); this dataset's are numbers
const bits = (items: Array<number | string>) => items.reduce<number>((m, i) => m | (1 << (Number(i) - 1)), 0);

describe('recommendation service', () => {
  let svc: StartedService;
  let client: ModelbusClient;
  const tx = transactions(400, 5);
  const counts = bruteCounts(tx);
  const minSupport = 0.1;
  const minCount = Math.ceil(minSupport * tx.length);

  beforeAll(async () => {
    svc = await startService('recommendation', { env: { NATS_URL } });
    client = await ModelbusClient.connect({ servers: NATS_URL });
    await client.datasets.put(`it-${run}-baskets`, fimi(tx));
    await client.datasets.put(`it-${run}-broken`, '1 2 3 \n4 x 5 \n');
  });
  afterAll(async () => {
    for (const d of ['baskets', 'broken']) await client?.datasets.delete(`it-${run}-${d}`).catch(() => undefined);
    await client?.close();
    expect((await svc?.stop('SIGTERM'))?.code).toBe(0);
  });

  it('mines frequent itemsets as a job; counts agree with brute-force enumeration; rules match their definitions', async () => {
    const job = await client.submit('rec.fpgrowth', { jobId: `it-${run}-fp`, params: { dataset: `it-${run}-baskets`, minSupport } });
    const state = await job.result({ timeoutMs: 30_000 });
    const frequent = [...counts.entries()].filter(([, c]) => c >= minCount);
    const byLength: number[] = [];
    for (const [mask] of frequent) {
      const len = mask.toString(2).replace(/0/g, '').length;
      byLength[len - 1] = (byLength[len - 1] ?? 0) + 1;
    }
    expect(state.summary).toMatchObject({ itemsetCount: frequent.length, byLength, minCount, transactions: tx.length, mode: 'all' });
    expect(state.result).toBe(`itemsets-it-${run}-fp`);

    const { rules } = await client.call('rec.rules', { result: state.result!, minConfidence: 0.3, minLift: 1.0, limit: 10_000 });
    // every rule's measures from the brute-force counts: support = c(XY)/N, confidence = c(XY)/c(X), lift = conf/(c(Y)/N)
    let expectedCount = 0;
    for (const [z, cz] of frequent) {
      for (let x = (z - 1) & z; x > 0; x = (x - 1) & z) {
        const y = z & ~x;
        const conf = cz / counts.get(x)!;
        const lift = conf / (counts.get(y)! / tx.length);
        if (conf >= 0.3 && lift >= 1.0) expectedCount++;
      }
    }
    expect(rules.length).toBe(expectedCount);
    for (const r of rules) {
      const cz = counts.get(bits([...r.antecedent, ...r.consequent]))!;
      expect(r.support).toBeCloseTo(cz / tx.length, 12);
      expect(r.confidence).toBeCloseTo(cz / counts.get(bits(r.antecedent))!, 12);
      expect(r.lift).toBeCloseTo((cz / counts.get(bits(r.antecedent))!) / (counts.get(bits(r.consequent))! / tx.length), 12);
    }
    for (let i = 1; i < rules.length; i++) expect(rules[i - 1].confidence).toBeGreaterThanOrEqual(rules[i].confidence);
    const top3 = await client.call('rec.rules', { result: state.result!, minConfidence: 0.3, minLift: 1.0, limit: 3 });
    expect(top3.rules).toEqual(rules.slice(0, 3));
  });

  it('support thresholds at their boundaries: ceil(p·N) with p·N integral, p = 1, count = N, count > N; a BOM is skipped', async () => {
    // N = 10: item 1 in every transaction (and a BOM before the first line), item 2 in 5, item 3 in 3
    const tenTx = Array.from({ length: 10 }, (_, i) => [1, ...(i < 5 ? [2] : []), ...(i < 3 ? [3] : [])]);
    await client.datasets.put(`it-${run}-ten`, '\ufeff' + fimi(tenTx));
    const mine = async (id: string, p: object) =>
      (await client.submit('rec.fpgrowth', { jobId: `it-${run}-ten-${id}`, params: { dataset: `it-${run}-ten`, ...p } })).result({ timeoutMs: 20_000 });
    const listing = async (result: string) => ((await client.call('rec.itemsets.listing', { result, limit: 100 })) as { lines: string[] }).lines.join('');
    try {
      const cases: Array<[string, object, number, string]> = [
        ['p03', { minSupport: 0.3 }, 3, '1 (10)\n1 2 (5)\n1 2 3 (3)\n1 3 (3)\n2 (5)\n2 3 (3)\n3 (3)\n'], // 0.3·10 = 3.0000000000000004 in floating point
        ['p03plus', { minSupport: 0.30000001 }, 4, '1 (10)\n1 2 (5)\n2 (5)\n'],
        ['p1', { minSupport: 1 }, 10, '1 (10)\n'], // the item in every transaction is reported
        ['cN', { minCount: 10 }, 10, '1 (10)\n'],
        ['cN1', { minCount: 11 }, 11, ''],
      ];
      for (const [id, p, minCount, lines] of cases) {
        const st = await mine(id, p);
        expect(st.summary, id).toMatchObject({ minCount, transactions: 10, itemsetCount: lines.split('\n').length - 1 });
        expect(await listing(st.result!), id).toBe(lines);
      }
    } finally {
      await client.datasets.delete(`it-${run}-ten`).catch(() => undefined);
    }
  });

  it('fails mining of a malformed FIMI dataset with INVALID_ARGUMENT naming the line', async () => {
    const job = await client.submit('rec.fpgrowth', { params: { dataset: `it-${run}-broken`, minSupport: 0.5 } });
    const err = (await job.result({ timeoutMs: 20_000 }).catch((e: unknown) => e)) as ModelbusError;
    expect(err.code).toBe('INVALID_ARGUMENT');
    expect(err.message).toMatch(/line 2/);
  });

  it('rec.rules rejects a confidence outside [0, 1] and an unknown result', async () => {
    const bad = (await client.call('rec.rules', { result: 'x', minConfidence: 2 }).catch((e: unknown) => e)) as ModelbusError;
    expect(bad.code).toBe('INVALID_ARGUMENT');
    expect(bad.message).toContain('minConfidence');
    const missing = (await client.call('rec.rules', { result: `itemsets-it-${run}-none`, minConfidence: 0.5 }).catch((e: unknown) => e)) as ModelbusError;
    expect(missing.code).toBe('NOT_FOUND');
  });
});
