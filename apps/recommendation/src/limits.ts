import type { LimitSpec } from '@modelbus/platform';

/**
 * The recommendation service's own limits, read from the environment at start with the rest of its
 * configuration (a bad value stops the service naming the variable). Jobs read them from ServiceConfig.limits.
 */
export const REC_LIMITS = {
  /** Mining beyond this many itemsets stops with RESOURCE_EXHAUSTED instead of exhausting memory. */
  FPGROWTH_MAX_ITEMSETS: { default: 20_000_000, min: 1, max: 2 ** 31 - 1 },
  /**
   * Generating beyond this many rules stops with RESOURCE_EXHAUSTED. A stored rule is 16 bytes plus 4 per sort
   * order (32 with all five); the service peaks at about 80 bytes a rule (7 M rules: 0.72 GB RSS). 10 M rules
   * are up to a 320 MB result.
   */
  RULES_MAX_RULES: { default: 10_000_000, min: 1, max: 2 ** 31 - 1 },
} satisfies Record<string, LimitSpec>;
