import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { ItemsetsListingRequest, ItemsetsRequest, REC_MINING_SUBJECTS, type ItemsetsListingReply, type ItemsetsReply } from '@modelbus/contracts';
import { ObjectStoresService, WorkerPoolService } from '@modelbus/platform';
import { openStoredPages } from '@modelbus/math-recsys';
import { ITEMSETS_KIND } from '../fpgrowth/fpgrowth.job';
import { itemsetsPageInPlace, listingPageInPlace } from '../workers/retrieval-ops';

/** Itemsets per page when the caller sets no limit. */
const DEFAULT_PAGE = 100;

@Controller()
export class ItemsetsController {
  constructor(
    private readonly pool: WorkerPoolService,
    private readonly stores: ObjectStoresService,
  ) {}

  /**
   * A page of a mined result's itemsets, by support (default) or in listing order. A result stored with its
   * paging section is read in place right here (work proportional to the page: no copy of the whole blob to
   * a thread); older results are decoded in the pool.
   */
  @MessagePattern(REC_MINING_SUBJECTS.recItemsets)
  async itemsets(@Payload() req: ItemsetsRequest): Promise<ItemsetsReply> {
    const { bytes } = await this.stores.getModel(req.result, ITEMSETS_KIND);
    const page = { offset: req.offset, limit: req.limit ?? DEFAULT_PAGE, minLength: req.minLength, sortBy: req.sortBy };
    const pages = openStoredPages(bytes, 'result');
    if (pages) return itemsetsPageInPlace(pages, page);
    return this.pool.run<ItemsetsReply>('itemsetsPage', { encoded: bytes, ...page });
  }

  /** A page of the canonical listing `i1 i2 … (count)` (in place as above when the result allows). */
  @MessagePattern(REC_MINING_SUBJECTS.recItemsetsListing)
  async listing(@Payload() req: ItemsetsListingRequest): Promise<ItemsetsListingReply> {
    const { bytes } = await this.stores.getModel(req.result, ITEMSETS_KIND);
    const page = { offset: req.offset, limit: req.limit ?? DEFAULT_PAGE };
    const pages = openStoredPages(bytes, 'result');
    if (pages) return listingPageInPlace(pages, page);
    return this.pool.run<ItemsetsListingReply>('listingPage', { encoded: bytes, ...page });
  }
}
