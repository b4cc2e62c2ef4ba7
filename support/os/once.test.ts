import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { once, withLock } from './once.ts';

const run = promisify(execFile);
const RACER = join(import.meta.dirname, 'fixtures', 'once-racer.ts');

/** Two processes making the same folder at the same moment; what each said when once() returned. */
async function race(env: NodeJS.ProcessEnv): Promise<{ made: boolean; called: boolean; files: string[]; owners: number }[]> {
  const root = mkdtempSync(join(tmpdir(), 'mirrordrill-once-'));
  try {
    const dir = join(root, 'cache', 'thing');
    const go = join(root, 'go');
    const racers = [0, 1].map(() => run(process.execPath, ['--import', 'tsx', RACER, dir, go], { env: { ...process.env, ...env } }));
    // Both are up (tsx loaded) before they are let go.
    await new Promise((r) => setTimeout(r, 1_500));
    writeFileSync(go, '');
    const answers = (await Promise.all(racers)).map((r) => JSON.parse(r.stdout.trim().split('\n').pop()!));
    // Nothing half-made is left beside the folder (the lock file may stay: it is empty).
    assert.deepEqual(readdirSync(join(root, 'cache')).filter((f) => !f.endsWith('.lock')), ['thing']);
    return answers;
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

test('two processes making one folder at once: one makes it, the other waits and uses it whole', async () => {
  const answers = await race({});
  assert.deepEqual(answers.map((a) => a.made).sort(), [false, true]);
  // The one that waited never started a maker of its own.
  assert.deepEqual(answers.map((a) => a.called), answers.map((a) => a.made));
  for (const a of answers) assert.deepEqual(a, { made: a.made, called: a.called, files: ['.complete', 'a', 'b'], owners: 1 });
});

test('without flock both make it, and neither sees half of one nor fails when the other renames first', async () => {
  // No flock on the PATH (node is started by its path): withLock runs unlocked.
  const bin = mkdtempSync(join(tmpdir(), 'mirrordrill-nopath-'));
  try {
    const answers = await race({ PATH: bin });
    // Both makers ran (the race really happened); one rename won, the other's partial went.
    assert.deepEqual(answers.map((a) => a.called), [true, true]);
    assert.deepEqual(answers.map((a) => a.made).sort(), [false, true]);
    for (const a of answers) assert.deepEqual(a, { made: a.made, called: true, files: ['.complete', 'a', 'b'], owners: 1 });
  } finally {
    rmSync(bin, { recursive: true, force: true });
  }
});

test('a folder in the way that is not done is replaced; a failed make leaves nothing unless told to', async () => {
  const root = mkdtempSync(join(tmpdir(), 'mirrordrill-once-'));
  try {
    const dir = join(root, 'kafka-9.9.9');
    mkdirSync(join(dir, 'cds-0123'), { recursive: true });
    const done = (d: string) => existsSync(join(d, '.complete'));
    assert.equal(await once(dir, 'jars', done, async (w) => writeFileSync(join(w, '.complete'), '')), true);
    assert.deepEqual(readdirSync(dir), ['.complete']);
    assert.equal(await once(dir, 'jars', done, async () => assert.fail('made twice')), false);

    const other = join(root, 'other');
    await assert.rejects(once(other, 'x', done, async () => { throw new Error('no network'); }), /no network/);
    await assert.rejects(once(other, 'x', done, async () => { throw new Error('no network'); }, { keepFailed: true }), /no network/);
    assert.deepEqual(readdirSync(root).filter((f) => f.startsWith('other') && !f.endsWith('.lock')).length, 1);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('withLock: two holders in one process take turns', async () => {
  const root = mkdtempSync(join(tmpdir(), 'mirrordrill-lock-'));
  try {
    const lock = join(root, 'x.lock');
    const log: string[] = [];
    const hold = (name: string) => withLock(lock, 'x', async () => {
      log.push(`${name} in`);
      await new Promise((r) => setTimeout(r, 200));
      log.push(`${name} out`);
    });
    await Promise.all([hold('a'), hold('b')]);
    assert.deepEqual(log.map((l) => l.split(' ')[1]), ['in', 'out', 'in', 'out']);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('onceFor makes one promise per key, and forgets a rejected one so the next call tries again', async () => {
  const { onceFor } = await import('./once.ts');
  const cache = new Map<string, Promise<number>>();
  let made = 0;
  const ok = () => Promise.resolve(++made);
  assert.equal(await onceFor(cache, 'a', ok), 1);
  assert.equal(await onceFor(cache, 'a', ok), 1);
  assert.equal(await onceFor(cache, 'b', ok), 2);
  await assert.rejects(onceFor(cache, 'c', () => Promise.reject(new Error('no network'))), /no network/);
  assert.equal(await onceFor(cache, 'c', ok), 3);
});
