import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { TaskTiming, WorkerPool } from '../pool/worker-pool';

const SECONDS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 1800];

/**
 * The service's Prometheus registry. Labels stay bounded (service, op/subject, kind, outcome) —
 * never a job id. Pool gauges are read at scrape time.
 */
export class Metrics {
  readonly registry = new Registry();
  readonly requests: Counter<'subject' | 'outcome'>;
  readonly requestSeconds: Histogram<'subject'>;
  readonly jobs: Counter<'kind' | 'outcome'>;
  readonly jobSeconds: Histogram<'kind' | 'outcome'>;
  readonly jobRedeliveries: Counter<'kind'>;
  private readonly taskRun: Histogram<'op' | 'outcome'>;
  private readonly taskWait: Histogram<'op'>;

  constructor(service: string) {
    this.registry.setDefaultLabels({ service });
    collectDefaultMetrics({ register: this.registry, prefix: 'modelbus_process_' });
    const r = [this.registry];
    this.requests = new Counter({ name: 'modelbus_requests_total', help: 'Request/reply calls by subject and outcome (ok or error code)', labelNames: ['subject', 'outcome'], registers: r });
    this.requestSeconds = new Histogram({ name: 'modelbus_request_duration_seconds', help: 'Request/reply handling time', labelNames: ['subject'], buckets: SECONDS, registers: r });
    this.jobs = new Counter({ name: 'modelbus_jobs_total', help: 'Job attempts that ended, by kind and outcome', labelNames: ['kind', 'outcome'], registers: r });
    this.jobSeconds = new Histogram({ name: 'modelbus_job_duration_seconds', help: 'Job run time', labelNames: ['kind', 'outcome'], buckets: SECONDS, registers: r });
    this.jobRedeliveries = new Counter({ name: 'modelbus_job_redeliveries_total', help: 'Jobs received again after a failed or lost attempt', labelNames: ['kind'], registers: r });
    this.taskRun = new Histogram({ name: 'modelbus_pool_task_run_seconds', help: 'Time a task ran in a worker thread', labelNames: ['op', 'outcome'], buckets: SECONDS, registers: r });
    this.taskWait = new Histogram({ name: 'modelbus_pool_task_wait_seconds', help: 'Time a task waited for a worker thread', labelNames: ['op'], buckets: SECONDS, registers: r });
  }

  /** Exposes a pool's live figures and records its task timings. */
  watchPool(pool: WorkerPool): void {
    const r = [this.registry];
    const gauge = (name: string, help: string, read: () => number) =>
      new Gauge({ name, help, registers: r, collect() { this.set(read()); } });
    gauge('modelbus_pool_threads', 'Worker threads alive', () => pool.stats().threads);
    gauge('modelbus_pool_max_threads', 'Worker threads allowed (WORKERS_MAX)', () => pool.options.maxThreads);
    gauge('modelbus_pool_running_tasks', 'Tasks running in worker threads', () => pool.stats().running);
    gauge('modelbus_pool_utilization', 'Share of thread time spent running tasks since start (0..1)', () => pool.stats().utilization);
    gauge('modelbus_pool_queue_size', 'Tasks waiting for a worker thread', () => pool.stats().queueSize);
    gauge('modelbus_pool_max_queue', 'Queue bound (QUEUE_MAX)', () => pool.options.maxQueue);
    gauge('modelbus_pool_tasks_completed', 'Tasks completed since start', () => pool.stats().completed);
    gauge('modelbus_pool_tasks_failed', 'Tasks failed since start', () => pool.stats().failed);
    pool.on('task', (t: TaskTiming) => {
      this.taskRun.observe({ op: t.op, outcome: t.outcome }, t.runMs / 1000);
      this.taskWait.observe({ op: t.op }, t.waitMs / 1000);
    });
  }
}
