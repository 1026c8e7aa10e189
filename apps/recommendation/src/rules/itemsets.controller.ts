import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { ItemsetsListingRequest, ItemsetsRequest, REC_MINING_SUBJECTS, type ItemsetsListingReply, type ItemsetsReply } from '@modelbus/contracts';
import { ObjectStoresService, WorkerPoolService } from '@modelbus/platform';
import { ITEMSETS_KIND } from '../fpgrowth/fpgrowth.job';

/** Itemsets per page when the caller sets no limit. */
const DEFAULT_PAGE = 100;

@Controller()
export class ItemsetsController {
  constructor(
    private readonly pool: WorkerPoolService,
    private readonly stores: ObjectStoresService,
  ) {}

  /** A page of a mined result's itemsets, by support (default) or in listing order. */
  @MessagePattern(REC_MINING_SUBJECTS.recItemsets)
  async itemsets(@Payload() req: ItemsetsRequest): Promise<ItemsetsReply> {
    const { bytes } = await this.stores.getModel(req.result, ITEMSETS_KIND);
    const reply = await this.pool.run<ItemsetsReply>('itemsetsPage', {
      encoded: bytes, offset: req.offset, limit: req.limit ?? DEFAULT_PAGE, minLength: req.minLength, sortBy: req.sortBy,
    });
    return reply;
  }

  /** A page of the canonical listing `i1 i2 … (count)`. */
  @MessagePattern(REC_MINING_SUBJECTS.recItemsetsListing)
  async listing(@Payload() req: ItemsetsListingRequest): Promise<ItemsetsListingReply> {
    const { bytes } = await this.stores.getModel(req.result, ITEMSETS_KIND);
    const reply = await this.pool.run<ItemsetsListingReply>('listingPage', { encoded: bytes, offset: req.offset, limit: req.limit ?? DEFAULT_PAGE });
    return reply;
  }
}
