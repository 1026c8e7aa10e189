import { Type } from 'class-transformer';
import { IsDefined, ValidateNested } from 'class-validator';
import { MatrixDto } from './matrix.dto';

/** `la.matmul`: c = a · b. */
export class MatmulRequest {
  @IsDefined() @ValidateNested() @Type(() => MatrixDto)
  a!: MatrixDto;

  @IsDefined() @ValidateNested() @Type(() => MatrixDto)
  b!: MatrixDto;
}

export interface MatrixJson {
  rows: number;
  cols: number;
  data: number[];
}
export interface MatmulReply {
  c: MatrixJson;
}
