// Independent brute-force oracles for the specs (not exported from index.ts).
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import fc from 'fast-check';

/** The shared data folder: $MODELBUS_DATA_DIR, else ../shared/data beside the repository. */
const DATA_DIR = process.env['MODELBUS_DATA_DIR'] ?? resolve(__dirname, '../../../../../shared/data');

export function loadFim(name: 'mushroom' | 'chess'): Uint8Array {
  return gunzipSync(readFileSync(join(DATA_DIR, 'fim', `${name}.dat.gz`)));
}

/** Random small databases: ≤ 9 distinct items (one with a large id), ≤ 25 baskets, duplicates allowed. */
export const smallDb = fc.array(fc.array(fc.constantFrom(0, 1, 2, 3, 4, 5, 7, 11, 100000), { maxLength: 9 }), {
  minLength: 1,
  maxLength: 25,
});

/** Every itemset with count ≥ minCount, by enumerating all subsets of the item universe. Key = "a b c". */
export function bruteItemsets(db: number[][], minCount: number, maxLength = Infinity): Map<string, number> {
  const universe = [...new Set(db.flat())].sort((a, b) => a - b);
  const sets = db.map((t) => new Set(t));
  const out = new Map<string, number>();
  for (let mask = 1; mask < 1 << universe.length; mask++) {
    const members = universe.filter((_, i) => mask & (1 << i));
    if (members.length > maxLength) continue;
    const count = sets.filter((s) => members.every((x) => s.has(x))).length;
    if (count >= minCount) out.set(members.join(' '), count);
  }
  return out;
}

/** The canonical listing written independently of listing.ts. */
export function listingOf(sets: Map<string, number>): string {
  const lines = [...sets].map(([k, c]) => `${k} (${c})\n`);
  lines.sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
  return lines.join('');
}

export interface BruteRule {
  antecedent: number[];
  consequent: number[];
  cZ: number;
  cX: number;
  cY: number;
}

/** All rules with confidence ≥ confNum/den and lift ≥ liftNum/den, decided in exact integer arithmetic. */
export function bruteRules(sets: Map<string, number>, n: number, confNum: number, liftNum: number, den: number): BruteRule[] {
  const rules: BruteRule[] = [];
  for (const [key, cZ] of sets) {
    const z = key.split(' ').map(Number);
    for (let mask = 1; mask < (1 << z.length) - 1; mask++) {
      const x = z.filter((_, i) => mask & (1 << i));
      const y = z.filter((_, i) => !(mask & (1 << i)));
      const cX = sets.get(x.join(' '))!;
      const cY = sets.get(y.join(' '))!;
      if (cZ * den < confNum * cX) continue;
      if (cZ * n * den < liftNum * cX * cY) continue;
      rules.push({ antecedent: x, consequent: y, cZ, cX, cY });
    }
  }
  return rules;
}
