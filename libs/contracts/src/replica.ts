/** Pool figures of one replica: in `$SRV.STATS` endpoint data and the `ops.<prefix>.status` reply. */
export interface PoolStats {
  threads: number;
  maxThreads: number;
  /** Tasks running now. */
  running: number;
  /** Share of thread time spent running tasks since start, in [0, 1]. */
  utilization: number;
  queueSize: number;
  maxQueue: number;
  completed: number;
  failed: number;
  runP50Ms: number;
  runP99Ms: number;
  waitP50Ms: number;
  waitP99Ms: number;
}

/** What a replica reports about itself. */
export interface ReplicaStatus {
  instance: string;
  pool: PoolStats;
  inFlightJobs: string[];
}

/** Request/reply: the live `ReplicaStatus` of one replica of the service (queue group). */
export const replicaStatusSubject = (prefix: string) => `ops.${prefix}.status`;
