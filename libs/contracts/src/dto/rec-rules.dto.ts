import { ArrayMaxSize, IsArray, IsIn, IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { OBJECT_NAME_PATTERN } from '../subjects';
import { RULE_MEASURES, type MinedRuleJson } from './rec-mining.dto';
import { RuleSelection } from './rec.dto';

/** Rules jobs and pages of their stored results (rec.rules answers one message; these hold every rule). */
export const REC_RULES_SUBJECTS = {
  recRulesPage: 'rec.rules.page',
} as const;
/** Job kinds of the recommendation service (submitted on `jobs.rec.<kind>`). */
export const REC_JOB_KINDS = { fpgrowth: 'fpgrowth', rules: 'rules' } as const;
/** Kind (object metadata) of a stored rules result in MODELBUS_MODELS. */
export const RULES_RESULT_KIND = 'fpgrowth-rules';
/** Rules returned by one page at most; a page also stops early when more would not fit one NATS message. */
export const RULES_PAGE_MAX = 10_000;

type Measure = (typeof RULE_MEASURES)[number];

/**
 * Params of `jobs.rec.rules`: every rule of a stored itemsets result (mode "all"), with rec.rules' options,
 * stored as a rules result that `rec.rules.page` reads.
 */
export class RulesJobParams extends RuleSelection {
  /** Keep only the best `limit` rules by `measure` (absent: all of them, up to maxRules); pages use `measure`'s order by default. */
  @IsOptional() @IsInt() @Min(1)
  limit?: number;

  /**
   * Orders `rec.rules.page` can read besides confidence and `measure` (always stored): 4 bytes a rule each
   * on top of 16 (default: every measure). Fewer orders keep a large result within the service's model cache.
   */
  @IsOptional() @IsArray() @ArrayMaxSize(RULE_MEASURES.length) @IsIn(RULE_MEASURES, { each: true, message: `each of sortOrders must be one of ${RULE_MEASURES.join(', ')}` })
  sortOrders?: Measure[];

  /** Fail with RESOURCE_EXHAUSTED past this many rules (default and ceiling: the service's RULES_MAX_RULES). */
  @IsOptional() @IsInt() @Min(1)
  maxRules?: number;
}

/** Summary in the state of a finished rules job. */
export interface RulesJobSummary {
  ruleCount: number;
  /** Rules by consequent size (index 0: one item). */
  byConsequent: number[];
  transactions: number;
  measure: Measure;
  /** The orders rec.rules.page can read. */
  sortOrders: Measure[];
  /** Bytes of the stored result. */
  bytes: number;
}

/** `rec.rules.page`: a page of a stored rules result. */
export class RulesPageRequest {
  @IsString() @Matches(OBJECT_NAME_PATTERN, { message: 'result must be a rules result object name' })
  result!: string;

  @IsOptional() @IsInt() @Min(0)
  offset?: number;

  @IsOptional() @IsInt() @Min(1) @Max(RULES_PAGE_MAX)
  limit?: number;

  /** Order by this measure, descending, ties as rec.rules orders them (one the job stored); absent: the job's measure. */
  @IsOptional() @IsIn(RULE_MEASURES)
  sortBy?: Measure;
}

export interface RulesPageReply {
  /** The rules of the page, in rec.rules' shape (item names for string datasets). */
  rules: MinedRuleJson[];
  /** Rules in the whole result. */
  total: number;
  /** Offset of the next page, absent on the last page. */
  nextOffset?: number;
}
