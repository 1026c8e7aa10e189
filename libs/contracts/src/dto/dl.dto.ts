import { IsDefined, IsInt, IsNumber, IsString, Matches, Max, Min } from 'class-validator';
import { LIMITS } from '../limits';
import { OBJECT_NAME_PATTERN } from '../subjects';
import { IsFiniteRows } from '../validators';

/** Params of `jobs.dl.perceptron-train`: a CSV dataset (header row) with a 0/1 label column. */
export class PerceptronTrainParams {
  @IsString() @Matches(OBJECT_NAME_PATTERN, { message: 'dataset must be an object name of letters, digits, ".", "_" or "-"' })
  dataset!: string;

  @IsString() @Matches(/^.{1,200}$/, { message: 'labelColumn must be a column name of 1 to 200 characters' })
  labelColumn!: string;

  @IsInt() @Min(1) @Max(LIMITS.epochs)
  epochs!: number;

  @IsNumber({ allowNaN: false, allowInfinity: false }) @Min(Number.MIN_VALUE) @Max(1e6)
  learningRate!: number;

  @IsInt() @Min(0) @Max(2 ** 32 - 1)
  seed!: number;
}

/** `dl.predict`: rows of features, in the column order of the training data without the label. */
export class PredictRequest {
  @IsString() @Matches(OBJECT_NAME_PATTERN, { message: 'model must be a model object name' })
  model!: string;

  @IsDefined() @IsFiniteRows(LIMITS.predictRows, LIMITS.matrixElements)
  inputs!: number[][];
}

export interface PredictReply {
  predictions: number[];
}
