import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';

/**
 * For the guards' unit tests: Cucumber run on one feature file as `npm run drill` runs it, in a
 * run folder under `dir`, outside any drill lock. Returns its exit status, what it wrote on
 * stderr, and how many seconds it took.
 */
export function runGuarded(feature: string, dir: string): { status: number | null; stderr: string; seconds: number } {
  const env: NodeJS.ProcessEnv = { ...process.env, MIRRORDRILL_RUN_DIR: join(dir, 'run'), NODE_OPTIONS: '--import tsx' };
  delete env.MIRRORDRILL_LOCK;
  const started = Date.now();
  const run = spawnSync(process.execPath, [resolve('node_modules/.bin/cucumber-js'), '--profile', 'drill', feature], { env, encoding: 'utf8', timeout: 120_000 });
  return { status: run.status, stderr: run.stderr, seconds: (Date.now() - started) / 1000 };
}
