import { UsageError } from './exit-codes';

/** Flags that take a value; every other known flag is a boolean switch. */
const VALUE_FLAGS = new Set(['server', 'timeout', 'status', 'service', 'job-id', 'description', 'wait', 'out', 'sort-by']);
const BOOLEAN_FLAGS = new Set(['json', 'help', 'watch']);
const SHORT: Record<string, string> = { h: 'help', s: 'server' };

export interface ParsedArgs {
  positionals: string[];
  flags: Map<string, string | true>;
}

/**
 * A small argv parser: `--flag value`, `--flag=value`, `-h`, and `--` to end flags. Unknown flags
 * and missing values are usage errors. A value may start with '-' (e.g. a negative number) only
 * in the `--flag=value` form.
 */
export function parseArgs(argv: readonly string[]): ParsedArgs {
  const positionals: string[] = [];
  const flags = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const rawName = arg.startsWith('--') ? arg.slice(2, eq > 0 ? eq : undefined) : arg.slice(1);
    const name = arg.startsWith('--') ? rawName : SHORT[rawName];
    if (!name || (!VALUE_FLAGS.has(name) && !BOOLEAN_FLAGS.has(name))) throw new UsageError(`unknown option ${arg}`);
    if (flags.has(name)) throw new UsageError(`option --${name} given twice`);
    if (BOOLEAN_FLAGS.has(name)) {
      if (eq > 0) throw new UsageError(`option --${name} takes no value`);
      flags.set(name, true);
      continue;
    }
    let value: string | undefined;
    if (eq > 0) value = arg.slice(eq + 1);
    else {
      value = argv[i + 1];
      if (value === undefined || value.startsWith('-')) throw new UsageError(`option --${name} needs a value`);
      i++;
    }
    flags.set(name, value);
  }
  return { positionals, flags };
}

/** Rejects flags the command does not take (global ones are always allowed). */
export function allowOnly(args: ParsedArgs, command: string, allowed: readonly string[]): void {
  const ok = new Set(['json', 'help', 'server', 'timeout', ...allowed]);
  for (const name of args.flags.keys()) {
    if (!ok.has(name)) throw new UsageError(`${command} does not take --${name}`, command);
  }
}

export function stringFlag(args: ParsedArgs, name: string): string | undefined {
  const v = args.flags.get(name);
  return typeof v === 'string' ? v : undefined;
}

export function positiveIntFlag(args: ParsedArgs, name: string): number | undefined {
  const v = stringFlag(args, name);
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n <= 0) throw new UsageError(`--${name} must be a positive integer (milliseconds), got "${v}"`);
  return n;
}

/** Exactly `names.length` positionals after the command words, else a usage error naming what is missing. */
export function expectPositionals(rest: readonly string[], names: readonly string[], command: string): string[] {
  if (rest.length < names.length) throw new UsageError(`${command}: missing <${names[rest.length]}>`, command);
  if (rest.length > names.length) throw new UsageError(`${command}: unexpected argument "${rest[names.length]}"`, command);
  return [...rest];
}
