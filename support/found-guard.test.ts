import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import { namesFound } from './found-guard.ts';

/** Cucumber in dry-run (no hook, no cluster) on `paths` with the drill profile, the found drills' tag selected: how many scenarios it ran. */
function scenariosRun(paths: string[]): number {
  const run = join(mkdtempSync(join(tmpdir(), 'found-')), 'run');
  const env: NodeJS.ProcessEnv = { ...process.env, MIRRORDRILL_RUN_DIR: run, NODE_OPTIONS: '--import tsx' };
  delete env.MIRRORDRILL_LOCK;
  spawnSync(process.execPath, [resolve('node_modules/.bin/cucumber-js'), '--profile', 'drill', '--dry-run', '--tags', '@found', ...paths], { env, encoding: 'utf8', timeout: 120_000 });
  const messages = join(run, 'messages.ndjson');
  return existsSync(messages) ? readFileSync(messages, 'utf8').split('\n').filter((l) => l.startsWith('{"testCaseStarted"')).length : -1;
}

test('the found drills run only when the command line names them', () => {
  assert.equal(namesFound(['features/found/removed-12.feature:5']), true);
  assert.equal(namesFound(['features/found']), true);
  assert.equal(namesFound(['./features/found/']), true);
  assert.equal(namesFound(['features/under-fire.feature:49']), false);
  assert.equal(namesFound(['features/']), false);
  assert.equal(namesFound([]), false);
});

test('npm run drill leaves features/found/ out; naming it runs its drills', { timeout: 240_000 }, () => {
  assert.ok(scenariosRun(['features/found/']) >= 1, 'named, the found drills run');
  assert.equal(scenariosRun(['features/']), 0, 'the catalogue leaves them out');
});
