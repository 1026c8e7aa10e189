import { IsDefined, IsInt, Max, Min } from 'class-validator';
import { LIMITS } from '../limits';
import { IsFiniteArray, MatchesShape } from '../validators';

// one message for all of a dimension's constraints (class-validator reports the last failing one: "2" read
// "must not be greater than 100000")
const dim = (name: string) => ({ message: `${name} must be an integer in [0, ${LIMITS.matrixDim}]` });

/** `{ rows, cols, data }` with data row-major: element (i, j) is data[i * cols + j]. */
export class MatrixDto {
  @IsInt(dim('rows')) @Min(0, dim('rows')) @Max(LIMITS.matrixDim, dim('rows'))
  rows!: number;

  @IsInt(dim('cols')) @Min(0, dim('cols')) @Max(LIMITS.matrixDim, dim('cols'))
  cols!: number;

  @IsDefined() @IsFiniteArray(LIMITS.matrixElements) @MatchesShape(LIMITS.matrixElements)
  data!: number[];
}
