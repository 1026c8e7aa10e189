// Piscina worker of the recommendation service: pure math on typed arrays, no Nest or NATS here.
import { associationRules, decodeItemsets, encodeItemsets, fpGrowth, parseFimi, summarize } from '@modelbus/math-recsys';
import { defineWorker } from '@modelbus/platform/worker';

interface MineArgs {
  fimi: Uint8Array;
  minSupport: number;
  maxLength?: number;
  maxItemsets: number;
}

export default defineWorker({
  /** Parses FIMI transactions, mines frequent itemsets, returns them encoded for the store. */
  fpGrowth: (args: MineArgs, ctx) => {
    const tx = parseFimi(args.fimi, 'dataset');
    ctx.progress(0.05, `parsed ${tx.n} transactions`);
    const itemsets = fpGrowth(tx, {
      minSupport: args.minSupport,
      maxLength: args.maxLength,
      maxItemsets: args.maxItemsets,
      onProgress: (f) => ctx.progress(0.05 + 0.9 * f, 'mining'),
    });
    return { encoded: encodeItemsets(itemsets), summary: summarize(itemsets) };
  },

  rules: ({ encoded, minConfidence, minLift, limit }: { encoded: Uint8Array; minConfidence: number; minLift?: number; limit: number }) => ({
    rules: associationRules(decodeItemsets(encoded, 'result'), { minConfidence, minLift, limit }),
  }),
});
