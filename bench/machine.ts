import { readFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { median as medianOf } from '../support/report/median.ts';
import { reportFiles } from '../support/report/run-folder.ts';

/** The median of some figures (the mean of the middle two for an even count); undefined for none. */
export function median(values: number[]): number | undefined {
  return values.length ? medianOf(values) : undefined;
}

export function cpuModel(): string {
  try {
    const line = readFileSync('/proc/cpuinfo', 'utf8')
      .split('\n')
      .find((l) => /^(model name|Model|cpu model)\s*:/.test(l));
    if (line) return line.slice(line.indexOf(':') + 1).trim();
  } catch {
    // Not Linux: nothing more to say than "unknown".
  }
  return 'unknown (no model name in /proc/cpuinfo)';
}

/** "2 CPU(s) (nproc), <model>, load average 1.2 0.9 0.7": figures from different machines are not comparable. */
export function machineLine(): string {
  return `${availableParallelism()} CPU(s) (nproc), ${cpuModel()}, load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`;
}

/** Every scenario's report.json under a run folder, parsed, in path order; none when the folder is missing. */
export function scenarioReports<T>(runDir: string): T[] {
  return reportFiles<T>(runDir).map((r) => r.report);
}

/** Phase → ms summed over the scenarios of one run (each report.json's `timings`), and how many there were. */
export function summedTimings(runDir: string): { phases: Record<string, number>; scenarios: number } {
  const reports = scenarioReports<{ timings?: Record<string, number> }>(runDir);
  const phases: Record<string, number> = {};
  for (const r of reports) for (const [k, v] of Object.entries(r.timings ?? {})) phases[k] = (phases[k] ?? 0) + v;
  return { phases, scenarios: reports.length };
}
