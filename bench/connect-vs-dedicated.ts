/**
 * Startup cost of MM2 on Kafka Connect against the dedicated driver: the seed scenario (the
 * group resumes from the offsets MM2 synced, platformatic client) on each deployment, cold, as
 * whole processes, alternating so that both see the same machine, in one run. Prints per run
 * and as medians the whole process's wall time and the harness's "MM2 ready" phase (from the
 * mirrors step to MM2 mirroring), and the ratios connect / dedicated. Figures, never assertions.
 *
 *   npm run bench:connect            3 runs of each
 *   npm run bench:connect -- 5
 */
import { spawnSync } from 'node:child_process';
import { realpathSync } from 'node:fs';
import { join } from 'node:path';
import { machineLine, median, scenarioReports } from './machine.ts';

const runs = Number(process.argv[2] ?? 3);
if (!Number.isInteger(runs) || runs < 1) {
  console.error(`the number of runs must be a whole number of 1 or more, not "${process.argv[2]}"`);
  process.exit(2);
}
const TARGETS = {
  dedicated: 'features/active-passive-failover.feature:40',
  connect: 'features/kafka-connect.feature:35',
} as const;
type Deployment = keyof typeof TARGETS;
const reports = process.env.MIRRORDRILL_REPORTS ?? join(process.cwd(), 'reports');
const s = (ms: number | undefined) => (ms === undefined ? '–' : `${(ms / 1000).toFixed(1)} s`);

/** The "MM2 ready" phase and the scenario's own total, from the run's report.json. */
function timingsOf(runDir: string): { ready: number; total: number } {
  const [report] = scenarioReports<{ timings: Record<string, number> }>(runDir);
  if (!report) throw new Error(`no report.json in ${runDir}`);
  return { ready: report.timings['MM2 ready'] ?? NaN, total: report.timings.total ?? NaN };
}

console.log(`machine: ${machineLine()}`);
// A first run of each, not counted: class-data archives, page cache.
for (const target of Object.values(TARGETS)) spawnSync('npm', ['run', '--silent', 'drill', '--', target], { stdio: 'ignore', env: { ...process.env, MIRRORDRILL_QUIET: '1' } });
const figures: Record<Deployment, { wall: number[]; ready: number[] }> = { dedicated: { wall: [], ready: [] }, connect: { wall: [], ready: [] } };
for (let i = 1; i <= runs; i++) {
  for (const deployment of Object.keys(TARGETS) as Deployment[]) {
    const start = process.hrtime.bigint();
    const result = spawnSync('npm', ['run', '--silent', 'drill', '--', TARGETS[deployment]], { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, MIRRORDRILL_QUIET: '1' } });
    const wall = Number(process.hrtime.bigint() - start) / 1e6;
    if (result.status !== 0) {
      console.error(`run ${i} on ${deployment} failed (exit ${result.status}); see reports/latest/summary.txt`);
      process.exit(1);
    }
    const t = timingsOf(realpathSync(join(reports, 'latest')));
    figures[deployment].wall.push(wall);
    figures[deployment].ready.push(t.ready);
    console.log(`run ${i} ${deployment.padEnd(9)}: ${s(wall)} whole process, MM2 ready ${s(t.ready)}, scenario ${s(t.total)}`);
  }
}
const m = (d: Deployment, k: 'wall' | 'ready') => median(figures[d][k])!;
console.log(`\nthe seed scenario, ${runs} cold run(s) of each, medians:`);
console.log(`  dedicated (1 MirrorMaker JVM):           whole process ${s(m('dedicated', 'wall'))}, MM2 ready ${s(m('dedicated', 'ready'))}`);
console.log(`  connect   (1 worker, 3 connectors, REST): whole process ${s(m('connect', 'wall'))}, MM2 ready ${s(m('connect', 'ready'))}`);
console.log(`  ratio connect / dedicated: whole process ${(m('connect', 'wall') / m('dedicated', 'wall')).toFixed(2)}, MM2 ready ${(m('connect', 'ready') / m('dedicated', 'ready')).toFixed(2)}`);
console.log(`machine at the end: ${machineLine()}`);
