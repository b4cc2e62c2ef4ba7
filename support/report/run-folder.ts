import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** Every scenario's report.json under a run folder, parsed, in path order, with the folder it is in; none when the run folder is missing. */
export function reportFiles<T>(runDir: string): { report: T; folder: string }[] {
  if (!existsSync(runDir)) return [];
  return readdirSync(runDir, { recursive: true, encoding: 'utf8' })
    .filter((entry) => basename(entry) === 'report.json')
    .sort()
    .map((entry) => ({ report: JSON.parse(readFileSync(join(runDir, entry), 'utf8')) as T, folder: join(runDir, dirname(entry)) }));
}
