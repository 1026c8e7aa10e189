// Worker operations of jobs.la.svd and jobs.la.pca: parse the dataset, factor, encode every part in the
// Modelbus matrix binary format. All heavy work stays in the worker; the job only stores the bytes.
import {
  csrToDense, encodeMatrixBinary, gemm, InvalidArgumentError, pca, randomizedSvd, readMatrixDataset, spmm, spmmTransposed, svd, transpose, zeros,
  type CsrMatrix, type Matrix, type MatrixDataset, type MatrixDatasetFormat, type Svd,
} from '@modelbus/math-linalg';
import type { OpContext } from '@modelbus/platform/worker';
import { checkFiniteResult } from './finite-results';

/** Dense elements a sparse dataset may expand to for PCA (centering makes it dense), and of an exact SVD: 8 bytes each. */
export const PCA_DENSE_MAX_ELEMENTS = 50_000_000;
/**
 * Most rows or columns a Matrix Market dataset may declare: its CSR row pointers and every dense block of
 * the randomized SVD are sized by the declared shape, and a 40-byte file may declare 2e9 rows.
 */
export const SPARSE_MAX_DIMENSION = PCA_DENSE_MAX_ELEMENTS;
/** Leading values repeated in a job summary (all of them are in the stored parts). */
const SUMMARY_VALUES = 20;

export interface DatasetArgs {
  data: Uint8Array;
  /** `dataset "name"`, for error messages. */
  field: string;
  format?: MatrixDatasetFormat;
  header?: boolean;
}

export interface EncodedResult {
  /** Part name → MBMX bytes. */
  parts: Record<string, Uint8Array>;
  shapes: Record<string, { rows: number; cols: number }>;
  summary: Record<string, unknown>;
}

function load(a: DatasetArgs, ctx: OpContext): MatrixDataset {
  ctx.progress(0.02, 'parsing the dataset');
  const ds = readMatrixDataset(a.data, a.format ?? 'auto', a.field, { header: a.header, maxDimension: SPARSE_MAX_DIMENSION });
  const m = ds.matrix;
  ctx.progress(0.2, `parsed ${m.rows}x${m.cols} ${ds.kind} matrix (${ds.format})`);
  return ds;
}

function encode(named: Record<string, Matrix>, summary: Record<string, unknown>): EncodedResult {
  // a stored ∞ could not be read back (decodeMatrixBinary refuses non-finite values): fail the job instead
  checkFiniteResult(Object.fromEntries(Object.entries(named).map(([name, m]) => [name, m.data])));
  const parts: Record<string, Uint8Array> = {};
  const shapes: Record<string, { rows: number; cols: number }> = {};
  for (const [name, m] of Object.entries(named)) {
    parts[name] = encodeMatrixBinary(m);
    shapes[name] = { rows: m.rows, cols: m.cols };
  }
  return { parts, shapes, summary };
}

const row = (v: Float64Array): Matrix => ({ rows: 1, cols: v.length, data: v });
const head = (v: Float64Array) => Array.from(v.subarray(0, SUMMARY_VALUES));

export interface SvdArgs extends DatasetArgs {
  k?: number;
  method?: 'auto' | 'exact' | 'randomized';
  oversample?: number;
  powerIterations?: number;
  seed?: number;
}

/**
 * Largest shorter side of an exact (dense) SVD job: the work grows as rows·cols·min(rows, cols)
 * (1000² takes ~0.9 s, 4000² ~1 min); beyond it a truncated randomized SVD is the tool.
 */
export const EXACT_SVD_MAX_SIDE = 4000;

/** An exact SVD of a rows×cols dataset stays within the dense-element and shorter-side limits. */
export function checkExactSvdSize(rows: number, cols: number, field: string): void {
  if (rows * cols > PCA_DENSE_MAX_ELEMENTS || Math.min(rows, cols) > EXACT_SVD_MAX_SIDE) {
    throw new InvalidArgumentError('method', `exact SVD of ${field} (${rows}x${cols}) is beyond the limits of ${PCA_DENSE_MAX_ELEMENTS} elements and min(rows, cols) ≤ ${EXACT_SVD_MAX_SIDE}: use method randomized with k`);
  }
}

/**
 * The randomized SVD keeps dense blocks of rows·l and cols·l elements (l = min(k + oversample, min(rows, cols)),
 * a few of each): (rows + cols)·l must stay within the dense-element limit.
 */
export function checkRandomizedSvdSize(rows: number, cols: number, k: number, oversample: number, field: string): void {
  const l = Math.min(k + oversample, rows, cols);
  const elements = (rows + cols) * l;
  if (elements > PCA_DENSE_MAX_ELEMENTS) {
    throw new InvalidArgumentError('k', `randomized SVD of ${field} (${rows}x${cols}) with k + oversample = ${l} keeps dense blocks of (rows + cols)·${l} = ${elements} elements, more than the limit of ${PCA_DENSE_MAX_ELEMENTS}: lower k or oversample`);
  }
}

/** Thin or truncated SVD of a dense dataset (exact or randomized), truncated randomized SVD of a sparse one. */
export function laSvdOp(a: SvdArgs, ctx: OpContext): EncodedResult {
  const ds = load(a, ctx);
  const m = ds.matrix;
  const full = Math.min(m.rows, m.cols);
  if (full === 0) throw new InvalidArgumentError(a.field, `is ${m.rows}x${m.cols}: an empty matrix has no SVD`);
  const method = a.method === undefined || a.method === 'auto' ? (ds.kind === 'sparse' ? 'randomized' : 'exact') : a.method;
  if (a.k !== undefined && a.k > full) throw new InvalidArgumentError('k', `must be in [1, ${full}] = [1, min(rows, cols)] of ${a.field} (${m.rows}x${m.cols}), got ${a.k}`);
  const k = a.k;
  if (method === 'randomized' && k === undefined) {
    throw new InvalidArgumentError('k', `is required for the randomized (truncated) SVD${ds.kind === 'sparse' ? ` of the sparse ${a.field}` : ''}: give 1 ≤ k ≤ ${full}`);
  }
  if (ds.kind === 'sparse' && method === 'exact') throw new InvalidArgumentError('method', `exact needs a dense dataset; ${a.field} is sparse (Matrix Market): use method randomized`);
  if (method === 'exact') checkExactSvdSize(m.rows, m.cols, a.field);
  else if (k !== undefined) checkRandomizedSvdSize(m.rows, m.cols, k, a.oversample ?? 10, a.field); // 10: randomizedSvd's default
  const values = ds.kind === 'sparse' ? ds.matrix.values : ds.matrix.data;
  let fro2 = 0;
  for (let i = 0; i < values.length; i++) fro2 += values[i] * values[i];
  ctx.progress(0.25, `${method} SVD of ${m.rows}x${m.cols}${a.k ? `, k = ${a.k}` : ''}`);
  const r =
    method === 'randomized' && k !== undefined
      ? randomizedSvd(ds.matrix, k, { oversample: a.oversample, powerIterations: a.powerIterations, seed: a.seed })
      : svd(ds.matrix as Matrix, k);
  ctx.progress(0.88, 'checking the residuals');
  const maxResidual = svdResidual(ds, r);
  ctx.progress(0.9, 'encoding the factors');
  let captured = 0;
  for (let i = 0; i < r.s.length; i++) captured += r.s[i] * r.s[i];
  return encode(
    { u: r.u, s: row(r.s), vt: r.vt },
    {
      rows: m.rows, cols: m.cols, nnz: values.length, format: ds.format, method, k: r.s.length, singularValues: head(r.s),
      frobeniusNorm: Math.sqrt(fro2), capturedEnergy: fro2 > 0 ? Math.min(1, captured / fro2) : 1, maxResidual,
    },
  );
}

/**
 * max_i max(‖A·v_i − σ_i·u_i‖, ‖Aᵀ·u_i − σ_i·v_i‖) / σ_1: an a-posteriori accuracy check of the triplets
 * (~eps for the exact SVD; for the randomized one it shows when a flat spectrum needs more oversampling
 * or power iterations). Two products with k columns: cheap next to the factorisation.
 */
function svdResidual(ds: MatrixDataset, r: Svd): number {
  const k = r.s.length;
  const { rows: m, cols: n } = ds.matrix;
  if (k === 0 || r.s[0] === 0) return 0;
  const v = transpose(r.vt); // n×k
  let av: Float64Array, atu: Float64Array;
  if (ds.kind === 'sparse') {
    av = spmm(ds.matrix as CsrMatrix, v.data, k);
    atu = spmmTransposed(ds.matrix as CsrMatrix, r.u.data, k);
  } else {
    av = gemm(false, false, 1, ds.matrix, v, 0, zeros(m, k)).data;
    atu = gemm(true, false, 1, ds.matrix, r.u, 0, zeros(n, k)).data;
  }
  let worst = 0;
  for (let t = 0; t < k; t++) {
    let e1 = 0, e2 = 0;
    for (let i = 0; i < m; i++) e1 += (av[i * k + t] - r.s[t] * r.u.data[i * k + t]) ** 2;
    for (let j = 0; j < n; j++) e2 += (atu[j * k + t] - r.s[t] * v.data[j * k + t]) ** 2;
    worst = Math.max(worst, Math.sqrt(e1), Math.sqrt(e2));
  }
  return worst / r.s[0];
}

export interface PcaArgs extends DatasetArgs {
  k?: number;
  center?: boolean;
  scale?: boolean;
  whiten?: boolean;
  transform?: boolean;
}

/** PCA of the rows of a dataset through the SVD of the centred data; a sparse dataset is densified first. */
export function laPcaOp(a: PcaArgs, ctx: OpContext): EncodedResult {
  const ds = load(a, ctx);
  let x: Matrix;
  if (ds.kind === 'sparse') {
    const elements = ds.matrix.rows * ds.matrix.cols;
    if (elements > PCA_DENSE_MAX_ELEMENTS) {
      throw new InvalidArgumentError(a.field, `is sparse ${ds.matrix.rows}x${ds.matrix.cols}: centering makes it dense (${elements} elements, limit ${PCA_DENSE_MAX_ELEMENTS}); use jobs.la.svd (uncentred truncated SVD) instead`);
    }
    x = csrToDense(ds.matrix);
  } else x = ds.matrix;
  // checked here so the message names the dataset, not the library's argument x
  if (x.rows < 2 || x.cols < 1) throw new InvalidArgumentError(a.field, `is ${x.rows}x${x.cols}: PCA needs at least 2 rows (observations) and 1 column`);
  const kMax = Math.min(x.rows, x.cols);
  if (a.k !== undefined && a.k > kMax) throw new InvalidArgumentError('k', `must be in [1, ${kMax}] = [1, min(rows, cols)] of ${a.field} (${x.rows}x${x.cols}), got ${a.k}`);
  ctx.progress(0.25, `PCA of ${x.rows}x${x.cols}`);
  const m = pca(x, { k: a.k, center: a.center, scale: a.scale, whiten: a.whiten });
  ctx.progress(0.9, 'encoding the components');
  let total = 0;
  for (let i = 0; i < m.explainedVarianceRatio.length; i++) total += m.explainedVarianceRatio[i];
  const parts: Record<string, Matrix> = {
    components: m.components,
    explainedVariance: row(m.explainedVariance),
    explainedVarianceRatio: row(m.explainedVarianceRatio),
    singularValues: row(m.singularValues),
    mean: row(m.mean),
    ...(m.scale ? { scale: row(m.scale) } : {}),
    ...(a.transform ? { transformed: m.transformed } : {}),
  };
  return encode(parts, {
    rows: x.rows, cols: x.cols, format: ds.format, k: m.components.rows, center: a.center ?? true, scale: a.scale ?? false, whiten: a.whiten ?? false,
    explainedVarianceRatio: head(m.explainedVarianceRatio), totalExplainedVarianceRatio: total,
  });
}
