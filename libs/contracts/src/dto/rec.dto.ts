import { IsIn, IsInt, IsNumber, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { LIMITS } from '../limits';
import { OBJECT_NAME_PATTERN } from '../subjects';
import { RULE_MEASURES } from './rec-mining.dto';

/** Params of `jobs.rec.fpgrowth`: a FIMI dataset (one transaction of integer items per line). */
export class FpGrowthParams {
  @IsString() @Matches(OBJECT_NAME_PATTERN, { message: 'dataset must be an object name of letters, digits, ".", "_" or "-"' })
  dataset!: string;

  /** Fraction of transactions; the count threshold is ceil(minSupport · N). */
  @IsNumber({ allowNaN: false, allowInfinity: false }) @Min(Number.MIN_VALUE) @Max(1)
  minSupport!: number;

  @IsOptional() @IsInt() @Min(1) @Max(1000)
  maxLength?: number;
}

export interface FpGrowthSummary {
  itemsetCount: number;
  byLength: number[];
  minCount: number;
  transactions: number;
}

const MIN_CONFIDENCE_MESSAGE = 'minConfidence must be a fraction in [0, 1]';

/** What rules to derive from a mined result: shared by `rec.rules` and `jobs.rec.rules`. */
export class RuleSelection {
  @IsString() @Matches(OBJECT_NAME_PATTERN, { message: 'result must be a result object name' })
  result!: string;

  // one message for every failing constraint (a missing value would otherwise read "must not be greater than 1")
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: MIN_CONFIDENCE_MESSAGE })
  @Min(0, { message: MIN_CONFIDENCE_MESSAGE }) @Max(1, { message: MIN_CONFIDENCE_MESSAGE })
  minConfidence!: number;

  @IsOptional() @IsNumber({ allowNaN: false, allowInfinity: false }) @Min(0)
  minLift?: number;

  /** Order (and pick the top `limit`) by this measure, descending; absent: confidence, lift, support. */
  @IsOptional() @IsIn(RULE_MEASURES)
  measure?: (typeof RULE_MEASURES)[number];

  /** Largest consequent (1 = single-item consequents). */
  @IsOptional() @IsInt() @Min(1) @Max(30)
  maxConsequent?: number;
}

/** `rec.rules`: association rules from a mined result, the best `limit` in one reply. */
export class RulesRequest extends RuleSelection {
  @IsOptional() @IsInt() @Min(1) @Max(LIMITS.rules)
  limit?: number;
}

export interface RuleJson {
  antecedent: number[];
  consequent: number[];
  support: number;
  confidence: number;
  lift: number;
}
export interface RulesReply {
  rules: RuleJson[];
}
