/**
 * Startup cost of security: the seed scenario on plain clusters against the same scenario on
 * secured ones (clients SASL_SSL + SCRAM-SHA-512, MM2 mutual TLS; features/secured-failover.feature),
 * in one run, alternating, each a whole cold process; medians of the wall time and of the phases
 * security touches (cluster start: CA, certificates, SCRAM users at format; MM2 ready: TLS
 * handshakes), and their ratio. Figures, never assertions.
 *
 *   npm run bench:secured            3 runs of each
 *   npm run bench:secured -- 5
 */
import { spawnSync } from 'node:child_process';
import { realpathSync } from 'node:fs';
import { join } from 'node:path';
import { machineLine, median, summedTimings } from './machine.ts';

const runs = Number(process.argv[2] ?? 3);
const CASES = { plain: 'features/active-passive-failover.feature:40', secured: 'features/secured-failover.feature:37' } as const;
const PHASES = ['cluster start', 'MM2 ready', 'workload', 'total'];
const reports = process.env.MIRRORDRILL_REPORTS ?? join(process.cwd(), 'reports');
const s = (ms: number | undefined) => (ms === undefined ? '–' : `${(ms / 1000).toFixed(1)} s`);

function drill(target: string): { ms: number; timings: Record<string, number> } {
  const start = process.hrtime.bigint();
  const result = spawnSync('npm', ['run', '--silent', 'drill', '--', target], { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, MIRRORDRILL_QUIET: '1' } });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.status !== 0) {
    console.error(`${target} failed (exit ${result.status}); see reports/latest/summary.txt`);
    process.exit(1);
  }
  return { ms, timings: summedTimings(realpathSync(join(reports, 'latest'))).phases };
}

console.log(`machine: ${machineLine()}`);
drill(CASES.plain); // warm-up (class-data archives, page cache); not counted
const figures = { plain: [] as { ms: number; timings: Record<string, number> }[], secured: [] as { ms: number; timings: Record<string, number> }[] };
for (let i = 1; i <= runs; i++) {
  for (const name of ['plain', 'secured'] as const) {
    const r = drill(CASES[name]);
    figures[name].push(r);
    console.log(`run ${i} ${name.padEnd(7)}: ${s(r.ms)} whole process; ${PHASES.map((p) => `${p} ${s(r.timings[p])}`).join(', ')}`);
  }
}
console.log(`\nmedians of ${runs} run(s) each (plain ${CASES.plain}, secured ${CASES.secured}):`);
const row = (label: string, pick: (r: { ms: number; timings: Record<string, number> }) => number | undefined) => {
  const p = median(figures.plain.map(pick).filter((x): x is number => x !== undefined));
  const q = median(figures.secured.map(pick).filter((x): x is number => x !== undefined));
  console.log(`  ${label.padEnd(15)} plain ${s(p).padStart(7)}  secured ${s(q).padStart(7)}  ratio ${p && q ? (q / p).toFixed(2) : '–'}`);
};
row('whole process', (r) => r.ms);
for (const p of PHASES) row(p, (r) => r.timings[p]);
console.log(`machine at the end: ${machineLine()}`);
