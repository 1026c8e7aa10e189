import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  ArmaSimulateRequest, KalmanRequest, SampleAcfRequest, TS_SUBJECTS,
  type ArmaSimulateReply, type KalmanFilterReply, type KalmanSmoothReply, type SampleAcfReply, type StateSpaceFilterReply, type StateSpaceSmoothReply,
} from '@modelbus/contracts';
import { InvalidArgumentError } from '@modelbus/math-linalg';
import { WorkerPoolService } from '@modelbus/platform';
import { fromJsonSeries, toJsonSeries } from '../fit/fit-spec';
import { type StateSpaceResult, filterReply, smoothReply, stateSpaceArgs } from './kalman-wire';

type Arrays = Record<string, Float64Array> & { loglik: number; nobs: number; diffuseSteps: number };

/** Quick calls: ARMA simulation, sample correlogram, Kalman filter and smoother (local level or general model). All run in the pool. */
@Controller()
export class QuickController {
  constructor(private readonly pool: WorkerPoolService) {}

  @MessagePattern(TS_SUBJECTS.tsArmaSimulate)
  async simulate(@Payload() req: ArmaSimulateRequest): Promise<ArmaSimulateReply> {
    const r = await this.pool.run<{ values: Float64Array }>('armaSimulate', {
      ar: req.ar, ma: req.ma, n: req.n, seed: req.seed, sigma2: req.sigma2, burnIn: req.burnIn, allowNonInvertible: req.allowNonInvertible,
    });
    return { values: Array.from(r.values) };
  }

  @MessagePattern(TS_SUBJECTS.tsAcf)
  async acf(@Payload() req: SampleAcfRequest): Promise<SampleAcfReply> {
    const values = Float64Array.from(req.values);
    const r = await this.pool.run<{ acf: Float64Array; pacf: Float64Array; band: number }>('sampleAcf', { values, lags: req.lags }, { transfer: [values.buffer] });
    return { acf: Array.from(r.acf), pacf: Array.from(r.pacf), band: r.band };
  }

  @MessagePattern(TS_SUBJECTS.tsKalmanFilter)
  async filter(@Payload() req: KalmanRequest): Promise<KalmanFilterReply | StateSpaceFilterReply> {
    if (req.simulate !== undefined) throw new InvalidArgumentError('simulate', 'is only for ts.kalman.smooth');
    if (req.model) return filterReply(await this.stateSpace(req, false), req.covariances ?? 'full');
    const r = await this.localLevel(req, false);
    return {
      predictedMean: toJsonSeries(r.predictedMean), predictedVar: toJsonSeries(r.predictedVar),
      filteredMean: toJsonSeries(r.filteredMean), filteredVar: toJsonSeries(r.filteredVar),
      v: toJsonSeries(r.v), F: toJsonSeries(r.F), loglik: r.loglik, nobs: r.nobs, diffuseSteps: r.diffuseSteps,
    };
  }

  @MessagePattern(TS_SUBJECTS.tsKalmanSmooth)
  async smooth(@Payload() req: KalmanRequest): Promise<KalmanSmoothReply | StateSpaceSmoothReply> {
    if (req.model) return smoothReply(await this.stateSpace(req, true), req.covariances ?? 'full');
    const r = await this.localLevel(req, true);
    return {
      smoothedMean: Array.from(r.smoothedMean), smoothedVar: Array.from(r.smoothedVar),
      v: toJsonSeries(r.v), F: toJsonSeries(r.F), loglik: r.loglik, nobs: r.nobs, diffuseSteps: r.diffuseSteps,
    };
  }

  private localLevel(req: KalmanRequest, smooth: boolean): Promise<Arrays> {
    const values = fromJsonSeries(req.values as (number | null)[]);
    return this.pool.run<Arrays>('localLevelKalman', { values, sigma2Eps: req.sigma2Eps, sigma2Eta: req.sigma2Eta, smooth }, { transfer: [values.buffer as ArrayBuffer] });
  }

  /** General model: typed arrays to the worker (transferred), nested JSON arrays back. */
  private stateSpace(req: KalmanRequest, smooth: boolean): Promise<StateSpaceResult> {
    const { args, transfer } = stateSpaceArgs(req, smooth);
    return this.pool.run<StateSpaceResult>('stateSpaceKalman', args, { transfer });
  }
}
