// Piscina worker of the time-series service: pure math on typed arrays, no Nest or NATS here.
import { armaAcf } from '@modelbus/math-timeseries';
import { defineWorker } from '@modelbus/platform/worker';
import { tsFitChunkOp, tsFitOp, tsForecastManyOp, tsForecastOp, tsParseLongOp } from './fit-ops';
import { stateSpaceKalmanOp } from './kalman-ops';
import { armaSimulateOp, localLevelKalmanOp, sampleAcfOp } from './quick-ops';

export default defineWorker({
  armaAcf: ({ ar, ma, lags, allowNonInvertible }: { ar: number[]; ma: number[]; lags: number; allowNonInvertible?: boolean }) =>
    armaAcf(ar, ma, lags, { allowNonInvertible }),
  armaSimulate: armaSimulateOp,
  sampleAcf: sampleAcfOp,
  localLevelKalman: localLevelKalmanOp,
  /** ts.kalman.filter / ts.kalman.smooth with a general (possibly time-varying) model. */
  stateSpaceKalman: stateSpaceKalmanOp,
  /** jobs.ts.fit: parse (dataset) and fit one series. */
  tsFit: tsFitOp,
  /** ts.forecast from a stored model and its series. */
  tsForecast: tsForecastOp,
  /** ts.forecast with a list of series of a batch result. */
  tsForecastMany: tsForecastManyOp,
  /** jobs.ts.fit-batch: parse the long-format dataset, then fit chunks of series in parallel tasks. */
  tsParseLong: tsParseLongOp,
  tsFitChunk: tsFitChunkOp,
});
