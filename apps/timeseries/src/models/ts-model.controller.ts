import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  ModelbusError, TS_BATCH_KIND, TS_MODEL_KIND, TS_SUBJECTS, TsForecastRequest, TsModelGetRequest,
  type TsForecastManyReply, type TsForecastReply, type TsModelReply,
} from '@modelbus/contracts';
import type { FittedModel, IntervalForecast } from '@modelbus/math-timeseries';
import { ObjectStoresService, WorkerPoolService } from '@modelbus/platform';
import { BATCH_FORMAT, batchSeries, batchSeriesList, invalidField, type BatchSeries, type StoredBatchResult } from '../batch/batch-result';
import { fromJsonSeries, TS_MODEL_FORMAT, type StoredTsModel } from '../fit/fit-spec';
import type { ForecastArgs } from '../workers/fit-ops';

const CRITERIA_NOTE =
  'loglik is the full Gaussian log-likelihood with all constants (exact-diffuse for local-level/local-linear-trend/bsm, exact for arma, ' +
  'innovations form for ets); AIC = -2 loglik + 2 nParams and BIC = -2 loglik + log(nobs) nParams count every estimated parameter: ' +
  'variances, coefficients, mean, smoothing parameters and initial states, including the nDiffuse diffuse initial states of structural models.';

type Loaded = { kind: 'model'; model: StoredTsModel } | { kind: 'batch'; batch: StoredBatchResult };

const DEFAULT_LEVEL = 0.95;

const arrays = (f: IntervalForecast): TsForecastReply => ({ mean: Array.from(f.mean), se: Array.from(f.se), lower: Array.from(f.lower), upper: Array.from(f.upper) });

@Controller()
export class TsModelController {
  /** Parsed JSON by the store's (cached) bytes: a batch result of thousands of series is parsed once, not per forecast. */
  private readonly parsed = new WeakMap<Uint8Array, unknown>();

  constructor(
    private readonly pool: WorkerPoolService,
    private readonly stores: ObjectStoresService,
  ) {}

  /** A ts-model (jobs.ts.fit) or a ts-fit-batch result (jobs.ts.fit-batch); anything else is FAILED_PRECONDITION. */
  private async load(name: string): Promise<Loaded> {
    const { meta, bytes } = await this.stores.getModel(name);
    if (meta.kind !== TS_MODEL_KIND && meta.kind !== TS_BATCH_KIND) {
      throw new ModelbusError('FAILED_PRECONDITION', `"${name}" is a ${meta.kind ?? 'unknown'} object, not a ${TS_MODEL_KIND} or ${TS_BATCH_KIND}`);
    }
    let value = this.parsed.get(bytes) as { format?: string } | undefined;
    if (!value) {
      value = JSON.parse(new TextDecoder().decode(bytes)) as { format?: string };
      this.parsed.set(bytes, value);
    }
    if (meta.kind === TS_BATCH_KIND) {
      if (value.format !== BATCH_FORMAT) throw new ModelbusError('FAILED_PRECONDITION', `"${name}" is not a ${BATCH_FORMAT} object`);
      return { kind: 'batch', batch: value as StoredBatchResult };
    }
    if (value.format !== TS_MODEL_FORMAT) throw new ModelbusError('FAILED_PRECONDITION', `model "${name}" is not a ${TS_MODEL_FORMAT} object`);
    return { kind: 'model', model: value as StoredTsModel };
  }

  /** `series` is for batch results only. */
  private static noSeries(name: string, series: unknown): void {
    if (series !== undefined) throw invalidField('series', `is only for a ${TS_BATCH_KIND} result; "${name}" is a single ${TS_MODEL_KIND}`);
  }

  /** A batch result needs `series`. */
  private static series<T>(name: string, batch: StoredBatchResult, series: T | undefined): T {
    if (series === undefined) {
      throw invalidField('series', `is required: "${name}" is a ${TS_BATCH_KIND} result of ${batch.series.length} series; give series (a series_id string or a 0-based index)`);
    }
    return series;
  }

  /** A fitted model's kind, parameters and fit statistics (with `series`: one series of a batch result). */
  @MessagePattern(TS_SUBJECTS.tsModelGet)
  async get(@Payload() req: TsModelGetRequest): Promise<TsModelReply> {
    const loaded = await this.load(req.model);
    if (loaded.kind === 'model') {
      TsModelController.noSeries(req.model, req.series);
      return reply(loaded.model.fitted);
    }
    const s = batchSeries(loaded.batch, req.model, TsModelController.series(req.model, loaded.batch, req.series), 'series');
    return { ...reply(s.entry.fitted), series: s.id, index: s.index };
  }

  /** h-step forecasts past the end of the fitted series with standard errors and intervals (one or several batch series). */
  @MessagePattern(TS_SUBJECTS.tsForecast)
  async forecast(@Payload() req: TsForecastRequest): Promise<TsForecastReply | TsForecastManyReply> {
    const loaded = await this.load(req.model);
    const seed = req.seed ?? 1;
    if (loaded.kind === 'model') {
      TsModelController.noSeries(req.model, req.series);
      const m = loaded.model;
      const values = fromJsonSeries(m.series);
      const args: ForecastArgs = { fitted: m.fitted, values, horizon: req.horizon, level: req.level ?? m.level ?? DEFAULT_LEVEL, seed };
      return arrays(await this.pool.run<IntervalForecast>('tsForecast', args, { transfer: [values.buffer as ArrayBuffer] }));
    }
    const argsOf = (s: BatchSeries): ForecastArgs => ({
      fitted: s.entry.fitted, values: fromJsonSeries(s.entry.values), horizon: req.horizon, level: req.level ?? DEFAULT_LEVEL, seed,
    });
    const series = TsModelController.series(req.model, loaded.batch, req.series);
    if (!Array.isArray(series)) {
      const s = batchSeries(loaded.batch, req.model, series, 'series');
      const args = argsOf(s);
      const f = await this.pool.run<IntervalForecast>('tsForecast', args, { transfer: [args.values.buffer as ArrayBuffer] });
      return { ...arrays(f), series: s.id, index: s.index };
    }
    const list = batchSeriesList(loaded.batch, req.model, series);
    const items = list.map(argsOf);
    const fs = await this.pool.run<IntervalForecast[]>('tsForecastMany', { items }, { transfer: items.map((a) => a.values.buffer as ArrayBuffer) });
    return { forecasts: fs.map((f, i) => ({ series: list[i].id, index: list[i].index, ...arrays(f) })) };
  }
}

function reply(f: FittedModel): TsModelReply {
  return {
    kind: f.kind, params: f.params, loglik: f.loglik, aic: f.aic, bic: f.bic, converged: f.converged, nobs: f.nobs,
    aicc: typeof f.aicc === 'number' && Number.isFinite(f.aicc) ? f.aicc : null,
    nParams: f.nParams, nDiffuse: f.nDiffuse, iterations: f.iterations, spec: { ...f.spec }, note: CRITERIA_NOTE,
  };
}
