/**
 * RPO against rate and distance: the seed story under fire (producers at a rate, the group
 * auto-committing on es-src, every broker of es-src SIGKILLed mid-stream, the group resumed on
 * es-tgt from the offsets MM2 synced) over a grid of produce rates × one-way latency per link (a
 * Toxiproxy latency toxic on each of MM2's two links, to es-src and to es-tgt; both clusters
 * are behind Toxiproxy in every cell, 0 ms included), N runs per cell. Per cell it prints the
 * median and spread (min–max) of the records lost in flight, the RPO and the RTO, the produce
 * rate the producers reached, and the machine's CPU use (/proc/stat, every CPU, busy fraction
 * from the producers' start to the fault). A cell whose CPU was over 90 % busy is flagged
 * "CPU-bound, not an RPO": what it measures is the machine, not MM2.
 *
 *   npm run bench:rpo                                  1000, 10000, 50000 records/s × 0, 20, 80 ms, 3 runs
 *   npm run bench:rpo -- --rates 10000 --latencies 0,80 --runs 5 [--client kafkajs] [--seconds 10]
 *   npm run bench:rpo -- --table reports/bench-rpo-<time>/cells.json   the table again (cells.json is written after every run)
 *
 * Each cell is a generated .feature file (support/report/rpo-grid.ts: cellFeature) run by
 * `npm run drill` in its own run folder under reports/bench-rpo-<time>/, from whose report.json
 * the figures are read. MIRRORDRILL_BENCH_WRAP puts words before each run (e.g. `flock
 * /tmp/some.lock`); with it, MIRRORDRILL_LOCK is not passed down (the wrapper holds the lock).
 * Figures only, never an assertion; a failed run is printed and counted, its figures kept.
 */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { machineLine, scenarioReports } from './machine.ts';
import { newRunDir } from '../support/report/launcher.ts';
import {
  busyFraction,
  cellFeature,
  cellFigures,
  cellTable,
  cpuBound,
  cpuTimes,
  oursFraction,
  procStat,
  treeGrowth,
  treeJiffies,
  CPU_BOUND,
  RPO_DEFAULTS,
  parseRpoOptions,
  UsageError,
  type CellFigures,
  type CellReport,
  type Cell,
  type CpuSample,
} from '../support/report/rpo-grid.ts';

let options;
try {
  options = parseRpoOptions(process.argv.slice(2));
} catch (error) {
  if (!(error instanceof UsageError)) throw error;
  console.error(`bench:rpo: ${error.message}\n  usage: npm run bench:rpo -- [--rates 1000,10000,50000] [--latencies 0,20,80] [--runs 3] [--client platformatic|kafkajs] [--seconds 10] | --table <cells.json>`);
  process.exit(2);
}
if (options.table) {
  const saved = JSON.parse(readFileSync(options.table, 'utf8')) as { started: string; options: typeof RPO_DEFAULTS; cells: Cell[] };
  console.log(`bench:rpo of ${saved.started}: ${saved.options.client}, ${saved.options.runs} run(s) per cell; median (min–max)`);
  for (const line of cellTable(saved.cells)) console.log(line);
  process.exit(0);
}
const wrap = (process.env.MIRRORDRILL_BENCH_WRAP ?? '').split(/\s+/).filter(Boolean);
const reports = process.env.MIRRORDRILL_REPORTS ?? join(process.cwd(), 'reports');
const root = newRunDir(reports, new Date(), 'bench-rpo-');

const samples: CpuSample[] = [];
/** The process of the run under way (the wrapper's, or npm's): the drill's tree hangs below it. */
let running: number | undefined;
/** The drill's tree at the last sample, and what it used in all so far. */
let lastTree = new Map<number, number>();
let oursSoFar = 0;
const sample = () => {
  const s = cpuTimes(readFileSync('/proc/stat', 'utf8'), Date.now());
  if (!s) return;
  if (running !== undefined) {
    const stats = new Map<number, { ppid: number; jiffies: number }>();
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        const p = procStat(readFileSync(`/proc/${entry}/stat`, 'utf8'));
        if (p) stats.set(Number(entry), p);
      } catch {
        // Gone since the listing.
      }
    }
    const tree = treeJiffies(stats, running);
    oursSoFar += treeGrowth(lastTree, tree);
    lastTree = tree;
    s.ours = oursSoFar;
  }
  samples.push(s);
};
sample();
const sampler = setInterval(sample, 500);

function reportIn(dir: string): CellReport | undefined {
  const found = scenarioReports<CellReport>(dir);
  return found.length === 1 ? found[0] : undefined;
}

function drill(feature: string, runDir: string, log: string): Promise<number | null> {
  const env: NodeJS.ProcessEnv = { ...process.env, MIRRORDRILL_QUIET: '1', MIRRORDRILL_RUN_DIR: runDir };
  if (wrap.length) delete env.MIRRORDRILL_LOCK;
  const [command, ...args] = [...wrap, 'npm', 'run', '--silent', 'drill', '--', feature];
  return new Promise((resolve) => {
    const out = [] as Buffer[];
    const child = spawn(command!, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    running = child.pid;
    lastTree = new Map();
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => out.push(b));
    child.on('close', (code) => {
      running = undefined;
      writeFileSync(log, Buffer.concat(out));
      resolve(code);
    });
  });
}


const started = Date.now();
const save = () => writeFileSync(join(root, 'cells.json'), `${JSON.stringify({ started: new Date(started).toISOString(), options, cells, samples: samples.length }, null, 2)}\n`);
console.log(`bench:rpo ${new Date(started).toISOString()}: the seed story under fire, ${options.client}, ${options.seconds} s of producing before the fault; ${options.runs} run(s) per cell; one-way latency per link on MM2's links to es-src and to es-tgt (Toxiproxy; both clusters behind it in every cell)`);
console.log(`machine: ${machineLine()}`);
console.log(`runs in ${root}${wrap.length ? `; each wrapped in: ${wrap.join(' ')}` : ''}`);
const cells: Cell[] = [];
for (const rate of options.rates) {
  for (const latencyMs of options.latencies) {
    const cell: Cell = { rate, latencyMs, runs: [] };
    cells.push(cell);
    const name = `rate-${rate}-latency-${latencyMs}`;
    const feature = join(root, `${name}.feature`);
    writeFileSync(feature, cellFeature({ rate, latencyMs, seconds: options.seconds, client: options.client }));
    for (let r = 1; r <= options.runs; r++) {
      const runDir = join(root, `${name}-r${r}`);
      const exit = await drill(feature, runDir, `${runDir}.log`);
      sample();
      const report = reportIn(runDir);
      const figures: CellFigures = report
        ? cellFigures(report)
        : { status: 'NO REPORT', validity: undefined, lostInFlight: undefined, rpoMs: undefined, rtoMs: undefined, achievedRate: undefined, from: undefined, to: undefined };
      const cpu = figures.from !== undefined && figures.to !== undefined ? busyFraction(samples, figures.from, figures.to) : undefined;
      const ours = figures.from !== undefined && figures.to !== undefined ? oursFraction(samples, figures.from, figures.to) : undefined;
      cell.runs.push({ ...figures, run: r, exit, cpu, ours });
      save();
      console.log(
        `  ${rate} records/s, ${latencyMs} ms, run ${r}: ${figures.status}${exit ? ` (exit ${exit}, see ${runDir}.log)` : ''}; lost in flight ${figures.lostInFlight ?? '–'}, ` +
          `RPO ${s(figures.rpoMs)}, RTO ${s(figures.rtoMs)}, produced ${figures.achievedRate ?? '–'} acked records/s, CPU ${pct(cpu)} busy (the drill's own processes ${pct(ours)})${cpuBound(cpu) ? ' (CPU-bound)' : ''}`,
      );
    }
  }
}
clearInterval(sampler);

function s(ms: number | undefined): string {
  return ms === undefined ? '–' : `${(ms / 1000).toFixed(1)} s`;
}
function pct(x: number | undefined): string {
  return x === undefined ? '–' : `${Math.round(x * 100)} %`;
}

console.log(`\nmedian (min–max) of ${options.runs} run(s) per cell; CPU: the machine's busy fraction, every CPU, from the producers' start to the fault; over ${Math.round(CPU_BOUND * 100)} %: "CPU-bound, not an RPO"; "drill's own": the share of it the drill's processes (harness, JVMs, proxy) used, the rest is the machine's other users`);
for (const line of cellTable(cells)) console.log(line);
console.log('  (a CPU-bound cell\'s loss and RPO are in brackets: figures of the machine, not of MM2)');
console.log(`machine at the end: ${machineLine()}; ${((Date.now() - started) / 60_000).toFixed(1)} min`);
save();
console.log(`figures as JSON: ${join(root, 'cells.json')}`);
