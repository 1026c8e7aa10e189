import { availableParallelism, hostname } from 'node:os';
import type { ServiceName, ServicePrefix } from '@modelbus/contracts';
import { SERVICES } from '@modelbus/contracts';

/** Everything a service reads from its environment, validated once at start. */
export interface ServiceConfig {
  service: ServiceName;
  prefix: ServicePrefix;
  instanceId: string;
  natsUrl: string;
  httpHost: string;
  httpPort: number;
  workersMax: number;
  queueMax: number;
  taskTimeoutMs: number;
  jobTimeoutMs: number;
  jobsAckWaitMs: number;
  jobsMaxDeliver: number;
  jobsBackoffMs: number[];
  shutdownGraceMs: number;
  /** Byte budget (MiB) of the cache of recently read models and results; 0 turns it off. */
  modelsCacheMb: number;
  logLevel: string;
  /** The service's own integer limits (e.g. FPGROWTH_MAX_ITEMSETS), read and checked with the rest. */
  limits: Record<string, number>;
}

/** A service-specific integer setting: its default and allowed range. */
export interface LimitSpec {
  default: number;
  min: number;
  max: number;
}

export const DEFAULT_HTTP_PORTS: Record<ServiceName, number> = {
  timeseries: 3101,
  recommendation: 3102,
  'deep-learning': 3103,
  'linear-algebra': 3104,
};

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/**
 * Reads and checks the environment. Every problem is collected so the operator fixes them in one
 * go; the message names the variable, what it must be and what it was.
 */
export function loadServiceConfig(service: ServiceName, env: NodeJS.ProcessEnv = process.env, limitSpecs: Record<string, LimitSpec> = {}): ServiceConfig {
  const problems: string[] = [];
  const int = (name: string, def: number, min: number, max = Number.MAX_SAFE_INTEGER): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return def;
    const v = Number(raw);
    if (!Number.isInteger(v) || v < min || v > max) {
      problems.push(`${name} must be an integer from ${min} to ${max} (got "${raw}")`);
      return def;
    }
    return v;
  };
  const intList = (name: string, def: number[]): number[] => {
    const raw = env[name];
    if (raw === undefined || raw === '') return def;
    const parts = raw.split(',').map((s) => Number(s.trim()));
    if (parts.some((v) => !Number.isInteger(v) || v < 1)) {
      problems.push(`${name} must be a comma-separated list of positive integers in ms (got "${raw}")`);
      return def;
    }
    return parts;
  };
  const natsUrl = env.NATS_URL || 'nats://127.0.0.1:4222';
  for (const server of natsUrl.split(',')) {
    if (!/^(nats|tls|ws|wss):\/\/[^\s/]+$/.test(server.trim()) && !/^[^\s/:]+:\d+$/.test(server.trim())) {
      problems.push(`NATS_URL must be a comma-separated list of nats://host:port URLs (got "${natsUrl}")`);
      break;
    }
  }
  const logLevel = env.LOG_LEVEL || 'info';
  if (!['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].includes(logLevel)) {
    problems.push(`LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent (got "${logLevel}")`);
  }
  const config: ServiceConfig = {
    service,
    prefix: SERVICES[service].prefix,
    instanceId: env.INSTANCE_ID || `${hostname()}-${process.pid}`,
    natsUrl,
    httpHost: env.HTTP_HOST || '0.0.0.0',
    httpPort: int('HTTP_PORT', DEFAULT_HTTP_PORTS[service], 0, 65535),
    workersMax: int('WORKERS_MAX', Math.max(1, Math.min(4, availableParallelism())), 1, 1024),
    queueMax: int('QUEUE_MAX', 256, 0, 1_000_000),
    taskTimeoutMs: int('TASK_TIMEOUT_MS', 30_000, 1),
    jobTimeoutMs: int('JOB_TIMEOUT_MS', 6 * 3_600_000, 1),
    jobsAckWaitMs: int('JOBS_ACK_WAIT_MS', 30_000, 1_000),
    jobsMaxDeliver: int('JOBS_MAX_DELIVER', 5, 1, 1000),
    jobsBackoffMs: intList('JOBS_BACKOFF_MS', []),
    shutdownGraceMs: int('SHUTDOWN_GRACE_MS', 20_000, 0),
    modelsCacheMb: int('MODELS_CACHE_MB', 256, 0, 65_536),
    logLevel,
    limits: Object.fromEntries(Object.entries(limitSpecs).map(([name, l]) => [name, int(name, l.default, l.min, l.max)])),
  };
  if (config.jobsBackoffMs.length > 0 && config.jobsMaxDeliver <= config.jobsBackoffMs.length) {
    problems.push(`JOBS_MAX_DELIVER (${config.jobsMaxDeliver}) must be larger than the number of JOBS_BACKOFF_MS entries (${config.jobsBackoffMs.length})`);
  }
  if (problems.length > 0) {
    throw new ConfigError(`Invalid configuration for the ${service} service:\n  - ${problems.join('\n  - ')}`);
  }
  return config;
}
