import type { ChildProcess } from 'node:child_process';

export interface NatsHandle {
  url: string;
  stop(): Promise<void>;
  started: boolean;
  proc?: ChildProcess;
}
export declare function probeNats(url: string, timeoutMs?: number): Promise<Record<string, unknown> | null>;
export declare function freePort(): Promise<number>;
export declare function findNatsServer(opts?: { install?: boolean; log?: (m: string) => void }): string | null;
export declare function startNatsServer(opts?: { log?: (m: string) => void; port?: number }): Promise<NatsHandle & { proc: ChildProcess }>;
export declare function ensureNats(opts?: { log?: (m: string) => void }): Promise<NatsHandle>;
