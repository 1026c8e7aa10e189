import { LA_RESULT_KINDS, MATRIX_BINARY_FORMAT, type LaResultManifest, type LaResultPart } from '@modelbus/contracts';
import type { JobContext, JobOutcome } from '@modelbus/platform';
import type { DatasetArgs, EncodedResult } from '../workers/dataset-ops';

/** Worker args for a jobs.la.* dataset: the bytes are moved into the worker when they own their buffer. */
export async function datasetArgs(ctx: JobContext, p: { dataset: string; format?: DatasetArgs['format']; header?: boolean }): Promise<{ args: DatasetArgs; transfer: ArrayBuffer[] }> {
  ctx.progress(0, `loading dataset ${p.dataset}`);
  const data = await ctx.stores.getDataset(p.dataset);
  const whole = data.byteOffset === 0 && data.byteLength === data.buffer.byteLength;
  return { args: { data, field: `dataset "${p.dataset}"`, format: p.format, header: p.header }, transfer: whole ? [data.buffer as ArrayBuffer] : [] };
}

/**
 * Stores each part as a binary object `<result>.<part>` (kind la-matrix), then the JSON manifest under
 * `<result>` (kind la-svd / la-pca) naming them: a reader who finds the manifest finds every part.
 */
export async function storeLaResult(ctx: JobContext, kind: 'svd' | 'pca', out: EncodedResult): Promise<JobOutcome> {
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
