import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { ModelbusError, TS_MODEL_KIND, TS_SUBJECTS, TsForecastRequest, TsModelGetRequest, type TsForecastReply, type TsModelReply } from '@modelbus/contracts';
import type { IntervalForecast } from '@modelbus/math-timeseries';
import { ObjectStoresService, WorkerPoolService } from '@modelbus/platform';
import { fromJsonSeries, TS_MODEL_FORMAT, type StoredTsModel } from '../fit/fit-spec';
import type { ForecastArgs } from '../workers/fit-ops';

const CRITERIA_NOTE =
  'loglik is the full Gaussian log-likelihood with all constants (exact-diffuse for local-level/local-linear-trend/bsm, exact for arma, ' +
  'innovations form for ets); AIC = -2 loglik + 2 nParams and BIC = -2 loglik + log(nobs) nParams count every estimated parameter: ' +
  'variances, coefficients, mean, smoothing parameters and initial states, including the nDiffuse diffuse initial states of structural models.';

@Controller()
export class TsModelController {
  constructor(
    private readonly pool: WorkerPoolService,
    private readonly stores: ObjectStoresService,
  ) {}

  private async load(name: string): Promise<StoredTsModel> {
    const { value } = await this.stores.getJsonModel<StoredTsModel>(name, TS_MODEL_KIND);
    if (value?.format !== TS_MODEL_FORMAT) throw new ModelbusError('FAILED_PRECONDITION', `model "${name}" is not a ${TS_MODEL_FORMAT} object`);
    return value;
  }

  /** A fitted model's kind, parameters and fit statistics. */
  @MessagePattern(TS_SUBJECTS.tsModelGet)
  async get(@Payload() req: TsModelGetRequest): Promise<TsModelReply> {
    const { fitted: f } = await this.load(req.model);
    return {
      kind: f.kind, params: f.params, loglik: f.loglik, aic: f.aic, bic: f.bic, converged: f.converged, nobs: f.nobs,
      aicc: typeof f.aicc === 'number' && Number.isFinite(f.aicc) ? f.aicc : null,
      nParams: f.nParams, nDiffuse: f.nDiffuse, iterations: f.iterations, spec: { ...f.spec }, note: CRITERIA_NOTE,
    };
  }

  /** h-step forecasts past the end of the fitted series with standard errors and intervals. */
  @MessagePattern(TS_SUBJECTS.tsForecast)
  async forecast(@Payload() req: TsForecastRequest): Promise<TsForecastReply> {
    const m = await this.load(req.model);
    const values = fromJsonSeries(m.series);
    const args: ForecastArgs = { fitted: m.fitted, values, horizon: req.horizon, level: req.level ?? m.level ?? 0.95, seed: req.seed ?? 1 };
    const f = await this.pool.run<IntervalForecast>('tsForecast', args, { transfer: [values.buffer as ArrayBuffer] });
    return { mean: Array.from(f.mean), se: Array.from(f.se), lower: Array.from(f.lower), upper: Array.from(f.upper) };
  }
}
