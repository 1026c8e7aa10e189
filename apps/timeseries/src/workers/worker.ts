// Piscina worker of the time-series service: pure math on typed arrays, no Nest or NATS here.
import { armaAcf } from '@modelbus/math-timeseries';
import { defineWorker } from '@modelbus/platform/worker';

export default defineWorker({
  armaAcf: ({ ar, ma, lags }: { ar: number[]; ma: number[]; lags: number }) => armaAcf(ar, ma, lags),
});
