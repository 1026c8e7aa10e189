#!/usr/bin/env node
// `npm test`: finds or starts NATS (JetStream), builds the WASM kernels and the four services,
// then runs every vitest project (unit tests of the libs, integration tests against real NATS
// and real worker threads, end-to-end fault tests), and math-linalg once more on its TypeScript
// kernels. Extra arguments go to vitest (and skip that second run).
import { spawnSync } from 'node:child_process';
import { ensureNats } from './nats.mjs';
import { ROOT } from './services.mjs';

const log = (m) => process.stderr.write(`[test] ${m}\n`);
const run = (cmd, args, env = process.env) => {
  log(`$ ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { cwd: ROOT, stdio: 'inherit', env });
  if (r.status !== 0) {
    log(`failed: ${cmd} ${args.join(' ')} (exit ${r.status ?? r.signal})`);
    return r.status ?? 1;
  }
  return 0;
};

const nats = await ensureNats({ log });
log(`NATS at ${nats.url}${nats.started ? ' (started for this run)' : ''}`);
const env = { ...process.env, NATS_URL: nats.url, NX_DAEMON: 'false', NX_NO_CLOUD: 'true' };
let code = 0;
try {
  if (!process.env.SKIP_BUILD) {
    code = run('npx', ['nx', 'run', 'math-linalg:build-wasm', '--output-style=stream'], env) ||
      run('npx', ['nx', 'run-many', '-t', 'build', '--projects=timeseries,recommendation,deep-learning,linear-algebra', '--output-style=stream'], env);
  }
  if (code === 0) code = run('npx', ['vitest', 'run', ...process.argv.slice(2)], env);
  // The linear algebra again on its plain-TypeScript kernels (the fallback when WASM cannot load).
  if (code === 0 && process.argv.length === 2) {
    code = run('npx', ['vitest', 'run', '--project', 'math-linalg'], { ...env, MODELBUS_LINALG_KERNELS: 'ts' });
  }
} finally {
  await nats.stop();
}
process.exit(code);
