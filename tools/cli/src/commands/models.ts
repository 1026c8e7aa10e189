import { expectPositionals } from '../args';
import type { Command } from '../command';
import { EXIT } from '../exit-codes';
import { bytes, printJson, table } from '../output';

export const modelsLsCommand: Command = {
  words: ['models', 'ls'],
  usage: '',
  summary: 'list trained models and results in MODELBUS_MODELS',
  flags: [],
  async run(ctx) {
    expectPositionals(ctx.rest, [], 'models ls');
    const list = await (await ctx.client()).models.list();
    if (ctx.json) printJson(ctx.io, list);
    else if (list.length === 0) ctx.io.err('no models\n');
    else {
      const rows = list.map((m) => [m.name, m.meta.kind ?? '', m.meta.service ?? '', m.meta.version ?? '', bytes(m.size), m.meta.createdAt ?? m.modified, m.meta.jobId ?? '']);
      ctx.io.out(table(['NAME', 'KIND', 'SERVICE', 'VERSION', 'SIZE', 'CREATED', 'JOB'], rows));
    }
    return EXIT.ok;
  },
};
