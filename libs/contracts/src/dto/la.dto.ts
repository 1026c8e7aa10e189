import { Type } from 'class-transformer';
import { IsDefined, IsIn, IsOptional, ValidateNested } from 'class-validator';
import { MatrixDto } from './matrix.dto';

/** Element types `la.matmul` computes in. */
export const MATMUL_DTYPES = ['f64', 'f32'] as const;
export type MatmulDtype = (typeof MATMUL_DTYPES)[number];

/** `la.matmul`: c = a · b. */
export class MatmulRequest {
  @IsDefined() @ValidateNested() @Type(() => MatrixDto)
  a!: MatrixDto;

  @IsDefined() @ValidateNested() @Type(() => MatrixDto)
  b!: MatrixDto;

  /** Precision of the product (default f64). f32 rounds a and b to single precision (values beyond ±3.4e38 are rejected) and runs the f32 SIMD GEMM. */
  @IsOptional() @IsIn(MATMUL_DTYPES)
  dtype?: MatmulDtype;
}

export interface MatrixJson {
  rows: number;
  cols: number;
  data: number[];
}
export interface MatmulReply {
  c: MatrixJson;
  /** The precision c was computed in (f32 values are exact single-precision numbers). */
  dtype: MatmulDtype;
}
