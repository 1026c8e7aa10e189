import type { ModelbusClient } from '@modelbus/client';
import type { ParsedArgs } from './args';
import type { Io } from './output';

export interface CommandContext {
  args: ParsedArgs;
  /** Positionals after the command words. */
  rest: string[];
  json: boolean;
  io: Io;
  /** Connects on first use, so usage errors never wait for NATS. */
  client: () => Promise<ModelbusClient>;
}

export interface Command {
  /** e.g. ['jobs', 'ls']. */
  words: string[];
  /** Arguments and options after the words, e.g. '<id> [--watch]'. */
  usage: string;
  summary: string;
  /** Command-specific flags (global ones are always accepted). */
  flags: string[];
  run: (ctx: CommandContext) => Promise<number>;
}
