import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EXIT, exitCode, keepSetting, newRunDir, runsToPrune } from './launcher.ts';

const names = ['20261130-010000', '20261201-010000', '20261202-010000', '20261202-010000-2', 'latest', 'handbook', 'nightly-20261201-020000', 'bench-volume-x'];

test('retention keeps the newest N run folders, never another kind of folder nor the one latest points at', () => {
  assert.deepEqual(runsToPrune(names, 2), ['20261130-010000', '20261201-010000']);
  assert.deepEqual(runsToPrune(names, 2, '20261130-010000'), ['20261201-010000']);
  assert.deepEqual(runsToPrune(names, 0), []);
  assert.deepEqual(runsToPrune(names, 10), []);
  assert.deepEqual(runsToPrune(names, 0 + 1, undefined, /^nightly-/), []);
});

test('MIRRORDRILL_KEEP_RUNS is a whole number', () => {
  assert.equal(keepSetting({}, 'MIRRORDRILL_KEEP_RUNS', 20), 20);
  assert.equal(keepSetting({ MIRRORDRILL_KEEP_RUNS: '0' }, 'MIRRORDRILL_KEEP_RUNS', 20), 0);
  assert.throws(() => keepSetting({ MIRRORDRILL_KEEP_RUNS: 'ten' }, 'MIRRORDRILL_KEEP_RUNS', 20), /not a whole number/);
});

test('a new run folder never reuses an existing one', () => {
  const reports = mkdtempSync(join(tmpdir(), 'mirrordrill-runs-'));
  const at = new Date('2026-12-02T05:00:00Z');
  assert.match(newRunDir(reports, at), /20261202-050000$/);
  assert.match(newRunDir(reports, at), /20261202-050000-2$/);
  // A tool's folders (explore, matrix) have their prefix, claimed the same way, and never look like a run to prune.
  assert.match(newRunDir(reports, at, 'explore-'), /\/explore-20261202-050000$/);
  assert.match(newRunDir(reports, at, 'explore-'), /\/explore-20261202-050000-2$/);
});

const ndjson = (...lines: object[]) => lines.map((l) => JSON.stringify(l)).join('\n');
const finished = { testRunFinished: { success: false, timestamp: { seconds: 1, nanos: 0 } } };

test('exit codes: a failed drill, bad input, a broken harness, an interruption', () => {
  const dir = () => mkdtempSync(join(tmpdir(), 'mirrordrill-run-'));
  const ran = dir();
  writeFileSync(join(ran, 'messages.ndjson'), ndjson(finished));
  assert.equal(exitCode(1, null, ran), EXIT.failed);
  assert.equal(exitCode(0, null, ran), EXIT.passed);
  // The selection guard's own code; Cucumber refusing its arguments (no messages at all).
  assert.equal(exitCode(2, null, dir()), EXIT.input);
  assert.equal(exitCode(1, null, dir()), EXIT.input);
  const undef = dir();
  writeFileSync(
    join(undef, 'messages.ndjson'),
    ndjson(
      { pickle: { id: 'p', uri: 'f', name: 's', steps: [], astNodeIds: [], tags: [], language: 'en' } },
      { testCase: { id: 'tc', pickleId: 'p', testSteps: [{ id: 'ts', pickleStepId: 'ps' }] } },
      { testCaseStarted: { id: 'tcs', testCaseId: 'tc', attempt: 0, timestamp: { seconds: 0, nanos: 0 } } },
      { testStepFinished: { testCaseStartedId: 'tcs', testStepId: 'ts', testStepResult: { status: 'UNDEFINED', duration: { seconds: 0, nanos: 0 } }, timestamp: { seconds: 0, nanos: 0 } } },
      finished,
    ),
  );
  assert.equal(exitCode(1, null, undef), EXIT.input);
  for (const [kind, code] of [['input', EXIT.input], ['harness', EXIT.harness]] as const) {
    const d = dir();
    writeFileSync(join(d, 'messages.ndjson'), ndjson(finished));
    writeFileSync(join(d, 'harness-error.json'), JSON.stringify({ kind, message: 'java: not found' }));
    assert.equal(exitCode(1, null, d), code);
  }
  // Cucumber killed or crashed mid-run: no end of run in its messages.
  const crashed = dir();
  mkdirSync(join(crashed, 'x'));
  writeFileSync(join(crashed, 'messages.ndjson'), ndjson({ testRunStarted: { timestamp: { seconds: 0, nanos: 0 } } }));
  assert.equal(exitCode(1, null, crashed), EXIT.harness);
  assert.equal(exitCode(null, 'SIGINT', crashed), 130);
  // Cucumber's own SIGINT handler exits 130 rather than dying of the signal: still an interruption, not a broken harness.
  assert.equal(exitCode(130, null, crashed), 130);
  assert.equal(exitCode(143, null, crashed), 143);
});
