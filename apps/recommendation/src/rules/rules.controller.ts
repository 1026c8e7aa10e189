import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { REC_RULES_SUBJECTS, RULES_RESULT_KIND, RulesPageRequest, RulesRequest, SUBJECTS, type MinedRulesReply, type RulesPageReply } from '@modelbus/contracts';
import { DEFAULT_MAX_PAYLOAD, NatsService, ObjectStoresService, WorkerPoolService } from '@modelbus/platform';
import { ITEMSETS_KIND } from '../fpgrowth/fpgrowth.job';
import { rulesPageInPlace } from './rules-page';

/** Rules returned when the caller sets no limit; the reply must fit one NATS message. */
const DEFAULT_LIMIT = 1000;

@Controller()
export class RulesController {
  constructor(
    private readonly pool: WorkerPoolService,
    private readonly stores: ObjectStoresService,
    private readonly nats: NatsService,
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

  /**
   * A page of a stored rules result (jobs.rec.rules), read in place from the cached blob: work proportional
   * to the page. A page stops early when more rules would not fit one NATS message (nextOffset goes on).
   */
  @MessagePattern(REC_RULES_SUBJECTS.recRulesPage)
  async page(@Payload() req: RulesPageRequest): Promise<RulesPageReply> {
    const { bytes } = await this.stores.getModel(req.result, RULES_RESULT_KIND);
    const maxPayload = this.nats.nc.info?.max_payload ?? DEFAULT_MAX_PAYLOAD;
    return rulesPageInPlace(bytes, { offset: req.offset, limit: req.limit ?? DEFAULT_LIMIT, sortBy: req.sortBy, maxBytes: maxPayload - PAGE_HEADROOM });
  }
}

/** Bytes of a page's reply left for the envelope, total and nextOffset. */
const PAGE_HEADROOM = 4096;
