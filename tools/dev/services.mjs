// Starts built services (dist/apps/<name>/main.js) as child processes, for tests, the demo and dev.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../..');
export const SERVICE_NAMES = ['timeseries', 'recommendation', 'deep-learning', 'linear-algebra'];

/**
 * Spawns one service and resolves when it logs "ready" (its JSON log line carries the HTTP port).
 * `onLine` sees every log line. Rejects if the process exits or is not ready within timeoutMs.
 */
export function startService(name, { env = {}, onLine, timeoutMs = 90_000, stdio } = {}) {
  const main = join(ROOT, 'dist/apps', name, 'main.js');
  if (!existsSync(main)) throw new Error(`${main} is missing: build first (npm run build)`);
  const proc = spawn(process.execPath, [main], {
    env: { ...process.env, HTTP_PORT: '0', LOG_LEVEL: 'info', ...env },
    stdio: stdio ?? ['ignore', 'pipe', 'pipe'],
  });
  const lines = [];
  const exited = new Promise((r) => proc.once('exit', (code, signal) => r({ code, signal })));
  return new Promise((resolveReady, reject) => {
    let ready = false;
    const timer = setTimeout(() => { proc.kill('SIGKILL'); reject(new Error(`${name} not ready within ${timeoutMs} ms:\n${lines.join('\n')}`)); }, timeoutMs);
    const onData = (chunk) => {
      for (const line of chunk.toString().split('\n')) {
        if (!line) continue;
        lines.push(line);
        onLine?.(line);
        if (!ready && line.includes('ready')) {
          try {
            const j = JSON.parse(line);
            if (j.msg === `${name} ready`) {
              ready = true;
              clearTimeout(timer);
              resolveReady({
                name, proc, lines, httpPort: j.httpPort, instance: j.instance, exited,
                async stop(signal = 'SIGTERM') {
                  if (proc.exitCode === null && proc.signalCode === null) proc.kill(signal);
                  return exited;
                },
              });
            }
          } catch { /* not JSON */ }
        }
      }
    };
    proc.stdout?.on('data', onData);
    proc.stderr?.on('data', onData);
    exited.then(({ code, signal }) => {
      if (!ready) { clearTimeout(timer); reject(new Error(`${name} exited (${code ?? signal}) before it was ready:\n${lines.join('\n')}`)); }
    });
  });
}
