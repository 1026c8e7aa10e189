import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { RulesRequest, SUBJECTS, type MinedRulesReply } from '@modelbus/contracts';
import { ObjectStoresService, WorkerPoolService } from '@modelbus/platform';
import { ITEMSETS_KIND } from '../fpgrowth/fpgrowth.job';

/** Rules returned when the caller sets no limit; the reply must fit one NATS message. */
const DEFAULT_LIMIT = 1000;

@Controller()
export class RulesController {
  constructor(
    private readonly pool: WorkerPoolService,
    private readonly stores: ObjectStoresService,
  ) {}

  /**
   * Association rules X ⇒ Y of a mined result, filtered and sorted by confidence, lift, support — or by
   * `measure` — with leverage and conviction; item names for string datasets.
   */
  @MessagePattern(SUBJECTS.recRules)
  async rules(@Payload() req: RulesRequest): Promise<MinedRulesReply> {
    const { bytes } = await this.stores.getModel(req.result, ITEMSETS_KIND);
    // the cached bytes stay here; the worker gets a copy
    const { rules } = await this.pool.run<MinedRulesReply>('rules', {
      encoded: bytes, minConfidence: req.minConfidence, minLift: req.minLift, limit: req.limit ?? DEFAULT_LIMIT,
      measure: req.measure, maxConsequent: req.maxConsequent,
    });
    return { rules };
  }
}
