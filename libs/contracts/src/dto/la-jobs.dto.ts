import { Type } from 'class-transformer';
import { IsBoolean, IsDefined, IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, ValidateNested } from 'class-validator';
import { OBJECT_NAME_PATTERN } from '../subjects';
import { PcaOptionsDto } from './la-factor.dto';
import type { MatrixJson } from './la.dto';
import { MatrixDto } from './matrix.dto';

/** Job kinds of the linear-algebra service: `jobs.la.svd`, `jobs.la.pca`. */
export const LA_JOB_KINDS = { svd: 'svd', pca: 'pca' } as const;
/** Request/reply subject that reads a stored jobs.la.* result (its manifest, or rows of one part). */
export const LA_RESULT_SUBJECT = 'la.result';
/** ModelMeta.kind of the JSON manifest of a jobs.la.* result, and of each binary part. */
export const LA_RESULT_KINDS = { svd: 'la-svd', pca: 'la-pca', part: 'la-matrix' } as const;

/**
 * Matrix datasets (MODELBUS_DATASETS) read by jobs.la.*: `auto` (default) detects the format by content.
 * - binary: the Modelbus matrix binary format (MATRIX_BINARY_FORMAT), dense;
 * - csv: dense, one row per line, comma-separated numbers, optional header line;
 * - matrix-market: NIST Matrix Market `coordinate` (real | integer | pattern; general | symmetric |
 *   skew-symmetric), read as a sparse CSR matrix.
 */
export const LA_MATRIX_FORMATS = ['auto', 'binary', 'csv', 'matrix-market'] as const;
export type LaMatrixFormat = (typeof LA_MATRIX_FORMATS)[number];

/**
 * The Modelbus dense matrix binary format, version 1 — datasets and the parts of stored results.
 * Little-endian throughout:
 *
 *   bytes 0–3    magic "MBMX" (4D 42 4D 58)
 *   bytes 4–7    version, uint32 = 1
 *   bytes 8–15   rows, uint64
 *   bytes 16–23  cols, uint64
 *   bytes 24–31  reserved, uint64 = 0
 *   bytes 32…    rows·cols float64 values, row-major (element (i, j) at byte 32 + 8·(i·cols + j))
 *
 * Exactly 32 + 8·rows·cols bytes; vectors are 1×n. numpy: `np.frombuffer(b, '<f8', offset=32).reshape(rows, cols)`.
 * The codec is in @modelbus/math-linalg (encodeMatrixBinary / decodeMatrixBinary).
 */
export const MATRIX_BINARY_FORMAT = { magic: 'MBMX', version: 1, headerBytes: 32, byteOrder: 'little-endian', valueType: 'float64' } as const;

const DATASET_MESSAGE = 'dataset must be an object name of letters, digits, ".", "_" or "-"';

type Class<T = object> = new (...args: any[]) => T;

/** Adds what every jobs.la.* job reads — a matrix dataset and how to parse it — to a params class. */
function WithDataset<B extends Class>(Base: B) {
  class DatasetParams extends Base {
    @IsString() @Matches(OBJECT_NAME_PATTERN, { message: DATASET_MESSAGE })
    dataset!: string;

    @IsOptional() @IsIn(LA_MATRIX_FORMATS)
    format?: LaMatrixFormat;

    /** CSV only: the first line is a header (default: detected — a first line without numbers; a mix of numbers and text is refused). */
    @IsOptional() @IsBoolean()
    header?: boolean;
  }
  return DatasetParams;
}

export const LA_SVD_METHODS = ['auto', 'exact', 'randomized'] as const;

// one message per field (see la-factor.dto.ts)
const SVD_K = { message: 'k must be an integer in [1, 1000000] (and at most min(rows, cols) of the dataset)' };
const OVERSAMPLE = { message: 'oversample must be an integer in [0, 1000]' };
const POWER_ITERATIONS = { message: 'powerIterations must be an integer in [0, 100]' };
const ROW_OFFSET = { message: 'rowOffset must be an integer ≥ 0' };
const ROW_LIMIT = { message: 'rowLimit must be an integer ≥ 1' };
const SEED_MESSAGE = { message: 'seed must be an integer in [0, 4294967295]' };

/**
 * `jobs.la.svd`: thin SVD of a dense dataset, or the k leading triplets (1 ≤ k ≤ min(rows, cols)).
 * method auto: exact (Jacobi/Golub–Kahan) for dense data, randomized for sparse (Matrix Market) data,
 * where k is required. Randomized: oversample (default 10), powerIterations (default 4), seed (default 0).
 */
export class LaSvdJobParams extends WithDataset(class {}) {
  @IsOptional() @IsInt(SVD_K) @Min(1, SVD_K) @Max(1_000_000, SVD_K)
  k?: number;

  @IsOptional() @IsIn(LA_SVD_METHODS)
  method?: (typeof LA_SVD_METHODS)[number];

  @IsOptional() @IsInt(OVERSAMPLE) @Min(0, OVERSAMPLE) @Max(1000, OVERSAMPLE)
  oversample?: number;

  @IsOptional() @IsInt(POWER_ITERATIONS) @Min(0, POWER_ITERATIONS) @Max(100, POWER_ITERATIONS)
  powerIterations?: number;

  @IsOptional() @IsInt(SEED_MESSAGE) @Min(0, SEED_MESSAGE) @Max(4294967295, SEED_MESSAGE)
  seed?: number;
}

/** `jobs.la.pca`: principal components of the rows of a dataset (observations × features), options as la.pca. */
export class LaPcaJobParams extends WithDataset(PcaOptionsDto) {}

/** Shape of one stored part (a binary matrix object in MODELBUS_MODELS). */
export interface LaResultPart {
  object: string;
  rows: number;
  cols: number;
}

/**
 * The JSON manifest a jobs.la.* job stores under its `result` name (kind la-svd or la-pca): the parts
 * (svd: u m×k, s 1×k, vt k×n; pca: components k×p, explainedVariance 1×k, explainedVarianceRatio 1×k,
 * singularValues 1×k, mean 1×p, scale 1×p if scaled, transformed n×k if asked) and the job summary.
 */
export interface LaResultManifest {
  kind: (typeof LA_RESULT_KINDS)['svd' | 'pca'];
  format: typeof MATRIX_BINARY_FORMAT.magic;
  parts: Record<string, LaResultPart>;
  summary: LaSvdJobSummary | LaPcaJobSummary;
}

/** Summary in a finished jobs.la.svd state (and its manifest). */
export interface LaSvdJobSummary {
  rows: number;
  cols: number;
  /** Nonzeros of a sparse dataset; rows·cols for dense. */
  nnz: number;
  format: 'binary' | 'csv' | 'matrix-market';
  method: 'exact' | 'randomized';
  k: number;
  /** The leading singular values (at most 20; all are in the part "s"). */
  singularValues: number[];
  /** ‖A‖_F, and Σσ_i²/‖A‖_F²: the share of ‖A‖_F² the k triplets capture (Eckart–Young: the rest is ‖A − A_k‖_F²). */
  frobeniusNorm: number;
  capturedEnergy: number;
  /**
   * max_i max(‖A·v_i − σ_i·u_i‖, ‖Aᵀ·u_i − σ_i·v_i‖)/σ_1: ~1e-15 for the exact SVD; for the randomized one a
   * value far above that means a flat spectrum: raise oversample / powerIterations.
   */
  maxResidual: number;
  parts: Record<string, LaResultPart>;
}

/** Summary in a finished jobs.la.pca state (and its manifest). */
export interface LaPcaJobSummary {
  rows: number;
  cols: number;
  format: 'binary' | 'csv' | 'matrix-market';
  k: number;
  /**
   * The options the components were computed with: scores of new rows x are ((x − mean) / scale)·componentsᵀ,
   * each column then divided by √explainedVariance when whiten (mean is zeros without center).
   */
  center: boolean;
  scale: boolean;
  whiten: boolean;
  /** Leading explained variance ratios (at most 20; all are in the part "explainedVarianceRatio"). */
  explainedVarianceRatio: number[];
  /** Their sum over all k components. */
  totalExplainedVarianceRatio: number;
  parts: Record<string, LaResultPart>;
}

/** Rows returned by one la.result call (a JSON number is ~24 bytes: 40,000 numbers fit 1 MiB). */
export const LA_RESULT_PAGE_ELEMENTS = 40_000;

/**
 * `la.result`: without part, the manifest of a jobs.la.* result; with part, rows
 * [rowOffset, rowOffset + rowLimit) of that part as a JSON matrix (default: as many rows as fit
 * LA_RESULT_PAGE_ELEMENTS numbers, which is also the most rowLimit may ask for). Whole parts in binary:
 * fetch the object named in the manifest.
 */
export class LaResultRequest {
  @IsString() @Matches(OBJECT_NAME_PATTERN, { message: 'result must be a result object name' })
  result!: string;

  @IsOptional() @IsString() @Matches(/^[A-Za-z]{1,40}$/, { message: 'part must be a part name of the manifest (e.g. u, s, vt, components)' })
  part?: string;

  @IsOptional() @IsInt(ROW_OFFSET) @Min(0, ROW_OFFSET)
  rowOffset?: number;

  @IsOptional() @IsInt(ROW_LIMIT) @Min(1, ROW_LIMIT)
  rowLimit?: number;
}

export type LaResultReply =
  | { manifest: LaResultManifest }
  | { part: string; rows: number; cols: number; rowOffset: number; matrix: { rows: number; cols: number; data: number[] } };

/** Request/reply subjects that apply a stored jobs.la.pca result (components, mean, scale, whiten) to new data. */
export const LA_PCA_APPLY_SUBJECTS = { transform: 'la.pca.transform', inverseTransform: 'la.pca.inverse-transform' } as const;

const RESULT_MESSAGE = { message: 'result must be the result object name of a jobs.la.pca job (la-pca-<jobId>)' };

/** `la.pca.transform`: scores of the rows of x (n×p) under a stored PCA: ((x − mean) / scale)·componentsᵀ, whitened if it was. */
export class LaPcaTransformRequest {
  @IsString(RESULT_MESSAGE) @Matches(OBJECT_NAME_PATTERN, RESULT_MESSAGE)
  result!: string;

  @IsDefined() @ValidateNested() @Type(() => MatrixDto)
  x!: MatrixDto;
}

/** `la.pca.inverse-transform`: rows back in the data space from scores (n×k): the rank-k reconstruction. */
export class LaPcaInverseTransformRequest {
  @IsString(RESULT_MESSAGE) @Matches(OBJECT_NAME_PATTERN, RESULT_MESSAGE)
  result!: string;

  @IsDefined() @ValidateNested() @Type(() => MatrixDto)
  scores!: MatrixDto;
}

export interface LaPcaTransformReply {
  /** n×k. */
  transformed: MatrixJson;
}
export interface LaPcaInverseTransformReply {
  /** n×p. */
  x: MatrixJson;
}
