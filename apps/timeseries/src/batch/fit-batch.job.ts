import { Injectable } from '@nestjs/common';
import { ERROR_CODES, ModelbusError, TS_BATCH_KIND, TS_JOB_KINDS, TsFitBatchParams, type ErrorCode } from '@modelbus/contracts';
import type { JobContext, JobDefinition, JobOutcome } from '@modelbus/platform';
import { fitSpecOf } from '../fit/ts-fit.job';
import { toJsonSeries } from '../fit/fit-spec';
import { BATCH_FORMAT, BATCH_VERSION, type StoredBatchResult } from './batch-result';
import type { ChunkArgs, SeriesFit } from '../workers/fit-ops';
import type { LongSeries } from '../workers/series-csv';


/** Chunks per pool thread when chunkSize is not given: enough for load balancing, few enough to keep task overhead small. */
const CHUNKS_PER_THREAD = 4;
const MAX_DEFAULT_CHUNK = 250;

/**
 * `jobs.ts.fit-batch`: fits every series of a long-format dataset (series_id,value) with one model
 * spec. The dataset is parsed in a worker (its bytes moved there, the typed columns moved back), then
 * chunks of series go to parallel pool tasks as transferred typed arrays: one task per pool thread
 * plus one queued behind them, so a thread that finishes a chunk starts the next at once instead of
 * idling through the main thread's round trip; progress per series. A series that cannot be fitted
 * keeps its error in the result; the job fails only when no series could be fitted. Fitted series keep
 * their values, so ts.forecast / ts.model.get address them by id or index (batch-result.ts).
 */
@Injectable()
export class FitBatchJob implements JobDefinition<TsFitBatchParams> {
  readonly kind = TS_JOB_KINDS.fitBatch;
  readonly params = TsFitBatchParams;

  async run(p: TsFitBatchParams, ctx: JobContext): Promise<JobOutcome> {
    const started = performance.now();
    const spec = fitSpecOf(p, p.period);
    const run = { signal: ctx.signal, timeoutMs: ctx.timeoutMs };
    ctx.progress(0, `loading dataset ${p.dataset}`);
    const bytes = await ctx.stores.getDataset(p.dataset);
    const loadedAt = performance.now();
    // moved, not copied: getDataset's bytes own their buffer
    const data = await ctx.pool.run<LongSeries>('tsParseLong', { name: p.dataset, bytes }, { ...run, transfer: [bytes.buffer as ArrayBuffer] });
    const parsedAt = performance.now();
    const total = data.ids.length;
    const threads = Math.max(1, ctx.pool.options.maxThreads);
    const size = p.chunkSize ?? Math.min(MAX_DEFAULT_CHUNK, Math.max(1, Math.ceil(total / (threads * CHUNKS_PER_THREAD))));
    const chunks: ChunkArgs[] = [];
    for (let s = 0; s < total; s += size) {
      const e = Math.min(total, s + size);
      const base = data.offsets[s];
      const offsets = Int32Array.from(data.offsets.subarray(s, e + 1), (o) => o - base);
      // slice (not subarray): a view would clone the whole dataset buffer into every task
      chunks.push({ ids: data.ids.slice(s, e), offsets, values: data.values.slice(base, data.offsets[e]), spec });
    }
    ctx.progress(0.02, `fitting ${total} series in ${chunks.length} tasks over ${threads} threads`);

    const doneIn = new Float64Array(chunks.length);
    let done = 0;
    const report = () => ctx.progress(0.02 + (0.93 * done) / total, `${done}/${total} series fitted`);
    const results: SeriesFit[][] = new Array(chunks.length);
    let next = 0;
    const lane = async () => {
      while (next < chunks.length) {
        const c = next++;
        const chunk = chunks[c];
        const k = chunk.ids.length;
        const r = await ctx.pool.run<{ fits: SeriesFit[] }>('tsFitChunk', chunk, {
          ...run, transfer: [chunk.values.buffer as ArrayBuffer, chunk.offsets.buffer as ArrayBuffer],
          onProgress: (m) => {
            const now = Math.round(m.progress * k);
            done += now - doneIn[c];
            doneIn[c] = now;
            report();
          },
        });
        done += k - doneIn[c];
        doneIn[c] = k;
        report();
        results[c] = r.fits;
      }
    };
    await Promise.all(Array.from({ length: Math.min(threads + 1, chunks.length) }, lane));

    const fittedAt = performance.now();
    const series = results.flat();
    const failed = series.filter((s) => s.error);
    if (failed.length === series.length) {
      // the job fails as its series did (bad data: INVALID_ARGUMENT, never retried; a fault: INTERNAL, retried)
      const first = failed[0].error!;
      const code = (ERROR_CODES as readonly string[]).includes(first.code) ? (first.code as ErrorCode) : 'INTERNAL';
      throw new ModelbusError(code, `no series could be fitted; first error (series ${failed[0].id}): ${first.message}`);
    }
    // each fitted series keeps its values (null = missing), as a ts-model does, so ts.forecast can continue it
    for (let i = 0; i < total; i++) {
      if (series[i].fitted) series[i].values = toJsonSeries(data.values.subarray(data.offsets[i], data.offsets[i + 1]));
    }
    const stored: StoredBatchResult = { format: BATCH_FORMAT, version: BATCH_VERSION, spec, series };
    ctx.progress(0.96, 'storing the result');
    const name = `ts-batch-${ctx.jobId}`;
    await ctx.stores.putJsonModel(name, stored, { kind: TS_BATCH_KIND, jobId: ctx.jobId });
    const seconds = (performance.now() - started) / 1000;
    return {
      result: name,
      summary: {
        model: p.model, series: total, fitted: total - failed.length, failed: failed.length,
        notConverged: series.filter((s) => s.fitted && !s.fitted.converged).length,
        tasks: chunks.length, chunkSize: size, threads, seconds, seriesPerSecond: total / seconds,
        // phases: load + parse (parse alone: the worker task), fitting (the pool part), storing the result
        phases: { loadSeconds: (parsedAt - started) / 1000, parseSeconds: (parsedAt - loadedAt) / 1000, fitSeconds: (fittedAt - parsedAt) / 1000, storeSeconds: (performance.now() - fittedAt) / 1000 },
        fitSeriesPerSecond: total / ((fittedAt - parsedAt) / 1000),
        ...(failed.length ? { firstError: { id: failed[0].id, ...failed[0].error } } : {}),
      },
    };
  }
}
