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
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadSettings } from '../support/config/defaults.ts';
import { LocalRuntime } from '../support/runtime/local/local-runtime.ts';
import { PHASES } from '../support/report/phase-timer.ts';
import { Topology } from '../support/topology.ts';
import { machineLine, median } from './machine.ts';

const args = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const runs = Number(args[0] ?? 5);
const target = args[1] ?? 'features/active-passive-failover.feature:40';
const floor = !process.argv.includes('--no-floor');
if (!Number.isInteger(runs) || runs < 1) {
  console.error(`the number of runs must be a whole number of 1 or more, not "${args[0]}"`);
  process.exit(2);
}
const reports = process.env.MIRRORDRILL_REPORTS ?? join(process.cwd(), 'reports');
const s = (ms: number | undefined) => (ms === undefined ? '–' : `${(ms / 1000).toFixed(1)} s`);

/** Phase → ms summed over the scenarios of one run (from each scenario's report.json). */
function phasesOf(runDir: string): { phases: Record<string, number>; scenarios: number } {
  const phases: Record<string, number> = {};
  let scenarios = 0;
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir)) {
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) walk(path);
      else if (entry === 'report.json') {
        const timings = (JSON.parse(readFileSync(path, 'utf8')) as { timings?: Record<string, number> }).timings ?? {};
        scenarios++;
        for (const [k, v] of Object.entries(timings)) phases[k] = (phases[k] ?? 0) + v;
      }
    }
  };
  walk(runDir);
  return { phases, scenarios };
}

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

console.log(`machine: ${machineLine()}`);
// One run first makes the class-data archives if they are missing; it is not counted.
spawnSync('npm', ['run', '--silent', 'drill', '--', 'features/active-passive-failover.feature:40'], { stdio: 'ignore', env: { ...process.env, MIRRORDRILL_QUIET: '1' } });
const totals: number[] = [];
const perPhase = new Map<string, number[]>();
let scenarios = 0;
for (let i = 1; i <= runs; i++) {
  const start = process.hrtime.bigint();
  const result = spawnSync('npm', ['run', '--silent', 'drill', '--', target], { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, MIRRORDRILL_QUIET: '1' } });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.status !== 0) {
    console.error(`run ${i} failed (exit ${result.status}); see reports/latest/summary.txt`);
    process.exit(1);
  }
  const run = phasesOf(realpathSync(join(reports, 'latest')));
  scenarios = run.scenarios;
  totals.push(ms);
  for (const [k, v] of Object.entries(run.phases)) perPhase.set(k, [...(perPhase.get(k) ?? []), v]);
  console.log(`run ${i}: ${s(ms)} whole process; ${PHASES.filter((p) => run.phases[p] !== undefined).map((p) => `${p} ${s(run.phases[p])}`).join(', ')}`);
}
const sorted = [...totals].sort((a, b) => a - b);
console.log(`\n${target}: ${runs} cold run(s) of ${scenarios} scenario(s), whole process median ${s(median(totals))} (min ${s(sorted[0])}, max ${s(sorted.at(-1))})`);
console.log(`  by phase, median over the runs (wall time in which the phase ran, summed over scenarios; phases overlap):`);
for (const p of [...PHASES, 'total']) if (perPhase.has(p)) console.log(`    ${p.padEnd(14)} ${s(median(perPhase.get(p)!))}`);
if (floor) {
  const f = await measureFloor();
  console.log(`  floor, same jars, same run: one bare broker ${s(f.broker)} (format + start until it answers metadata), one bare MM2 ${s(f.mm2)} (start until it mirrors a topic)`);
}
console.log(`machine at the end: ${machineLine()}`);
