import { readFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';

/** The median of some figures (the mean of the middle two for an even count). */
export function median(values: number[]): number | undefined {
  if (!values.length) return undefined;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
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
