/**
 * Times drills as whole processes, cold each time (clusters and MM2 started from nothing; the
 * Kafka jars and class-data archives already cached), with the harness's own breakdown by phase
 * (report.json `timings`), and beside them the floor measured in the same run: one bare broker
 * (format + start until it answers metadata) and one bare MM2 (start until it mirrors a topic),
 * from the same jars.
 *
 *   npm run bench                                   the seed scenario, 5 runs, and the floor
 *   npm run bench -- 5 features/active-passive-failover.feature:40
 *   npm run bench -- 1 features                     the whole suite once
 *   npm run bench -- 3 <target> --no-floor
 *   npm run bench -- 3 --runtimes=local,containers   the same scenario on each runtime, runs interleaved, medians and their ratio
 *   npm run bench -- 3 --runtimes=local,containers --no-warm-up --no-floor
 *
 * MIRRORDRILL_BENCH_WRAP: words put before each timed run (e.g. a lock shared with other users
 * of the machine: `flock /tmp/some.lock`); time spent waiting in it is not counted.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, realpathSync, rmSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadSettings } from '../support/config/defaults.ts';
import { LocalRuntime } from '../support/runtime/local/local-runtime.ts';
import { PHASES } from '../support/report/phase-timer.ts';
import { Topology } from '../support/topology.ts';
import { machineLine, median, summedTimings } from './machine.ts';

const args = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const runs = Number(args[0] ?? 5);
const target = args[1] ?? 'features/active-passive-failover.feature:40';
const floor = !process.argv.includes('--no-floor');
const runtimes = (process.argv.find((a) => a.startsWith('--runtimes='))?.slice('--runtimes='.length) ?? process.env.MIRRORDRILL_RUNTIME ?? 'local').split(',').filter(Boolean);
const wrap = (process.env.MIRRORDRILL_BENCH_WRAP ?? '').split(/\s+/).filter(Boolean);
if (!Number.isInteger(runs) || runs < 1) {
  console.error(`the number of runs must be a whole number of 1 or more, not "${args[0]}"`);
  process.exit(2);
}
const reports = process.env.MIRRORDRILL_REPORTS ?? join(process.cwd(), 'reports');
const s = (ms: number | undefined) => (ms === undefined ? '–' : `${(ms / 1000).toFixed(1)} s`);

async function measureFloor(): Promise<{ broker: number; mm2: number }> {
  const dir = await mkdtemp(join(tmpdir(), 'mirrordrill-floor-'));
  const topology = new Topology(new LocalRuntime({ ...loadSettings(), reportsDir: dir }), dir);
  try {
    const t0 = Date.now();
    topology.declareCluster('source', 'floor-a', 1);
    await topology.cluster('floor-a');
    const broker = Date.now() - t0;
    topology.declareCluster('target', 'floor-b', 1);
    await (await topology.admin('floor-a')).createTopic('floor', 1, 1);
    await topology.cluster('floor-b');
    const t1 = Date.now();
    await topology.startMirror({ source: 'floor-a', target: 'floor-b', topics: ['floor'], overrides: {} });
    return { broker, mm2: Date.now() - t1 };
  } finally {
    await topology.teardown();
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * One cucumber process on `runtime`, timed from inside the wrapper (MIRRORDRILL_BENCH_WRAP), so
 * that waiting for a shared lock is not counted: the wall time of `npm run drill` alone.
 */
function timedDrill(runtime: string, what: string): { ms: number; status: number | null } {
  const stamp = join(tmpdir(), `mirrordrill-bench-${process.pid}.ns`);
  const script = 's=$(date +%s%N); npm run --silent drill -- "$1"; rc=$?; echo $(( $(date +%s%N) - s )) > "$2"; exit $rc';
  const [command, ...rest] = [...wrap, 'sh', '-c', script, 'timed-drill', what, stamp];
  const result = spawnSync(command!, rest, { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, MIRRORDRILL_QUIET: '1', MIRRORDRILL_RUNTIME: runtime } });
  const ms = Number(readFileSync(stamp, 'utf8').trim()) / 1e6;
  rmSync(stamp, { force: true });
  return { ms, status: result.status };
}

console.log(`machine: ${machineLine()}`);
// One run per runtime first makes what is cached (class-data archives, the container image) if missing; it is not counted.
// --no-warm-up skips it when both are known to be cached.
if (!process.argv.includes('--no-warm-up')) for (const runtime of runtimes) timedDrill(runtime, 'features/active-passive-failover.feature:40');
const totals = new Map<string, number[]>(runtimes.map((r) => [r, []]));
const perPhase = new Map<string, Map<string, number[]>>(runtimes.map((r) => [r, new Map()]));
let scenarios = 0;
for (let i = 1; i <= runs; i++) {
  // Interleaved, so that a change in the machine's load weighs on every runtime alike.
  for (const runtime of runtimes) {
    const { ms, status } = timedDrill(runtime, target);
    if (status !== 0) {
      console.error(`run ${i} on ${runtime} failed (exit ${status}); see reports/latest/summary.txt`);
      process.exit(1);
    }
    const run = summedTimings(realpathSync(join(reports, 'latest')));
    scenarios = run.scenarios;
    totals.get(runtime)!.push(ms);
    const phases = perPhase.get(runtime)!;
    for (const [k, v] of Object.entries(run.phases)) phases.set(k, [...(phases.get(k) ?? []), v]);
    console.log(`run ${i} (${runtime}): ${s(ms)} whole process; ${PHASES.filter((p) => run.phases[p] !== undefined).map((p) => `${p} ${s(run.phases[p])}`).join(', ')}`);
  }
}
for (const runtime of runtimes) {
  const sorted = [...totals.get(runtime)!].sort((a, b) => a - b);
  console.log(`\n${target} on ${runtime}: ${runs} cold run(s) of ${scenarios} scenario(s), whole process median ${s(median(sorted))} (min ${s(sorted[0])}, max ${s(sorted.at(-1))})`);
  console.log(`  by phase, median over the runs (wall time in which the phase ran, summed over scenarios; phases overlap):`);
  const phases = perPhase.get(runtime)!;
  for (const p of [...PHASES, 'total']) if (phases.has(p)) console.log(`    ${p.padEnd(14)} ${s(median(phases.get(p)!))}`);
}
if (runtimes.length > 1) {
  const [base, ...others] = runtimes;
  for (const other of others) {
    const ratio = median(totals.get(other)!)! / median(totals.get(base!)!)!;
    const startRatio = (median(perPhase.get(other)!.get('cluster start') ?? []) ?? NaN) / (median(perPhase.get(base!)!.get('cluster start') ?? []) ?? NaN);
    console.log(`\n${other} / ${base}: whole process ${ratio.toFixed(2)}×, cluster start ${startRatio.toFixed(2)}× (medians)`);
  }
}
if (floor) {
  const f = await measureFloor();
  console.log(`  floor, same jars, same run: one bare broker ${s(f.broker)} (format + start until it answers metadata), one bare MM2 ${s(f.mm2)} (start until it mirrors a topic)`);
  // A drill needs a broker answering before MM2 can mirror: the floor is the two in sequence.
  const seq = f.broker + f.mm2;
  for (const runtime of runtimes) {
    const whole = median(totals.get(runtime)!)!;
    const inScenario = median(perPhase.get(runtime)!.get('total') ?? []);
    console.log(
      `  ${runtime}: the seed scenario to its verdict ${s(whole)} whole process = ${(whole / seq).toFixed(2)}× the floor (broker then MM2, ${s(seq)})` +
        (inScenario !== undefined ? `; the scenario itself (Cucumber's hooks to its verdict) ${s(inScenario)} = ${(inScenario / seq).toFixed(2)}×, the rest is the process: Node, tsx, Cucumber, the report` : ''),
    );
  }
}
console.log(`machine at the end: ${machineLine()}`);
