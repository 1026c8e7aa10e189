import { open, type FileHandle } from 'node:fs/promises';
import type { ModelbusClient } from '@modelbus/client';
import type { ItemsetsListingReply, MinedRuleJson, RulesPageReply, RulesPageRequest } from '@modelbus/contracts';
import { expectPositionals, stringFlag } from '../args';
import type { Command, CommandContext } from '../command';
import { EXIT, UsageError } from '../exit-codes';

/** The services' page maxima (ITEMSETS_PAGE_MAX, RULES_PAGE_MAX). */
const PAGE = 10_000;
const MEASURES = ['confidence', 'lift', 'support', 'leverage', 'conviction'];

/** Where the pages go: --out file (truncated first) or stdout. */
async function sink(ctx: CommandContext): Promise<{ write: (text: string) => Promise<void>; close: () => Promise<void>; file?: string }> {
  const file = stringFlag(ctx.args, 'out');
  if (file === undefined) return { write: async (t) => ctx.io.out(t), close: async () => undefined };
  const fh: FileHandle = await open(file, 'w');
  return { write: async (t) => void (await fh.write(t)), close: () => fh.close(), file };
}

/**
 * Progress on stderr: one line redrawn in place on a terminal, else a line at every tenth of the way (and
 * the last), so a log stays short whatever the size of the result.
 */
function progress(ctx: CommandContext, what: string) {
  let shownTenth = -1;
  return (done: number, total: number) => {
    const text = `${what}: ${done}/${total}${total > 0 ? ` (${Math.floor((100 * done) / total)}%)` : ''}`;
    if (ctx.io.errIsTTY) {
      ctx.io.err(`\r${text}${done >= total ? '\n' : ''}`);
      return;
    }
    const tenth = total > 0 ? Math.floor((10 * done) / total) : 10;
    if (tenth > shownTenth || done >= total) {
      shownTenth = tenth;
      ctx.io.err(`${text}\n`);
    }
  };
}

/**
 * Follows nextOffset from 0 to the end. A page refused as too large for one NATS message (long item names)
 * is asked again with half the limit.
 */
async function pageThrough<P extends { total: number; nextOffset?: number }>(
  fetch: (offset: number, limit: number) => Promise<P>,
  onPage: (page: P, offset: number) => Promise<void>,
): Promise<void> {
  let limit = PAGE;
  for (let offset: number | undefined = 0; offset !== undefined; ) {
    let page: P;
    try {
      page = await fetch(offset, limit);
    } catch (e) {
      if ((e as { code?: string }).code === 'RESOURCE_EXHAUSTED' && limit > 1 && /max_payload/.test((e as Error).message)) {
        limit = Math.max(1, limit >> 1);
        continue;
      }
      throw e;
    }
    await onPage(page, offset);
    offset = page.nextOffset;
  }
}

export const itemsetsListingCommand: Command = {
  words: ['itemsets', 'listing'],
  usage: '<result> [--out file]',
  summary: 'write the canonical listing "i1 i2 … (count)" of a jobs.rec.fpgrowth result (byte-sorted lines), paging through rec.itemsets.listing',
  flags: ['out'],
  async run(ctx) {
    const [result] = expectPositionals(ctx.rest, ['result'], 'itemsets listing');
    const client: ModelbusClient = await ctx.client();
    const out = await sink(ctx);
    const show = progress(ctx, `${result} listing`);
    let lines = 0;
    try {
      await pageThrough<ItemsetsListingReply>(
        (offset, limit) => client.call('rec.itemsets.listing', { result, offset, limit }),
        async (page) => {
          await out.write(page.lines.join(''));
          lines += page.lines.length;
          show(lines, page.total);
        },
      );
    } finally {
      await out.close();
    }
    if (out.file) ctx.io.err(`wrote ${lines} lines to ${out.file}\n`);
    return EXIT.ok;
  },
};

const RULE_HEADER = 'antecedent\tconsequent\tsupport\tconfidence\tlift\tleverage\tconviction\n';

/** A rule as a tab-separated line: items space-separated, an infinite conviction as Inf (as R writes it). */
function ruleLine(r: MinedRuleJson): string {
  return `${r.antecedent.join(' ')}\t${r.consequent.join(' ')}\t${r.support}\t${r.confidence}\t${r.lift}\t${r.leverage}\t${r.conviction ?? 'Inf'}\n`;
}

export const rulesCommand: Command = {
  words: ['rules'],
  usage: '<result> [--out file] [--sort-by confidence|lift|support|leverage|conviction]',
  summary: 'write every rule of a jobs.rec.rules result, one per line (tab-separated with a header; --json: one JSON rule per line), paging through rec.rules.page',
  flags: ['out', 'sort-by'],
  async run(ctx) {
    const [result] = expectPositionals(ctx.rest, ['result'], 'rules');
    const sortBy = stringFlag(ctx.args, 'sort-by');
    if (sortBy !== undefined && !MEASURES.includes(sortBy)) throw new UsageError(`--sort-by must be one of ${MEASURES.join(', ')}, got "${sortBy}"`, 'rules');
    const client: ModelbusClient = await ctx.client();
    const out = await sink(ctx);
    const show = progress(ctx, `${result} rules`);
    let rules = 0;
    try {
      if (!ctx.json) await out.write(RULE_HEADER);
      await pageThrough<RulesPageReply>(
        (offset, limit) => client.call('rec.rules.page', { result, offset, limit, ...(sortBy ? { sortBy: sortBy as RulesPageRequest['sortBy'] } : {}) }),
        async (page) => {
          await out.write(page.rules.map((r) => (ctx.json ? JSON.stringify(r) + '\n' : ruleLine(r))).join(''));
          rules += page.rules.length;
          show(rules, page.total);
        },
      );
    } finally {
      await out.close();
    }
    if (out.file) ctx.io.err(`wrote ${rules} rules to ${out.file}\n`);
    return EXIT.ok;
  },
};
