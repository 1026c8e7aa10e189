// FP-Growth benchmark: this library vs the npm package node-fpgrowth (same data, same run), parallel
// mining with 1 and 2 worker threads, and ratios against Borgelt's C fpgrowth figures from issue 5.
//   npx tsx tools/bench/fpgrowth.bench.ts [--quick] [--only mushroom:0.05,chess:0.6] [--repeat 3] [--prewarm]
// --repeat N runs every child N times (interleaved by row) and keeps the run of least CPU time (parallel
// rows: of least warm wall time), for a loaded machine.
// Each measurement runs in its own child process so that peak RSS (getrusage maxRSS, worker threads
// included) belongs to one miner only. Timed: mining alone, after parsing (and, for node-fpgrowth, after
// building its number[][] input); parallel runs include handing the tasks to the threads, moving the shards
// back and merging them into one Itemsets in serial order. A parallel child mines REPS times on the same
// threads: rep 1 is the first job on new threads (which, like the service's pool threads, ran the miner's
// warm-up at start; FP_BENCH_COLD=1 skips it and rep 1 then pays the JIT), the best of the later reps is the
// warm figure (a service's pool threads are long-lived); par1 and par2 are measured alike, so their ratio is fair.
// All miners use minCount = ceil(p·N); itemset counts are cross-checked.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import { gunzipSync } from 'node:zlib';
import { FPGrowth } from 'node-fpgrowth';
import { canonicalOrder, encodeStoredItemsets, fpGrowth, mergeShards, parseFimi, shardTree, WARM_UP_MIN_SUPPORT, warmUpBaskets, warmUpMiner, type Shard } from '../../libs/math/recsys/src/index';

/** FIMI files: $MODELBUS_DATA_DIR/fim, else ../shared/data/fim beside the repository. */
// (the script's own path from argv: this file is run by tsx, and the repo's tsconfig rejects import.meta)
const HERE = dirname(resolve(process.argv[1]));
const DATA_DIR = process.env.MODELBUS_DATA_DIR ? join(process.env.MODELBUS_DATA_DIR, 'fim') : resolve(HERE, '../../../shared/data/fim');
const WORKER_FILE = resolve(HERE, 'fpgrowth-worker.bench.ts');
const TIMEOUT_S = 600;
/** Parallel children: mining runs per child (1 cold + warm ones). */
const REPS = 5;
/**
 * --prewarm: both serial miners first mine a small synthetic database (recsys warm-up.ts) so their JIT is
 * warm, as in a long-lived service thread; without it each serial child is a cold process.
 */
const PREWARM = process.argv.includes('--prewarm');

/** Borgelt's C fpgrowth on this machine (issue 5): seconds and peak MB. */
const BORGELT: Record<string, { seconds: number; peakMB?: number }> = {
  'mushroom 0.1': { seconds: 0.63, peakMB: 136 },
  'mushroom 0.05': { seconds: 8.0, peakMB: 803 },
  'chess 0.6': { seconds: 0.27 },
};

/** Wall and CPU seconds of one parallel mining run, and of its merge. */
interface ParRun {
  seconds: number;
  cpuSeconds: number;
  mergeSeconds: number;
  /** per thread: wall seconds inside its shard, itemsets it mined (balance of the claims) */
  shards: Array<{ seconds: number; itemsets: number }>;
}

/** miner: node-fpgrowth | modelbus (serial, main thread) | par<T>-sab | par<T>-copy (T worker threads). */
type Row = [dataset: string, minSupport: number, miner: string];
const ROWS: Row[] = [
  ['mushroom', 0.1, 'modelbus'],
  ['mushroom', 0.1, 'node-fpgrowth'],
  ['mushroom', 0.1, 'par1-sab'],
  ['mushroom', 0.1, 'par2-sab'],
  ['chess', 0.6, 'modelbus'],
  ['chess', 0.6, 'node-fpgrowth'],
  ['chess', 0.6, 'par1-sab'],
  ['chess', 0.6, 'par2-sab'],
  ['mushroom', 0.05, 'modelbus'],
  ['mushroom', 0.05, 'par1-sab'],
  ['mushroom', 0.05, 'par2-sab'],
  ['mushroom', 0.05, 'par2-copy'],
];

interface ChildResult {
  seconds: number;
  cpuSeconds: number;
  itemsets: number;
  rssBeforeMiB: number;
  peakRssMiB: number;
  /** modelbus serial: canonical ordering + paging section + encoding of the result (what the job adds), seconds */
  finishSeconds?: number;
  /** parallel: of which merging the shards, seconds */
  mergeSeconds?: number;
  /** parallel: the best warm run (seconds, cpuSeconds, mergeSeconds above are the cold first run) */
  warm?: ParRun;
  /** load average (1 min) when the child finished */
  load: number;
}

async function child(miner: string, dataset: string, p: number): Promise<void> {
  const tx = parseFimi(gunzipSync(readFileSync(join(DATA_DIR, `${dataset}.dat.gz`))));
  const rssBefore = process.memoryUsage().rss;
  if (miner === 'modelbus') {
    if (PREWARM) warmUpMiner();
    const cpu0 = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    const it = fpGrowth(tx, { minSupport: p });
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    const peak = process.resourceUsage().maxRSS; // before the finish step below
    const cpu1 = process.cpuUsage(cpu0);
    const t1 = process.hrtime.bigint();
    encodeStoredItemsets({ itemsets: it, names: null, mode: 'all', canonical: false, order: canonicalOrder(it), paging: true }); // as the job stores it
    const finishSeconds = Number(process.hrtime.bigint() - t1) / 1e9;
    report(seconds, cpu1, it.count, rssBefore, finishSeconds, peak);
  } else if (miner === 'node-fpgrowth') {
    const rows: number[][] = [];
    for (let t = 0; t < tx.n; t++) rows.push(Array.from(tx.items.subarray(tx.offsets[t], tx.offsets[t + 1])));
    if (PREWARM) await warmUpNodeFpGrowth();
    const before = process.memoryUsage().rss;
    const cpu0 = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    const result = await new FPGrowth<number>(p).exec(rows);
    report(Number(process.hrtime.bigint() - t0) / 1e9, process.cpuUsage(cpu0), result.length, before);
  } else {
    const [, threads, how] = /^par(\d+)-(sab|copy)$/.exec(miner)!;
    await parallel(tx, p, Number(threads), how === 'sab', rssBefore);
  }
}

/** node-fpgrowth on the same small database our warm-up mines, as often (so both JITs are warm alike). */
async function warmUpNodeFpGrowth(): Promise<void> {
  const w = warmUpBaskets();
  const rows: number[][] = [];
  for (let t = 0; t < w.n; t++) rows.push(Array.from(w.items.subarray(w.offsets[t], w.offsets[t + 1])));
  for (let round = 0; round < 6; round++) await new FPGrowth<number>(WARM_UP_MIN_SUPPORT).exec(rows);
}

/**
 * Shards on worker threads: transactions and the top tree (built once in this thread, timed) shared on
 * SharedArrayBuffers (sab), or transactions copied to each thread, which builds its own tree (copy).
 */
async function parallel(tx: { n: number; items: Int32Array; offsets: Int32Array }, p: number, threads: number, shared: boolean, rssBefore: number): Promise<void> {
  const workers = await Promise.all(
    Array.from({ length: threads }, () => {
      const w = new Worker(`require('tsx/cjs/api').register(); require(${JSON.stringify(WORKER_FILE)});`, { eval: true });
      return new Promise<Worker>((ok, fail) => {
        w.once('message', () => ok(w));
        w.once('error', fail);
      });
    }),
  );
  const onShared = (a: Int32Array) => {
    const s = new Int32Array(new SharedArrayBuffer(a.byteLength));
    s.set(a);
    return s;
  };
  const data = shared ? { n: tx.n, items: onShared(tx.items), offsets: onShared(tx.offsets) } : tx;
  const runs: ParRun[] = [];
  let count = 0;
  let coldPeakKiB = 0;
  for (let rep = 0; rep < REPS; rep++) {
    const cpu0 = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    const claimCounter = new Int32Array(new SharedArrayBuffer(4));
    // the top tree is built once, on SharedArrayBuffers (as the service's prepare step does), or per shard
    const tree = shared ? shardTree(data, { minSupport: p }) : null;
    // without shared memory, postMessage structured-clones the arrays: one copy per task
    const shards = await Promise.all(
      workers.map(
        (w) =>
          new Promise<Shard & { seconds: number }>((ok) => {
            w.once('message', ok);
            w.postMessage({ ...data, opts: { minSupport: p }, claimCounter, tree });
          }),
      ),
    );
    const tMerge = process.hrtime.bigint();
    count = mergeShards(data, { minSupport: p }, shards).count;
    const end = process.hrtime.bigint();
    const cpu = process.cpuUsage(cpu0);
    runs.push({
      seconds: Number(end - t0) / 1e9, cpuSeconds: (cpu.user + cpu.system) / 1e6, mergeSeconds: Number(end - tMerge) / 1e9,
      shards: shards.map((sh) => ({ seconds: sh.seconds, itemsets: sh.itemsets.count })),
    });
    if (rep === 0) coldPeakKiB = process.resourceUsage().maxRSS; // one run's peak: later runs add garbage of earlier ones
  }
  for (const w of workers) await w.terminate();
  const warm = runs.slice(1).reduce((a, b) => (b.seconds < a.seconds ? b : a));
  const cold = runs[0];
  report(cold.seconds, { user: cold.cpuSeconds * 1e6, system: 0 }, count, rssBefore, undefined, coldPeakKiB, cold.mergeSeconds, warm);
}

function report(
  seconds: number, cpu: NodeJS.CpuUsage, itemsets: number, rssBefore: number, finishSeconds?: number, peakKiB = process.resourceUsage().maxRSS, mergeSeconds?: number, warm?: ParRun,
): void {
  const out: ChildResult = {
    seconds,
    cpuSeconds: (cpu.user + cpu.system) / 1e6, // all threads of the process, GC helpers included
    itemsets,
    rssBeforeMiB: rssBefore / 2 ** 20,
    peakRssMiB: peakKiB / 1024, // maxRSS is in KiB
    finishSeconds,
    mergeSeconds,
    warm,
    load: os.loadavg()[0],
  };
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

function runChild(dataset: string, p: number, miner: string): ChildResult | null {
  const r = spawnSync(process.execPath, [...process.execArgv, '--max-old-space-size=8192', process.argv[1], '--child', miner, dataset, String(p), ...(PREWARM ? ['--prewarm'] : [])], {
    encoding: 'utf8',
    timeout: TIMEOUT_S * 1000,
    maxBuffer: 1 << 20,
  });
  const line = r.stdout.trim().split('\n').at(-1) ?? '';
  if (r.status !== 0 || !line.startsWith('{')) {
    const why = r.error ? String(r.error) : `exit ${r.status} ${r.signal ?? ''} ${r.stderr.split('\n').slice(-3).join(' ')}`;
    console.log(`${dataset.padEnd(9)} ${String(p).padEnd(6)}  ${miner.padEnd(14)} FAILED: ${why}`);
    return null;
  }
  return JSON.parse(line) as ChildResult;
}

function parent(): void {
  const quick = process.argv.includes('--quick');
  // --only mushroom:0.05,chess:0.6 runs just those cases
  const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1].split(',') : null;
  console.log(`node ${process.version}, ${new Date().toISOString()}; serial miners ${PREWARM ? 'JIT-warmed on the same small database first (--prewarm)' : 'cold (fresh process)'}`);
  console.log(`load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')} on ${os.cpus().length} CPUs (wall times suffer under load; CPU s less so)`);
  console.log('dataset   minsup  miner          itemsets   wall s    CPU s   itemsets/s(wall)   peak RSS MiB (before mining)');
  const repeat = process.argv.includes('--repeat') ? Number(process.argv[process.argv.indexOf('--repeat') + 1]) : 1;
  const results = new Map<string, ChildResult>();
  const rows = ROWS.filter(([dataset, p]) => !(quick && p === 0.05) && !(only && !only.includes(`${dataset}:${p}`)));
  const better = (a: ChildResult, b: ChildResult) => (a.warm && b.warm ? a.warm.seconds < b.warm.seconds : a.cpuSeconds < b.cpuSeconds);
  for (let r = 0; r < repeat; r++) {
    for (const [dataset, p, miner] of rows) {
      const res = runChild(dataset, p, miner);
      const key = `${dataset} ${p} ${miner}`;
      const prev = results.get(key);
      if (res && (!prev || better(res, prev))) results.set(key, res);
    }
  }
  for (const [dataset, p, miner] of rows) {
    const res = results.get(`${dataset} ${p} ${miner}`);
    if (!res) continue;
    const w = res.warm;
    console.log(
      `${dataset.padEnd(9)} ${String(p).padEnd(6)}  ${miner.padEnd(14)} ${String(res.itemsets).padStart(9)} ` +
        `${res.seconds.toFixed(3).padStart(8)} ${res.cpuSeconds.toFixed(3).padStart(8)} ${Math.round(res.itemsets / res.seconds).toString().padStart(18)} ` +
        `${res.peakRssMiB.toFixed(0).padStart(10)} (${res.rssBeforeMiB.toFixed(0)})  load ${res.load.toFixed(1)}` +
        (res.finishSeconds !== undefined ? `   + ${res.finishSeconds.toFixed(3)} s canonical order + paging + encode` : '') +
        (res.mergeSeconds !== undefined ? `   (merge ${res.mergeSeconds.toFixed(3)} s)` : '') +
        (w ? `   warm: ${w.seconds.toFixed(3)} s wall, ${w.cpuSeconds.toFixed(3)} CPU s, merge ${w.mergeSeconds.toFixed(3)} s, ${Math.round(res.itemsets / w.seconds)} itemsets/s` : '') +
        (w ? `, shards ${w.shards.map((sh) => `${sh.seconds.toFixed(3)} s/${sh.itemsets}`).join(' + ')}` : ''),
    );
  }
  console.log('\nratios');
  const counts = new Map<string, Set<number>>();
  for (const [k, r] of results) {
    const c = k.split(' ').slice(0, 2).join(' ');
    counts.set(c, (counts.get(c) ?? new Set()).add(r.itemsets));
  }
  for (const [c, s] of counts) if (s.size > 1) console.log(`  !! ${c}: itemset counts differ between miners: ${[...s].join(' vs ')}`);
  for (const c of ['mushroom 0.1', 'chess 0.6']) {
    const m = results.get(`${c} modelbus`);
    const n = results.get(`${c} node-fpgrowth`);
    if (m && n) {
      console.log(
        `  ${c}: node-fpgrowth/modelbus time ${(n.seconds / m.seconds).toFixed(1)}× wall, ${(n.cpuSeconds / m.cpuSeconds).toFixed(1)}× CPU (bar ≥ 10×), ` +
          `peak RSS modelbus/node-fpgrowth ${(m.peakRssMiB / n.peakRssMiB).toFixed(2)} (bar ≤ 0.5)`,
      );
    }
  }
  for (const [c, b] of Object.entries(BORGELT)) {
    for (const miner of ['modelbus', 'par1-sab', 'par2-sab']) {
      const m = results.get(`${c} ${miner}`);
      if (!m) continue;
      const mem = b.peakMB ? `, peak RSS ${(m.peakRssMiB / (b.peakMB / 1.048576)).toFixed(2)}× of ${b.peakMB} MB` : '';
      console.log(`  ${c} ${miner}: ${(m.seconds / b.seconds).toFixed(2)}× Borgelt's ${b.seconds} s wall (${(m.cpuSeconds / b.seconds).toFixed(2)}× in CPU s) (bar: ≤ 2× with 1 worker, < 1× with 2)${mem}`);
    }
  }
  for (const c of ['mushroom 0.1', 'chess 0.6', 'mushroom 0.05']) {
    const one = results.get(`${c} par1-sab`);
    const two = results.get(`${c} par2-sab`);
    if (!one?.warm || !two?.warm) continue;
    const speedup = (a: number, b: number) => `${(a / b).toFixed(2)}×`;
    console.log(
      `  ${c}: 2 workers vs 1, wall speed-up cold ${speedup(one.seconds, two.seconds)}, warm ${speedup(one.warm.seconds, two.warm.seconds)} ` +
        `(bar: > 1×; CPU s warm ${one.warm.cpuSeconds.toFixed(3)} vs ${two.warm.cpuSeconds.toFixed(3)})`,
    );
  }
  const sab = results.get('mushroom 0.05 par2-sab');
  const copy = results.get('mushroom 0.05 par2-copy');
  if (sab && copy) console.log(`  mushroom 0.05, 2 threads: transactions copied per task ${copy.seconds.toFixed(3)} s vs shared ${sab.seconds.toFixed(3)} s`);
}

const i = process.argv.indexOf('--child');
if (i >= 0) void child(process.argv[i + 1], process.argv[i + 2], Number(process.argv[i + 3]));
else parent();
