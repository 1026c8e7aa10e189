// Piscina worker of the recommendation service: pure math on typed arrays, no Nest or NATS here.
import { defineWorker } from '@modelbus/platform/worker';
import { fpGrowthOp, fpMergeOp, fpPrepareOp, fpShardOp } from './mining-ops';
import { itemsetsPageOp, listingPageOp, rulesOp } from './retrieval-ops';

export default defineWorker({
  /** Parses the dataset, mines frequent itemsets (any mode) single-threaded, returns them encoded. */
  fpGrowth: fpGrowthOp,
  /** Parallel mining, step 1: parse into SharedArrayBuffers. */
  fpPrepare: fpPrepareOp,
  /** Step 2 (one task per thread): mine the header items claimed from a shared counter. */
  fpShard: fpShardOp,
  /** Step 3: merge the shards (exactly the serial result), apply the mode, encode. */
  fpMerge: fpMergeOp,
  rules: rulesOp,
  itemsetsPage: itemsetsPageOp,
  listingPage: listingPageOp,
});
