import { expectPositionals, stringFlag } from '../args';
import type { Command } from '../command';
import { EXIT } from '../exit-codes';
import { bytes, printJson, table } from '../output';

export const datasetsPutCommand: Command = {
  words: ['datasets', 'put'],
  usage: '<name> <file> [--description text]',
  summary: 'upload a file to MODELBUS_DATASETS (jobs refer to it by name)',
  flags: ['description'],
  async run(ctx) {
    const [name, file] = expectPositionals(ctx.rest, ['name', 'file'], 'datasets put');
    const info = await (await ctx.client()).datasets.putFile(name, file, { description: stringFlag(ctx.args, 'description') });
    if (ctx.json) printJson(ctx.io, info);
    else ctx.io.out(`${info.name}  ${bytes(info.size)}  sha256 ${info.digest}\n`);
    return EXIT.ok;
  },
};

export const datasetsLsCommand: Command = {
  words: ['datasets', 'ls'],
  usage: '',
  summary: 'list datasets',
  flags: [],
  async run(ctx) {
    expectPositionals(ctx.rest, [], 'datasets ls');
    const list = await (await ctx.client()).datasets.list();
    if (ctx.json) printJson(ctx.io, list);
    else if (list.length === 0) ctx.io.err('no datasets\n');
    else ctx.io.out(table(['NAME', 'SIZE', 'MODIFIED', 'SHA256', 'DESCRIPTION'], list.map((d) => [d.name, bytes(d.size), d.modified, d.digest.slice(0, 12), d.description ?? ''])));
    return EXIT.ok;
  },
};

export const datasetsRmCommand: Command = {
  words: ['datasets', 'rm'],
  usage: '<name>',
  summary: 'delete a dataset from MODELBUS_DATASETS (exit 3 when there is none by that name)',
  flags: [],
  async run(ctx) {
    const [name] = expectPositionals(ctx.rest, ['name'], 'datasets rm');
    await (await ctx.client()).datasets.delete(name);
    if (ctx.json) printJson(ctx.io, { name, deleted: true });
    else ctx.io.out(`deleted ${name}\n`);
    return EXIT.ok;
  },
};
