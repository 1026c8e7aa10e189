import { Inject, Injectable } from '@nestjs/common';
import { ModelbusError, REC_JOB_KINDS, RULES_RESULT_KIND, RulesJobParams } from '@modelbus/contracts';
import { SERVICE_CONFIG, type JobContext, type JobDefinition, type JobOutcome, type ServiceConfig } from '@modelbus/platform';
import { ITEMSETS_KIND } from '../fpgrowth/fpgrowth.job';
import type { RulesStoreArgs, RulesStoreResult } from '../workers/rules-store-ops';

/**
 * `jobs.rec.rules`: every rule X ⇒ Y of a stored itemsets result (rec.rules' options, no message-size cap),
 * stored as a compact rules result (rules-store.ts) that `rec.rules.page` reads in place.
 */
@Injectable()
export class RulesJob implements JobDefinition<RulesJobParams> {
  readonly kind = REC_JOB_KINDS.rules;
  readonly params = RulesJobParams;

  constructor(@Inject(SERVICE_CONFIG) private readonly config: ServiceConfig) {}

  async run(p: RulesJobParams, ctx: JobContext): Promise<JobOutcome> {
    // the service's RULES_MAX_RULES (limits.ts), checked at start
    const ceiling = this.config.limits.RULES_MAX_RULES;
    for (const [field, v] of [['maxRules', p.maxRules], ['limit', p.limit]] as const) {
      if (v !== undefined && v > ceiling) throw new ModelbusError('INVALID_ARGUMENT', `${field} must be at most ${ceiling} (RULES_MAX_RULES of this service), got ${v}`);
    }
    ctx.progress(0, `loading result ${p.result}`);
    const { bytes } = await ctx.stores.getModel(p.result, ITEMSETS_KIND);
    const args: RulesStoreArgs = {
      encoded: bytes, minConfidence: p.minConfidence, minLift: p.minLift, limit: p.limit, measure: p.measure, maxConsequent: p.maxConsequent,
      maxRules: p.maxRules ?? ceiling, sortOrders: p.sortOrders,
    };
    // the cached bytes stay here; the worker gets a copy
    const { encoded, summary } = await ctx.pool.run<RulesStoreResult>('rulesStore', args, {
      signal: ctx.signal, timeoutMs: ctx.timeoutMs, onProgress: (m) => ctx.progress(m.progress, m.message),
    });
    ctx.progress(0.95, `storing ${summary.ruleCount} rules (${summary.bytes} bytes)`);
    const name = `rules-${ctx.jobId}`;
    await ctx.stores.putModel(name, encoded, { kind: RULES_RESULT_KIND, jobId: ctx.jobId, format: 'binary', version: '1' });
    return { result: name, summary: { ...summary, source: p.result } };
  }
}
