import { expectPositionals } from '../args';
import type { Command } from '../command';
import { EXIT } from '../exit-codes';
import { readJsonArg } from '../input';

export const callCommand: Command = {
  words: ['call'],
  usage: '<subject> <json|@file>',
  summary: 'request/reply: send the JSON request, print the reply data (e.g. call la.matmul @req.json)',
  flags: [],
  async run(ctx) {
    const [subject, body] = expectPositionals(ctx.rest, ['subject', 'json|@file'], 'call');
    const request = readJsonArg(body, 'request');
    const data = await (await ctx.client()).call(subject, request);
    ctx.io.out(ctx.json ? JSON.stringify(data) + '\n' : JSON.stringify(data, null, 2) + '\n');
    return EXIT.ok;
  },
};
