import { Injectable } from '@nestjs/common';
import { ModelbusError, TS_JOB_KINDS, TS_MODEL_KIND, TsFitParams, type TsModelOptions } from '@modelbus/contracts';
import type { JobContext, JobDefinition, JobOutcome } from '@modelbus/platform';
import type { FitArgs } from '../workers/fit-ops';
import { fromJsonSeries, TS_MODEL_FORMAT, toJsonSeries, type FieldNames, type FitOutcome, type FitSpec, type StoredTsModel } from './fit-spec';

/** The model spec part of fit params (shared with the batch job); model-independent option clashes are INVALID_ARGUMENT here. */
export function fitSpecOf(p: TsModelOptions, period: number | undefined): FitSpec {
  if (p.fixed !== undefined) {
    const open = p.model === 'auto' ? 'model auto' : p.model === 'arma' && !p.order ? 'arma without order' : p.model === 'ets' && !p.ets ? 'ets without ets components' : null;
    if (open) throw new ModelbusError('INVALID_ARGUMENT', `fixed: needs a fully specified model (the parameter names depend on it), not ${open}`);
  }
  if (p.initialization !== 'known' && (p.initialState !== undefined || p.initialCov !== undefined)) {
    throw new ModelbusError('INVALID_ARGUMENT', `${p.initialState !== undefined ? 'initialState' : 'initialCov'}: only with initialization 'known'`);
  }
  const structural = p.model === 'local-level' || p.model === 'local-linear-trend' || p.model === 'bsm';
  const allowed = structural ? ['diffuse', 'known'] : p.model === 'arma' ? (p.order ? ['stationary', 'known'] : ['stationary']) : p.model === 'ets' && p.ets ? ['known'] : [];
  if (p.initialization !== undefined && !allowed.includes(p.initialization)) {
    const why = structural
      ? 'its trend states are random walks, so it takes diffuse (default) or known'
      : p.model === 'arma'
        ? (p.order ? "an ARMA process starts from its stationary distribution (the default) or a 'known' one" : 'known initial states need the arma order (their number is max(p, q + 1))')
        : p.model === 'ets'
          ? (p.ets ? "ETS estimates its initial states or takes 'known' ones (initialState)" : 'known initial states need the ets components (their number depends on them)')
          : 'model auto selects among models with different states';
    throw new ModelbusError('INVALID_ARGUMENT', `initialization: '${p.initialization}' does not apply to model ${p.model}: ${why}`);
  }
  if (p.model === 'ets' && p.initialCov !== undefined) throw new ModelbusError('INVALID_ARGUMENT', 'initialCov: ETS takes none (its initial states are deterministic given the data); give initialState only');
  if (p.initialCov !== undefined && p.initialCov.rows !== p.initialCov.cols) throw new ModelbusError('INVALID_ARGUMENT', `initialCov: must be square, got ${p.initialCov.rows}×${p.initialCov.cols}`);
  return {
    model: p.model, period, order: p.order, includeMean: p.includeMean, seasonal: p.seasonal, ets: p.ets ? { ...p.ets } : undefined,
    ...(p.fixed !== undefined ? { fixed: { ...p.fixed } } : {}),
    ...(p.initialization !== undefined ? { initialization: p.initialization } : {}),
    ...(p.initialization === 'known' ? { initialState: p.initialState, initialCov: p.initialCov } : {}),
  };
}

/**
 * `jobs.ts.fit`: fits one series (inline or a dataset column) in the worker pool and stores a
 * 'ts-model' object holding the fitted model and the series (for ts.forecast). A fit whose
 * optimiser did not converge is stored too, with converged: false in the summary and the model.
 */
@Injectable()
export class TsFitJob implements JobDefinition<TsFitParams> {
  readonly kind = TS_JOB_KINDS.fit;
  readonly params = TsFitParams;

  async run(p: TsFitParams, ctx: JobContext): Promise<JobOutcome> {
    if (p.series && p.period !== undefined && p.series.period !== undefined && p.series.period !== p.period) {
      throw new ModelbusError('INVALID_ARGUMENT', `period: series.period is ${p.series.period} but period is ${p.period}; give one`);
    }
    if (p.series && p.column !== undefined) throw new ModelbusError('INVALID_ARGUMENT', 'column: names a dataset column; an inline series has none');
    const period = p.series?.period ?? p.period;
    const names: FieldNames = p.series
      ? { values: 'series.values', period: p.series.period !== undefined ? 'series.period' : 'period' }
      : { values: `dataset "${p.dataset}"${p.column ? ` column "${p.column}"` : ''}`, period: 'period' };
    const args: FitArgs = { spec: fitSpecOf(p, period), names };
    const transfer: ArrayBuffer[] = [];
    if (p.series) {
      args.values = fromJsonSeries(p.series.values);
      transfer.push(args.values.buffer as ArrayBuffer);
    } else {
      ctx.progress(0, `loading dataset ${p.dataset}`);
      const bytes = await ctx.stores.getDataset(p.dataset!);
      args.dataset = { name: p.dataset!, bytes, column: p.column };
      transfer.push(bytes.buffer as ArrayBuffer); // getDataset's bytes own their buffer
    }
    ctx.progress(0.02, `fitting ${p.model}`);
    const out = await ctx.pool.run<FitOutcome & { values: Float64Array }>('tsFit', args, {
      signal: ctx.signal, timeoutMs: ctx.timeoutMs, transfer,
      onProgress: (m) => ctx.progress(0.02 + 0.93 * m.progress, m.message),
    });
    const f = out.fitted;
    const stored: StoredTsModel = {
      format: TS_MODEL_FORMAT, version: 1, fitted: f, series: toJsonSeries(out.values), level: p.level ?? 0.95,
      source: p.series ? { series: true } : { dataset: p.dataset, ...(p.column ? { column: p.column } : {}) },
      ...(p.series?.start !== undefined ? { start: p.series.start } : {}),
      ...(out.selection ? { selection: out.selection } : {}),
    };
    ctx.progress(0.96, 'storing the model');
    const name = `ts-model-${ctx.jobId}`;
    await ctx.stores.putJsonModel(name, stored, { kind: TS_MODEL_KIND, jobId: ctx.jobId });
    return {
      model: name,
      summary: {
        kind: f.kind, spec: { ...f.spec }, params: f.params, loglik: f.loglik, aic: f.aic, bic: f.bic, aicc: Number.isFinite(f.aicc) ? f.aicc : null,
        nParams: f.nParams, converged: f.converged, iterations: f.iterations, nobs: f.nobs, n: out.values.length,
        ...(out.selection ? { candidates: out.selection.candidates.length } : {}),
      },
    };
  }
}
