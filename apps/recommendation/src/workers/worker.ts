// Piscina worker of the recommendation service: pure math on typed arrays, no Nest or NATS here.
import { warmUpMiner } from '@modelbus/math-recsys';
import { defineWorker } from '@modelbus/platform/worker';
import { fpGrowthOp, fpMergeOp, fpPrepareOp, fpShardOp } from './mining-ops';
import { itemsetsPageOp, listingPageOp, rulesOp } from './retrieval-ops';
import { rulesStoreOp } from './rules-store-ops';

// Pool threads start with the service (WorkerPoolService): optimise the miner's hot paths now, so the
// first job on each thread runs at full speed (on FIMI-sized inputs the cold JIT costs more than a
// second thread saves). About 0.1 s of CPU per thread.
warmUpMiner();

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
  /** jobs.rec.rules: every rule of a stored result, encoded for paging in place. */
  rulesStore: rulesStoreOp,
});
