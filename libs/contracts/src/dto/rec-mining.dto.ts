import { IsBoolean, IsIn, IsInt, IsNumber, IsOptional, IsString, Matches, Max, Min, ValidateIf, registerDecorator, type ValidationArguments } from 'class-validator';
import { OBJECT_NAME_PATTERN } from '../subjects';
import { NotWith, OnlyWith } from '../validators';

/** Request/reply subjects of itemset retrieval (rec.rules is SUBJECTS.recRules). */
export const REC_MINING_SUBJECTS = {
  recItemsets: 'rec.itemsets',
  recItemsetsListing: 'rec.itemsets.listing',
} as const;

export const FIM_FORMATS = ['fimi', 'csv-baskets', 'long'] as const;
export const MINING_MODES = ['all', 'closed', 'maximal', 'top-k'] as const;
export const RULE_MEASURES = ['confidence', 'lift', 'support', 'leverage', 'conviction'] as const;
/** Itemsets or listing lines returned by one page. */
export const ITEMSETS_PAGE_MAX = 10_000;

/** An array of at most `max` items, each a string or a non-negative integer. */
function IsItemList(max: number) {
  return (object: object, propertyName: string) =>
    registerDecorator({
      name: 'isItemList',
      target: object.constructor,
      propertyName,
      validator: {
        validate: (v: unknown) => Array.isArray(v) && v.length <= max && v.every((x) => typeof x === 'string' || (typeof x === 'number' && Number.isInteger(x) && x >= 0)),
        defaultMessage: (a: ValidationArguments) => `${a.property} must be an array of at most ${max} items (strings, or non-negative integers for FIMI data)`,
      },
    });
}

const MIN_SUPPORT_MESSAGE = 'minSupport must be a fraction in (0, 1] (or give minCount)';
const MIN_COUNT_MESSAGE = 'minCount must be an integer ≥ 1 (a number of transactions)';

/**
 * Params of `jobs.rec.fpgrowth` (a superset of FpGrowthParams: old submissions validate unchanged).
 * Exactly one of minSupport (fraction; count = ceil(minSupport·N)) and minCount (absolute); neither is
 * needed with mode top-k.
 */
export class FpGrowthJobParams {
  @IsString() @Matches(OBJECT_NAME_PATTERN, { message: 'dataset must be an object name of letters, digits, ".", "_" or "-"' })
  dataset!: string;

  // one message for every failing constraint: class-validator lists the last decorator's first, and "must not be
  // less than 5e-324" (or "greater than 1" for a missing value) does not say what is wanted
  @ValidateIf((o: FpGrowthJobParams) => o.minSupport !== undefined || (o.minCount === undefined && o.mode !== 'top-k'))
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: MIN_SUPPORT_MESSAGE })
  @Min(Number.MIN_VALUE, { message: MIN_SUPPORT_MESSAGE }) @Max(1, { message: MIN_SUPPORT_MESSAGE })
  minSupport?: number;

  @IsOptional() @IsInt({ message: MIN_COUNT_MESSAGE }) @Min(1, { message: MIN_COUNT_MESSAGE }) @NotWith('minSupport')
  minCount?: number;

  @IsOptional() @IsInt() @Min(1) @Max(1000)
  maxLength?: number;

  /** Dataset format (default fimi). */
  @IsOptional() @IsIn(FIM_FORMATS)
  format?: (typeof FIM_FORMATS)[number];

  /** Long format only: whether the first line is a header (default: detected). */
  @IsOptional() @IsBoolean() @OnlyWith('format', ['long'])
  header?: boolean;

  @IsOptional() @IsIn(MINING_MODES)
  mode?: (typeof MINING_MODES)[number];

  /** For mode top-k. */
  @ValidateIf((o: FpGrowthJobParams) => o.k !== undefined || o.mode === 'top-k')
  @IsInt({ message: 'k must be an integer (required with mode top-k)' }) @Min(1) @Max(10_000_000)
  k?: number;

  @IsOptional() @IsItemList(1000)
  mustContain?: Array<string | number>;

  @IsOptional() @IsItemList(100_000)
  mustNotContain?: Array<string | number>;

  /** At most this many itemsets (default and ceiling: the service's FPGROWTH_MAX_ITEMSETS). */
  @IsOptional() @IsInt() @Min(1)
  maxItemsets?: number;

  /** Mine over the worker pool (default: true when the pool has more than one thread). */
  @IsOptional() @IsBoolean()
  parallel?: boolean;
}

/** Summary in the state of a finished fpgrowth job. */
export interface FpGrowthJobSummary {
  itemsetCount: number;
  byLength: number[];
  minCount: number;
  transactions: number;
  mode: (typeof MINING_MODES)[number];
  /** Pool tasks that mined (1 = single-threaded). */
  tasks: number;
}

/** A page of a stored mining result: `offset` (default 0) and `limit` entries. */
export class ResultPageRequest {
  @IsString() @Matches(OBJECT_NAME_PATTERN, { message: 'result must be a result object name' })
  result!: string;

  @IsOptional() @IsInt() @Min(0)
  offset?: number;

  @IsOptional() @IsInt() @Min(1) @Max(ITEMSETS_PAGE_MAX)
  limit?: number;
}

/** `rec.itemsets`: a page of a mined result. */
export class ItemsetsRequest extends ResultPageRequest {
  @IsOptional() @IsInt() @Min(1)
  minLength?: number;

  /** support: count descending, ties in listing order (default); items: canonical listing order. */
  @IsOptional() @IsIn(['support', 'items'])
  sortBy?: 'support' | 'items';
}

export interface ItemsetJson {
  /** Item ids, or item names for string datasets; ascending (names in byte order). */
  items: Array<number | string>;
  count: number;
  /** count / N */
  support: number;
}

export interface ItemsetsReply {
  itemsets: ItemsetJson[];
  /** Itemsets that match (minLength) in the whole result. */
  total: number;
  /** Offset of the next page, absent on the last page. */
  nextOffset?: number;
}

/** `rec.itemsets.listing`: a page of the canonical listing `i1 i2 … (count)`, lines byte-sorted. */
export class ItemsetsListingRequest extends ResultPageRequest {}

export interface ItemsetsListingReply {
  /** Lines with their '\n'. */
  lines: string[];
  total: number;
  nextOffset?: number;
}

/** A rule of `rec.rules` (RuleJson plus leverage and conviction; item names for string datasets). */
export interface MinedRuleJson {
  antecedent: Array<number | string>;
  consequent: Array<number | string>;
  support: number;
  confidence: number;
  lift: number;
  leverage: number;
  /** null when infinite (confidence 1). */
  conviction: number | null;
}

export interface MinedRulesReply {
  rules: MinedRuleJson[];
}
