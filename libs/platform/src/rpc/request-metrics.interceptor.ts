import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { tap, type Observable } from 'rxjs';
import { Metrics } from '../metrics/metrics.service';

/** Counts request/reply calls by subject and outcome and times them. */
@Injectable()
export class RequestMetricsInterceptor implements NestInterceptor {
  constructor(private readonly metrics: Metrics) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'rpc') return next.handle();
    const subject: string = context.switchToRpc().getContext()?.getSubject?.() ?? 'unknown';
    const end = this.metrics.requestSeconds.startTimer({ subject });
    return next.handle().pipe(
      tap({
        next: () => this.metrics.requests.inc({ subject, outcome: 'ok' }),
        error: (err: { code?: string }) => this.metrics.requests.inc({ subject, outcome: err?.code ?? 'INTERNAL' }),
        finalize: () => end(),
      }),
    );
  }
}
