/**
 * The seed story under load (features/under-fire.feature: producers at 200 records/s, the group
 * auto-committing on es-src, es-src SIGKILLed mid-stream, the group resumed on es-tgt), run as a
 * whole process several times, cold each time. Per run it prints:
 *  - the wall time of the process (as /usr/bin/time -v reports it, "Elapsed (wall clock)");
 *  - the records per second the producers sustained from their start through the fault to their
 *    stop (acked / that time), against the 200 asked for;
 *  - CPU: the whole process tree's user + system time (/usr/bin/time: the harness and every JVM
 *    and proxy it waited for), the harness process's own share of it (report.json harnessCpuMs,
 *    from process.cpuUsage over the scenario), and the JVMs' rest.
 * Then the medians, with the machine line: figures from different machines are not comparable.
 *
 *   npm run bench:under-fire              3 runs of the platformatic row
 *   npm run bench:under-fire -- 5 features/under-fire.feature:45
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { machineLine, median, scenarioReports } from './machine.ts';

const args = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const runs = Number(args[0] ?? 3);
const target = args[1] ?? 'features/under-fire.feature:49';
if (!Number.isInteger(runs) || runs < 1) {
  console.error(`the number of runs must be a whole number of 1 or more, not "${args[0]}"`);
  process.exit(2);
}
const reports = process.env.MIRRORDRILL_REPORTS ?? join(process.cwd(), 'reports');

interface Report {
  scenario: string;
  harnessCpuMs?: number;
  ledger: { acked: number; events: { time: string; kind: string; what: string }[] };
}

function reportOf(runDir: string): Report {
  const found = scenarioReports<Report>(runDir);
  if (found.length !== 1) throw new Error(`expected one scenario in ${runDir}, found ${found.length}: give the line of one scenario or Examples row`);
  return found[0]!;
}

/** /usr/bin/time's -f output: "%e %U %S" (wall, user, system seconds of the process tree). */
function timed(command: string[]): { wall: number; cpu: number; status: number | null } {
  const dir = mkdtempSync(join(tmpdir(), 'mirrordrill-bench-'));
  const out = join(dir, 'time.txt');
  try {
    const result = spawnSync('/usr/bin/time', ['-f', '%e %U %S', '-o', out, ...command], { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, MIRRORDRILL_QUIET: '1' } });
    const [wall, user, system] = readFileSync(out, 'utf8').trim().split('\n').at(-1)!.split(' ').map(Number);
    return { wall: wall! * 1000, cpu: (user! + system!) * 1000, status: result.status };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const s = (ms: number | undefined) => (ms === undefined ? '–' : `${(ms / 1000).toFixed(1)} s`);
const pct = (x: number | undefined) => (x === undefined ? '–' : `${(x * 100).toFixed(1)} %`);

console.log(`machine: ${machineLine()}`);
// One run first makes the class-data archives if they are missing; it is not counted.
spawnSync('npm', ['run', '--silent', 'drill', '--', target], { stdio: 'ignore', env: { ...process.env, MIRRORDRILL_QUIET: '1' } });
const walls: number[] = [];
const rates: number[] = [];
const cpus: number[] = [];
const shares: number[] = [];
let scenario = '';
for (let i = 1; i <= runs; i++) {
  const t = timed(['npm', 'run', '--silent', 'drill', '--', target]);
  if (t.status !== 0) {
    console.error(`run ${i} failed (exit ${t.status}); see reports/latest/summary.txt`);
    process.exit(1);
  }
  const report = reportOf(realpathSync(join(reports, 'latest')));
  scenario = report.scenario;
  const producers = report.ledger.events.filter((e) => e.kind === 'producers');
  const start = Date.parse(producers.find((e) => e.what.startsWith('start'))?.time ?? '');
  const stop = Date.parse(producers.find((e) => e.what.startsWith('stopped'))?.time ?? '');
  const rate = Number.isFinite(start) && Number.isFinite(stop) && stop > start ? (report.ledger.acked * 1000) / (stop - start) : undefined;
  const share = report.harnessCpuMs !== undefined ? report.harnessCpuMs / t.cpu : undefined;
  walls.push(t.wall);
  cpus.push(t.cpu);
  if (rate !== undefined) rates.push(rate);
  if (share !== undefined) shares.push(share);
  console.log(
    `run ${i}: wall ${s(t.wall)}; producers sustained ${rate?.toFixed(0) ?? '–'} acked records/s from start through the fault to stop; ` +
      `CPU ${s(t.cpu)} (harness ${s(report.harnessCpuMs)}, ${pct(share)}; JVMs and proxy ${s(t.cpu - (report.harnessCpuMs ?? 0))})`,
  );
}
console.log(`\n${scenario}: ${runs} cold run(s), medians`);
console.log(`  wall time (whole process)        ${s(median(walls))}`);
console.log(`  records/s sustained (of 200)     ${median(rates)?.toFixed(0) ?? '–'}`);
console.log(`  CPU, whole process tree          ${s(median(cpus))}`);
console.log(`  harness's share of that CPU      ${pct(median(shares))}`);
console.log(`machine at the end: ${machineLine()}`);
