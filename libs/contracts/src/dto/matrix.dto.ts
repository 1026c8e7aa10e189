import { IsDefined, IsInt, Max, Min } from 'class-validator';
import { LIMITS } from '../limits';
import { IsFiniteArray, MatchesShape } from '../validators';

/** `{ rows, cols, data }` with data row-major: element (i, j) is data[i * cols + j]. */
export class MatrixDto {
  @IsInt() @Min(0) @Max(LIMITS.matrixDim)
  rows!: number;

  @IsInt() @Min(0) @Max(LIMITS.matrixDim)
  cols!: number;

  @IsDefined() @IsFiniteArray(LIMITS.matrixElements) @MatchesShape(LIMITS.matrixElements)
  data!: number[];
}
