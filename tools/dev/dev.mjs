#!/usr/bin/env node
// `npm run dev`: NATS (found or started), a build, and the four services in the foreground with
// their log lines prefixed by service. Ctrl-C (or SIGTERM) stops them all gracefully.
import { spawnSync } from 'node:child_process';
import { ensureNats } from './nats.mjs';
import { ROOT, SERVICE_NAMES, startService } from './services.mjs';

const COLORS = { timeseries: 36, recommendation: 35, 'deep-learning': 33, 'linear-algebra': 32 };
const plain = !process.stdout.isTTY || process.env.NO_COLOR;
const tag = (name) => (plain ? `[${name}]` : `\x1b[${COLORS[name]}m[${name}]\x1b[0m`);
const log = (m) => process.stdout.write(`[dev] ${m}\n`);

/** A JSON log line as `time level context: msg {rest}` — readable, nothing dropped. */
function pretty(line) {
  try {
    const { level, time, msg, context, service, instance, ...rest } = JSON.parse(line);
    const lvl = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' }[level] ?? level;
    const extra = Object.keys(rest).length ? ` ${JSON.stringify(rest)}` : '';
    return `${(time ?? '').slice(11, 23)} ${String(lvl).padEnd(5)} ${context ? context + ': ' : ''}${msg ?? ''}${extra}`;
  } catch {
    return line;
  }
}

if (!process.env.SKIP_BUILD) {
  log('building (cached after the first run) ...');
  const r = spawnSync('npx', ['nx', 'run-many', '-t', 'build', `--projects=${SERVICE_NAMES.join(',')}`, '--output-style=stream'], {
    cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true' },
  });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
const nats = await ensureNats({ log });
log(`NATS at ${nats.url}${nats.started ? ' (started here; stopped on exit)' : ''}`);

const services = [];
let stopping = false;
async function stopAll(code = 0) {
  if (stopping) return;
  stopping = true;
  log('stopping services ...');
  await Promise.all(services.map((s) => s.stop('SIGTERM')));
  await nats.stop();
  log('stopped');
  process.exit(code);
}
process.on('SIGINT', () => void stopAll(0));
process.on('SIGTERM', () => void stopAll(0));

try {
  await Promise.all(
    SERVICE_NAMES.map(async (name) => {
      const s = await startService(name, { env: { NATS_URL: nats.url }, onLine: (l) => process.stdout.write(`${tag(name)} ${pretty(l)}\n`) });
      services.push(s);
      s.exited.then(({ code, signal }) => {
        if (!stopping) {
          log(`${name} exited (${code ?? signal}); stopping the others`);
          void stopAll(1);
        }
      });
    }),
  );
} catch (err) {
  log(err.message);
  await stopAll(1);
}
log(`all four services up (NATS_URL=${nats.url}). Try: npx modelbus workers   — Ctrl-C stops everything.`);
