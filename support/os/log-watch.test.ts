import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LogWatch } from './log-watch.ts';

const dir = mkdtempSync(join(tmpdir(), 'mirrordrill-log-watch-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('returns only the whole lines written since the previous call', () => {
  const file = join(dir, 'a.log');
  const watch = new LogWatch(file);
  assert.deepEqual(watch.newLines(), [], 'no file yet');
  appendFileSync(file, 'one\ntw');
  assert.deepEqual(watch.newLines(), ['one']);
  assert.deepEqual(watch.newLines(), []);
  appendFileSync(file, 'o\nthree\n');
  assert.deepEqual(watch.newLines(), ['two', 'three']);
});

test('a UTF-8 character cut between two writes comes out whole', () => {
  const file = join(dir, 'b.log');
  const watch = new LogWatch(file);
  const bytes = Buffer.from('café\n');
  appendFileSync(file, bytes.subarray(0, 4)); // "caf" and the first byte of "é"
  assert.deepEqual(watch.newLines(), []);
  appendFileSync(file, bytes.subarray(4));
  assert.deepEqual(watch.newLines(), ['café']);
});
