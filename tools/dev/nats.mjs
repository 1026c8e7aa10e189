// Finds a NATS server with JetStream for tests, the demo and local development, or starts one.
// Order: NATS_URL (or nats://127.0.0.1:4222) if it answers; else a local `nats-server -js` in a
// temp dir on a free port (installing Debian's nats-server when missing and running as root).
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const DEFAULT_URL = 'nats://127.0.0.1:4222';

/** Resolves with the server's INFO JSON if a NATS server answers at url, else null. */
export function probeNats(url, timeoutMs = 1500) {
  const { hostname, port } = new URL(url.replace(/^nats:/, 'http:'));
  return new Promise((resolve) => {
    const sock = new Socket();
    let buf = '';
    const done = (v) => { sock.destroy(); resolve(v); };
    sock.setTimeout(timeoutMs, () => done(null));
    sock.on('error', () => done(null));
    sock.on('data', (d) => {
      buf += d.toString();
      const m = /^INFO (\{.*\})\s*\n/.exec(buf);
      if (m) { try { done(JSON.parse(m[1])); } catch { done(null); } }
    });
    sock.connect(Number(port || 4222), hostname);
  });
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => { const { port } = srv.address(); srv.close(() => resolve(port)); });
  });
}

/** Path of a nats-server binary, installing Debian's package when possible; null when none. */
export function findNatsServer({ install = true, log = () => {} } = {}) {
  const candidates = [process.env.NATS_SERVER_BIN, '/usr/sbin/nats-server', '/usr/bin/nats-server', '/usr/local/bin/nats-server'].filter(Boolean);
  for (const c of candidates) if (existsSync(c)) return c;
  try { return execFileSync('sh', ['-c', 'command -v nats-server'], { encoding: 'utf8' }).trim() || null; } catch { /* not on PATH */ }
  if (install && process.getuid?.() === 0 && existsSync('/usr/bin/apt-get')) {
    log('nats-server is missing: installing the Debian package nats-server ...');
    try {
      execFileSync('sh', ['-c', 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nats-server'], { stdio: 'inherit' });
      return findNatsServer({ install: false, log });
    } catch { /* fall through */ }
  }
  return null;
}

/** Starts `nats-server -js` on a free port with a temp store; resolves once it answers. */
export async function startNatsServer({ log = () => {}, port } = {}) {
  const bin = findNatsServer({ log });
  if (!bin) {
    throw new Error('No NATS server answers and nats-server is not installed. Install it (Debian: sudo apt-get install nats-server) or set NATS_URL to a NATS server with JetStream.');
  }
  const p = port ?? (await freePort());
  const storeDir = mkdtempSync(join(tmpdir(), 'modelbus-nats-'));
  const proc = spawn(bin, ['-js', '-a', '127.0.0.1', '-p', String(p), '-sd', storeDir], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  proc.stderr.on('data', (d) => { stderr += d; });
  const url = `nats://127.0.0.1:${p}`;
  for (let i = 0; i < 100; i++) {
    if (proc.exitCode !== null) throw new Error(`nats-server exited: ${stderr}`);
    const info = await probeNats(url, 300);
    if (info?.jetstream) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  const stop = async () => {
    if (proc.exitCode === null) {
      proc.kill('SIGTERM');
      await new Promise((r) => proc.once('exit', r));
    }
    rmSync(storeDir, { recursive: true, force: true });
  };
  return { url, proc, stop, started: true };
}

/** NATS_URL (or the default) when it answers with JetStream, otherwise a private nats-server. */
export async function ensureNats({ log = () => {} } = {}) {
  const url = process.env.NATS_URL || DEFAULT_URL;
  const info = await probeNats(url.split(',')[0]);
  if (info) {
    if (!info.jetstream) throw new Error(`The NATS server at ${url} has no JetStream: start it with -js (nats-server -js) or point NATS_URL elsewhere.`);
    return { url, stop: async () => {}, started: false };
  }
  log(`no NATS answers at ${url}; starting a local nats-server -js`);
  return startNatsServer({ log });
}
