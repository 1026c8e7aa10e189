// FP-Growth benchmark: this library vs the npm package node-fpgrowth, same data, same run.
//   cd /work/main && npx tsx libs/math/recsys/bench/fpgrowth.bench.ts
// Each (miner, dataset) runs in its own child process so that peak RSS (getrusage maxrss) belongs to one
// miner only. Timed: mining alone, after parsing and (for node-fpgrowth) building its number[][] input.
// Both miners use minCount = ceil(p·N). Item counts are cross-checked between the miners.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { FPGrowth } from 'node-fpgrowth';
import { fpGrowth, parseFimi } from '../src/index';

/** FIMI files: $MODELBUS_DATA_DIR/fim, else ../shared/data/fim beside the repository. */
const DATA_DIR = process.env.MODELBUS_DATA_DIR ? join(process.env.MODELBUS_DATA_DIR, 'fim') : resolve(__dirname, '../../../../../shared/data/fim');

type Miner = 'modelbus' | 'node-fpgrowth';
const CASES: Array<[string, number]> = [
  ['mushroom', 0.1],
  ['chess', 0.6],
];
const MINERS: Miner[] = ['modelbus', 'node-fpgrowth'];
const TIMEOUT_S = 600;

interface ChildResult {
  seconds: number;
  cpuSeconds: number;
  itemsets: number;
  rssBeforeMiB: number;
  peakRssMiB: number;
}

async function child(miner: Miner, dataset: string, p: number): Promise<void> {
  const tx = parseFimi(gunzipSync(readFileSync(join(DATA_DIR, `${dataset}.dat.gz`))));
  let count: number;
  let seconds: number;
  if (miner === 'modelbus') {
    const rssBefore = process.memoryUsage().rss;
    const cpu0 = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    count = fpGrowth(tx, { minSupport: p }).count;
    seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    report(seconds, cpu0, count, rssBefore);
  } else {
    const rows: number[][] = [];
    for (let t = 0; t < tx.n; t++) rows.push(Array.from(tx.items.subarray(tx.offsets[t], tx.offsets[t + 1])));
    const rssBefore = process.memoryUsage().rss;
    const cpu0 = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    const result = await new FPGrowth<number>(p).exec(rows);
    seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    count = result.length;
    report(seconds, cpu0, count, rssBefore);
  }
}

function report(seconds: number, cpu0: NodeJS.CpuUsage, itemsets: number, rssBefore: number): void {
  const cpu = process.cpuUsage(cpu0);
  const out: ChildResult = {
    seconds,
    cpuSeconds: (cpu.user + cpu.system) / 1e6, // includes GC helper threads; robust to a loaded machine
    itemsets,
    rssBeforeMiB: rssBefore / 2 ** 20,
    peakRssMiB: process.resourceUsage().maxRSS / 1024, // maxRSS is in KiB
  };
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

function parent(): void {
  console.log(`node ${process.version}, ${new Date().toISOString()}`);
  console.log(`load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')} on ${os.cpus().length} CPUs (wall times suffer under load; CPU s less so)`);
  console.log('dataset   minsup  miner          itemsets   wall s    CPU s   itemsets/s(wall)   peak RSS MiB (before mining)');
  for (const [dataset, p] of CASES) {
    const counts: number[] = [];
    for (const miner of MINERS) {
      const r = spawnSync(
        process.execPath,
        [...process.execArgv, '--max-old-space-size=8192', process.argv[1], '--child', miner, dataset, String(p)],
        { encoding: 'utf8', timeout: TIMEOUT_S * 1000, maxBuffer: 1 << 20 },
      );
      const line = r.stdout.trim().split('\n').at(-1) ?? '';
      if (r.status !== 0 || !line.startsWith('{')) {
        const why = r.error ? String(r.error) : `exit ${r.status} ${r.signal ?? ''} ${r.stderr.split('\n').slice(-3).join(' ')}`;
        console.log(`${dataset.padEnd(9)} ${String(p).padEnd(6)}  ${miner.padEnd(14)} FAILED: ${why}`);
        continue;
      }
      const res = JSON.parse(line) as ChildResult;
      counts.push(res.itemsets);
      console.log(
        `${dataset.padEnd(9)} ${String(p).padEnd(6)}  ${miner.padEnd(14)} ${String(res.itemsets).padStart(9)} ` +
          `${res.seconds.toFixed(3).padStart(8)} ${res.cpuSeconds.toFixed(3).padStart(8)} ${Math.round(res.itemsets / res.seconds).toString().padStart(18)} ` +
          `${res.peakRssMiB.toFixed(0).padStart(10)} (${res.rssBeforeMiB.toFixed(0)})`,
      );
    }
    if (counts.length === 2 && counts[0] !== counts[1]) console.log(`  !! itemset counts differ: ${counts.join(' vs ')}`);
  }
}

const i = process.argv.indexOf('--child');
if (i >= 0) {
  void child(process.argv[i + 1] as Miner, process.argv[i + 2], Number(process.argv[i + 3]));
} else {
  parent();
}
