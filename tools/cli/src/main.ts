import type { ModelbusClient } from '@modelbus/client';
import { clientModule, loadedClientModule } from './client-module';
import { parseArgs, positiveIntFlag, stringFlag, allowOnly, type ParsedArgs } from './args';
import type { Command } from './command';
import { COMMANDS } from './commands';
import { EXIT, UsageError } from './exit-codes';
import { commandHelp, mainHelp } from './help';
import { processIo, type Io } from './output';

/** The command whose words are the longest prefix of the positionals. */
function findCommand(positionals: string[]): Command | undefined {
  return COMMANDS.filter((c) => c.words.every((w, i) => positionals[i] === w)).sort((a, b) => b.words.length - a.words.length)[0];
}

function usageProblem(positionals: string[]): UsageError {
  if (positionals.length === 0) return new UsageError('no command given');
  const group = COMMANDS.filter((c) => c.words[0] === positionals[0]);
  if (group.length > 0) {
    const subs = group.map((c) => c.words[1]).join(', ');
    return new UsageError(positionals[1] ? `unknown ${positionals[0]} command "${positionals[1]}" (one of ${subs})` : `${positionals[0]} needs a command: ${subs}`);
  }
  return new UsageError(`unknown command "${positionals[0]}"`);
}

/** Runs the CLI and returns the exit code; never throws for expected failures. */
export async function main(argv: readonly string[], io: Io = processIo()): Promise<number> {
  let args: ParsedArgs;
  let command: Command | undefined;
  let client: ModelbusClient | undefined;
  let json = false;
  try {
    args = parseArgs(argv);
    json = args.flags.has('json');
    command = findCommand(args.positionals);
    if (args.flags.has('help')) {
      io.out(command ? commandHelp(command) : mainHelp(COMMANDS));
      return EXIT.ok;
    }
    if (!command) throw usageProblem(args.positionals);
    allowOnly(args, command.words.join(' '), command.flags);
    const servers = stringFlag(args, 'server');
    const timeoutMs = positiveIntFlag(args, 'timeout');
    const rest = args.positionals.slice(command.words.length);
    return await command.run({
      args,
      rest,
      json,
      io,
      client: async () => (client ??= await clientModule().ModelbusClient.connect({ servers, timeoutMs, name: 'modelbus-cli' })),
    });
  } catch (e) {
    return reportError(e, io, json, command);
  } finally {
    await client?.close().catch(() => undefined);
  }
}

function reportError(e: unknown, io: Io, json: boolean, command: Command | undefined): number {
  if (e instanceof UsageError) {
    io.err(`modelbus: ${e.message}\n`);
    io.err(command ? `usage: ${commandHelp(command).split('\n')[0].replace(/^Usage: /, '')}\n` : `run "modelbus --help" for the commands\n`);
    return EXIT.usage;
  }
  const lib = loadedClientModule();
  if (lib && e instanceof lib.NatsUnavailableError) {
    io.err(`modelbus: ${e.message}\n  Set NATS_URL or pass --server <url>, or start a local NATS with \`npm run dev\`.\n`);
    if (json) io.out(JSON.stringify({ ok: false, error: { code: e.code, message: e.message } }) + '\n');
    return EXIT.noNats;
  }
  if (lib && e instanceof lib.ModelbusError) {
    io.err(`${e.code}: ${e.message}\n`);
    if (json) io.out(JSON.stringify({ ok: false, error: e.toBody() }) + '\n');
    return EXIT.remote;
  }
  io.err(`modelbus: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  return EXIT.internal;
}
