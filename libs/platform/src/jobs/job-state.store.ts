import type { KV } from '@nats-io/kv';
import type { JobState } from '@modelbus/contracts';

/**
 * Job states in the KV bucket MODELBUS_JOBS_STATE, key = job id. Writes are compare-and-set on
 * the revision, so a cancel and a worker's progress never overwrite each other silently: the
 * loser re-reads and re-applies its change.
 */
export class JobStateStore {
  constructor(private readonly kv: KV) {}

  async get(jobId: string): Promise<{ state: JobState; revision: number } | null> {
    const e = await this.kv.get(jobId);
    if (!e || e.operation !== 'PUT' || e.length === 0) return null;
    return { state: e.json<JobState>(), revision: e.revision };
  }

  /**
   * Applies `change` to the current state (or to null when none exists) and writes the result
   * with compare-and-set, retrying on conflict. Returning undefined from `change` leaves it as is.
   */
  async update(jobId: string, change: (current: JobState | null) => JobState | undefined): Promise<JobState | null> {
    for (let attempt = 0; attempt < 20; attempt++) {
      const cur = await this.get(jobId);
      const next = change(cur?.state ?? null);
      if (!next) return cur?.state ?? null;
      next.updatedAt = new Date().toISOString();
      const bytes = JSON.stringify(next);
      try {
        if (cur) await this.kv.update(jobId, bytes, cur.revision);
        else await this.kv.create(jobId, bytes);
        return next;
      } catch (err) {
        if (!/wrong last sequence|key exists/i.test((err as Error).message)) throw err;
      }
    }
    throw new Error(`job state ${jobId}: too many concurrent updates`);
  }
}
