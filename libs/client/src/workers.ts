import type { NatsConnection } from '@nats-io/nats-core';
import type { PoolStats } from '@modelbus/contracts';
import { isNoResponders } from './nats-errors';

export type { PoolStats };

export interface WorkerInfo {
  /** Service name (timeseries, recommendation, deep-learning, linear-algebra, or any other micro service). */
  service: string;
  /** Instance id assigned by the NATS services framework. */
  id: string;
  version: string;
  /** The replica's own instance name (hostname/pod), when it reports one. */
  instance?: string;
  started?: string;
  /** Absent when the replica does not report Modelbus pool stats. */
  pool?: PoolStats;
  inFlightJobs: string[];
}

interface StatsReply {
  name?: string;
  id?: string;
  version?: string;
  started?: string;
  data?: unknown;
  metadata?: Record<string, string>;
  endpoints?: { data?: unknown }[];
}

interface ModelbusStatsData {
  instance?: string;
  pool?: PoolStats;
  inFlightJobs?: string[];
}

function isModelbusData(d: unknown): d is ModelbusStatsData {
  return d !== null && typeof d === 'object' && ('pool' in d || 'inFlightJobs' in d);
}

/**
 * The Modelbus data may sit at the top level or, as the @nats-io/services statsHandler puts it,
 * in each endpoint's `data` (identical for every endpoint of a replica); take the first found.
 */
export function parseStats(reply: StatsReply): WorkerInfo | null {
  if (!reply.name || !reply.id) return null;
  const data = [reply.data, ...(reply.endpoints ?? []).map((e) => e.data)].find(isModelbusData);
  const w: WorkerInfo = { service: reply.name, id: reply.id, version: reply.version ?? '', inFlightJobs: data?.inFlightJobs ?? [] };
  const instance = data?.instance ?? reply.metadata?.['instance'];
  if (instance) w.instance = instance;
  if (reply.started) w.started = reply.started;
  if (data?.pool) w.pool = data.pool;
  return w;
}

/**
 * Every replica that answers `$SRV.STATS[.<service>]` within `waitMs`, sorted by service then id.
 * Silence (no responders) is an empty list, not an error.
 */
export async function collectWorkers(nc: NatsConnection, opts: { service?: string; waitMs?: number } = {}): Promise<WorkerInfo[]> {
  const subject = opts.service ? `$SRV.STATS.${opts.service}` : '$SRV.STATS';
  const out: WorkerInfo[] = [];
  try {
    const replies = await nc.requestMany(subject, '', { strategy: 'timer', maxWait: opts.waitMs ?? 500 });
    for await (const m of replies) {
      let parsed: StatsReply;
      try {
        parsed = m.json<StatsReply>();
      } catch {
        continue; // a non-JSON answer is not a micro service; skip it
      }
      const w = parseStats(parsed);
      if (w) out.push(w);
    }
  } catch (e) {
    if (!isNoResponders(e)) throw e;
  }
  return out.sort((a, b) => a.service.localeCompare(b.service) || a.id.localeCompare(b.id));
}
