import { readFileSync } from 'node:fs';
import { UsageError } from './exit-codes';

/** A JSON argument given inline, as `@path` (read from a file) or `@-` (read from stdin). */
export function readJsonArg(arg: string, what: string): unknown {
  let text = arg;
  let source = 'argument';
  if (arg.startsWith('@')) {
    const path = arg.slice(1);
    source = path === '-' ? 'stdin' : path;
    try {
      text = readFileSync(path === '-' ? 0 : path, 'utf8');
    } catch (e) {
      throw new UsageError(`cannot read ${what} from ${source}: ${(e as Error).message}`);
    }
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new UsageError(`${what} (${source}) is not valid JSON: ${(e as Error).message}`);
  }
}
