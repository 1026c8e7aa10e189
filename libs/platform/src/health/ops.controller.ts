import { Controller, Get, Header, HttpCode, Res } from '@nestjs/common';
import { Metrics } from '../metrics/metrics.service';
import { NatsService } from '../nats/nats.service';
import { WorkerPoolService } from '../pool/worker-pool.service';

/** HTTP endpoints for the platform: liveness, readiness, Prometheus metrics. */
@Controller()
export class OpsController {
  constructor(
    private readonly nats: NatsService,
    private readonly pool: WorkerPoolService,
    private readonly metrics: Metrics,
  ) {}

  /** The process answers: the event loop is running. */
  @Get('health/live')
  @HttpCode(200)
  live() {
    return { status: 'ok' };
  }

  /** Ready to take work: NATS connected and the pool has live threads. */
  @Get('health/ready')
  ready(@Res() res: { status(code: number): { json(body: unknown): void } }) {
    const checks = {
      nats: this.nats.connected ? 'up' : 'down',
      pool: this.pool.pool.stats().threads > 0 ? 'up' : 'down',
    };
    const ok = Object.values(checks).every((v) => v === 'up');
    res.status(ok ? 200 : 503).json({ status: ok ? 'ok' : 'unavailable', checks });
  }

  @Get('metrics')
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  async prometheus() {
    return this.metrics.registry.metrics();
  }
}
