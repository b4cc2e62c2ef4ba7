/**
 * Times the seed drill as a whole process, cold each time (clusters and MM2 started from
 * nothing; the Kafka jars already cached), and prints every run and the median.
 *
 *   npm run bench              the whole seed feature (4 scenarios), 3 runs
 *   npm run bench -- 5 features/active-passive-failover.feature:38
 *                              5 runs of one scenario (the platformatic synced-offsets one)
 */
import { spawnSync } from 'node:child_process';

const runs = Number(process.argv[2] ?? 3);
const target = process.argv[3] ?? 'features/active-passive-failover.feature';
const times: number[] = [];
for (let i = 1; i <= runs; i++) {
  const start = process.hrtime.bigint();
  const result = spawnSync('npm', ['run', '--silent', 'drill', '--', target], { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, MIRRORDRILL_QUIET: '1' } });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (result.status !== 0) {
    console.error(`run ${i} failed (exit ${result.status}); see reports/latest/summary.txt`);
    process.exit(1);
  }
  times.push(seconds);
  console.log(`run ${i}: ${seconds.toFixed(1)} s`);
}
const sorted = [...times].sort((a, b) => a - b);
const median = sorted.length % 2 ? sorted[(sorted.length - 1) / 2]! : (sorted[sorted.length / 2 - 1]! + sorted[sorted.length / 2]!) / 2;
console.log(`${target}: ${runs} cold runs, median ${median.toFixed(1)} s (min ${sorted[0]!.toFixed(1)}, max ${sorted.at(-1)!.toFixed(1)})`);
