import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { ArmaAcfRequest, SUBJECTS, type ArmaAcfReply } from '@modelbus/contracts';
import type { ArmaAcfResult } from '@modelbus/math-timeseries';
import { WorkerPoolService } from '@modelbus/platform';

@Controller()
export class ArmaController {
  constructor(private readonly pool: WorkerPoolService) {}

  /** Theoretical ACF, PACF and psi-weights of a stationary (and, unless allowNonInvertible, invertible) ARMA process, lag 0 first. */
  @MessagePattern(SUBJECTS.tsArmaAcf)
  async acf(@Payload() req: ArmaAcfRequest): Promise<ArmaAcfReply> {
    const r = await this.pool.run<ArmaAcfResult>('armaAcf', { ar: req.ar, ma: req.ma, lags: req.lags, allowNonInvertible: req.allowNonInvertible });
    return { acf: Array.from(r.acf), pacf: Array.from(r.pacf), psi: Array.from(r.psi) };
  }
}
