import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ModelbusError } from '@modelbus/client';

const FIXTURES = join(__dirname, '../../../libs/math/timeseries/src/__fixtures__');

/** The Nile annual flow 1871–1970 (time,value CSV as shipped by R/statsmodels). */
export const NILE_CSV = readFileSync(join(FIXTURES, 'nile.csv'), 'utf8');
export const NILE: number[] = NILE_CSV.trim().split('\n').slice(1).map((l) => Number(l.split(',')[1]));

/** statsmodels 0.13.5 UnobservedComponents('llevel', use_exact_diffuse=True) on Nile (see the fixtures README). */
export const NILE_REF = JSON.parse(readFileSync(join(FIXTURES, 'nile_local_level_statsmodels.json'), 'utf8')).mle_exact_diffuse;

/** A JSON fixture of libs/math/timeseries/src/__fixtures__ (references and R's datasets; see its README). */
export const fixture = (name: string): any => JSON.parse(readFileSync(join(FIXTURES, name), 'utf8'));

/** R's datasets (LakeHuron, lh, WWWusage, UKgas, Nile, …): `{ name: { values } }`. */
export const R_DATASETS = fixture('r_datasets.json');

/** LakeHuron with missing cells (every 17th from 5, and 40..43) as null, the JSON form of NA. */
export const LAKE_HURON_GAPPY: (number | null)[] = R_DATASETS.LakeHuron.values.map((v: number, t: number) => (t % 17 === 5 || (t >= 40 && t < 44) ? null : v));

/** Max relative difference max|a − b| / max(|b|, 1e-300) over paired elements. */
export function maxRel(a: (number | null)[], b: number[]): number {
  let m = 0;
  for (let i = 0; i < b.length; i++) m = Math.max(m, Math.abs((a[i] as number) - b[i]) / Math.max(Math.abs(b[i]), 1e-300));
  return m;
}

/** The ModelbusError a promise rejects with (fails the test when it resolves). */
export async function rejection(p: Promise<unknown>): Promise<ModelbusError> {
  const r = await p.then(
    (v) => new Error(`expected a rejection, got ${JSON.stringify(v).slice(0, 200)}`),
    (e: unknown) => e,
  );
  if (!(r instanceof ModelbusError)) throw r;
  return r;
}

/** Seeded LCG + Box–Muller for test data (independent of the service's RNG). */
export function gaussian(seed: number): () => number {
  let s = seed >>> 0;
  const u = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) + 0.5) / 2 ** 32;
  return () => Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u());
}

/**
 * How long a test waits for a job's final state. Test files run in parallel, each with its own service
 * instance on the shared NATS jobs stream: a job pulled by an instance that is shutting down comes back
 * only after the consumer's AckWait (JOBS_ACK_WAIT_MS, 30 s), so the wait must exceed that (and stay
 * under the 60 s test timeout).
 */
export const JOB_RESULT_TIMEOUT_MS = 45_000;
