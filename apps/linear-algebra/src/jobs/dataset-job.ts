import { LA_RESULT_KINDS, MATRIX_BINARY_FORMAT, type LaMatrixFormat, type LaResultManifest, type LaResultPart } from '@modelbus/contracts';
import type { JobContext, JobDefinition, JobOutcome } from '@modelbus/platform';
import type { DatasetArgs, EncodedResult } from '../workers/dataset-ops';

interface DatasetParams {
  dataset: string;
  format?: LaMatrixFormat;
  header?: boolean;
}

/**
 * A jobs.la.* job: load the dataset, run one worker op on it (parse, factor, encode; the bytes are
 * moved into the worker when they own their buffer), store the parts and the manifest.
 */
export abstract class LaDatasetJob<P extends DatasetParams> implements JobDefinition<P> {
  abstract readonly kind: 'svd' | 'pca';
  abstract readonly params: JobDefinition<P>['params'];
  /** Worker operation name. */
  protected abstract readonly op: string;
  /** The job's own params for the worker op, beside the dataset. */
  protected abstract options(p: P): Record<string, unknown>;

  async run(p: P, ctx: JobContext): Promise<JobOutcome> {
    ctx.progress(0, `loading dataset ${p.dataset}`);
    const data = await ctx.stores.getDataset(p.dataset);
    const args: DatasetArgs = { data, field: `dataset "${p.dataset}"`, format: p.format, header: p.header };
    const out = await ctx.pool.run<EncodedResult>(this.op, { ...args, ...this.options(p) }, {
      signal: ctx.signal, timeoutMs: ctx.timeoutMs, transfer: [data.buffer as ArrayBuffer], // getDataset's bytes own their buffer
      onProgress: (m) => ctx.progress(0.02 + 0.9 * m.progress, m.message),
    });
    return storeLaResult(ctx, this.kind, out);
  }
}

/**
 * Stores each part as a binary object `<result>.<part>` (kind la-matrix), then the JSON manifest under
 * `<result>` (kind la-svd / la-pca) naming them: a reader who finds the manifest finds every part.
 */
async function storeLaResult(ctx: JobContext, kind: 'svd' | 'pca', out: EncodedResult): Promise<JobOutcome> {
  const result = `la-${kind}-${ctx.jobId}`;
  ctx.progress(0.95, 'storing the result');
  const parts: Record<string, LaResultPart> = {};
  for (const [part, bytes] of Object.entries(out.parts)) {
    const object = `${result}.${part}`;
    await ctx.stores.putModel(object, bytes, { kind: LA_RESULT_KINDS.part, jobId: ctx.jobId, format: 'binary' });
    parts[part] = { object, ...out.shapes[part] };
  }
  const summary = { ...out.summary, parts };
  const manifest = { kind: LA_RESULT_KINDS[kind], format: MATRIX_BINARY_FORMAT.magic, parts, summary } as LaResultManifest;
  await ctx.stores.putJsonModel(result, manifest, { kind: LA_RESULT_KINDS[kind], jobId: ctx.jobId });
  return { result, summary };
}
