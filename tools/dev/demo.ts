// `npm run demo`: builds, finds or starts NATS, starts the four services, and walks through one
// real operation of each: a perceptron training job and an FP-Growth mining job with live
// progress bars, a prediction, association rules, a matrix product and an ARMA ACF. Then it
// shuts everything down cleanly.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { ModelbusClient, type JobEvent } from '@modelbus/client';
import { progressBar } from '../cli/src/job-format';
import { ensureNats } from './nats.mjs';
import { ROOT, SERVICE_NAMES, startService, type StartedService } from './services.mjs';

const say = (m: string) => process.stdout.write(`${m}\n`);
const step = (m: string) => say(`\n\x1b[1m▶ ${m}\x1b[0m`);
const tty = process.stderr.isTTY;

async function main() {
  step('Building the services (cached after the first run)');
  const build = spawnSync('npx', ['nx', 'run-many', '-t', 'build', '--projects=' + SERVICE_NAMES.join(','), '--output-style=stream'], {
    cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true' },
  });
  if (build.status !== 0) throw new Error('build failed: run `npx nx run-many -t build` to see why');

  step('Finding NATS');
  const nats = await ensureNats({ log: say });
  say(`NATS with JetStream at ${nats.url}${nats.started ? ' (started for this demo; stopped at the end)' : ''}`);

  const logDir = join(ROOT, 'tmp', 'demo-logs');
  mkdirSync(logDir, { recursive: true });
  const services: StartedService[] = [];
  let client: ModelbusClient | undefined;
  try {
    step('Starting the four services (logs in tmp/demo-logs/)');
    for (const name of SERVICE_NAMES) {
      const log = createWriteStream(join(logDir, `${name}.log`));
      const s = await startService(name, { env: { NATS_URL: nats.url, INSTANCE_ID: `demo-${name}` }, onLine: (l) => log.write(l + '\n') });
      services.push(s);
      say(`  ${name.padEnd(15)} ready — health and metrics on http://127.0.0.1:${s.httpPort}/health/ready and /metrics`);
    }
    client = await ModelbusClient.connect({ servers: nats.url });

    step('Uploading sample datasets to the MODELBUS_DATASETS object store');
    const samples = join(ROOT, 'tools/dev/samples');
    await client.datasets.put('demo-iris-setosa', readFileSync(join(samples, 'iris_setosa_train.csv')), { description: 'Iris, 1 = setosa (train)' });
    await client.datasets.put('demo-mushroom', readFileSync(join(samples, 'mushroom.dat.gz')), { description: 'UCI Mushroom, FIMI (gzip)' });
    for (const d of (await client.datasets.list()).filter((x) => x.name.startsWith('demo-'))) say(`  ${d.name.padEnd(18)} ${d.size} bytes`);

    step('Training a perceptron as a durable job (jobs.dl.perceptron-train)');
    const train = await client.submit('dl.perceptron-train', { params: { dataset: 'demo-iris-setosa', labelColumn: 'label', epochs: 20, learningRate: 1, seed: 42 } });
    const trained = await train.result({ timeoutMs: 60_000, onEvent: show });
    endBar();
    say(`  job ${trained.jobId}: ${trained.status}, model ${trained.model}, ${JSON.stringify(trained.summary)}`);

    step('Predicting with it (dl.predict) on the 30 held-out flowers');
    const test = readFileSync(join(samples, 'iris_setosa_test.csv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split(',').map(Number));
    const { predictions } = await client.call('dl.predict', { model: trained.model!, inputs: test.map((r) => r.slice(0, 4)) });
    const correct = predictions.filter((p: number, i: number) => p === test[i][4]).length;
    say(`  accuracy ${correct}/${test.length}; first five predictions ${JSON.stringify(predictions.slice(0, 5))}, labels ${JSON.stringify(test.slice(0, 5).map((r) => r[4]))}`);

    step('Mining frequent itemsets with FP-Growth (jobs.rec.fpgrowth, min support 30%)');
    const mine = await client.submit('rec.fpgrowth', { params: { dataset: 'demo-mushroom', minSupport: 0.3 } });
    const mined = await mine.result({ timeoutMs: 120_000, onEvent: show });
    endBar();
    say(`  job ${mined.jobId}: ${mined.status}, result ${mined.result}, ${JSON.stringify(mined.summary)}`);

    step('Association rules from the mined itemsets (rec.rules, confidence ≥ 0.95, lift ≥ 1.5, top 5)');
    const { rules } = await client.call('rec.rules', { result: mined.result!, minConfidence: 0.95, minLift: 1.5, limit: 5 });
    for (const r of rules) say(`  {${r.antecedent.join(', ')}} ⇒ {${r.consequent.join(', ')}}  support ${r.support.toFixed(3)}  confidence ${r.confidence.toFixed(3)}  lift ${r.lift.toFixed(2)}`);

    step('A matrix product (la.matmul)');
    const a = { rows: 2, cols: 3, data: [1, 2, 3, 4, 5, 6] };
    const b = { rows: 3, cols: 2, data: [7, 8, 9, 10, 11, 12] };
    const { c } = await client.call('la.matmul', { a, b });
    say(`  [[1,2,3],[4,5,6]] · [[7,8],[9,10],[11,12]] = [[${c.data.slice(0, 2)}],[${c.data.slice(2)}]]`);

    step('Theoretical ACF/PACF of an ARMA(1,1) with φ = 0.8, θ = 0.4 (ts.arma.acf)');
    const acf = await client.call('ts.arma.acf', { ar: [0.8], ma: [0.4], lags: 5 });
    const fmt = (xs: number[]) => xs.map((x) => x.toFixed(4)).join(' ');
    say(`  acf  ${fmt(acf.acf)}\n  pacf ${fmt(acf.pacf)}\n  psi  ${fmt(acf.psi)}`);

    step('Worker pools of the running replicas ($SRV.STATS)');
    for (const w of await client.workers({ waitMs: 500 })) {
      const p = w.pool;
      say(`  ${w.service.padEnd(15)} ${p ? `threads ${p.threads}/${p.maxThreads}  utilisation ${(p.utilization * 100).toFixed(1)}%  queue ${p.queueSize}  done ${p.completed}  failed ${p.failed}` : '(no pool data)'}`);
    }
    say('\nDone. Try the CLI next: `npx modelbus --help` (with `npm run dev` running in another terminal).');
  } finally {
    step('Shutting down');
    await client?.close();
    for (const s of services.reverse()) {
      const { code } = await s.stop('SIGTERM');
      say(`  ${s.name.padEnd(15)} exited ${code}`);
    }
    await nats.stop();
  }
}

function show(e: JobEvent) {
  if (tty) process.stderr.write(progressBar(e, 30));
  else say(`  ${e.status} ${(e.progress * 100).toFixed(0)}%${e.message ? ` ${e.message}` : ''}`);
}
function endBar() {
  if (tty) process.stderr.write('\n');
}

main().catch((err) => {
  process.stderr.write(`\ndemo failed: ${(err as Error).message}\n`);
  process.exit(1);
});
