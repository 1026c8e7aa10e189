import type { ChildProcess } from 'node:child_process';

export declare const ROOT: string;
export declare const SERVICE_NAMES: string[];
export interface StartedService {
  name: string;
  proc: ChildProcess;
  lines: string[];
  httpPort: number;
  instance: string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stop(signal?: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}
export declare function startService(
  name: string,
  opts?: { env?: Record<string, string>; onLine?: (line: string) => void; timeoutMs?: number; stdio?: unknown },
): Promise<StartedService>;
