import { test } from 'node:test';
import assert from 'node:assert/strict';
import { type CellResult, compare } from './nightly-compare.ts';

const r = (key: string, cell: string, outcome: CellResult['outcome'], durationMs = 10_000): CellResult => ({ key, feature: 'f', scenario: key, cell, outcome, validity: 'valid', durationMs });

test('a drill that failed tonight and passed last night is a new failure; one failing both nights is still failing', () => {
  const prev = [r('a', 'kafka-4.3.1-platformatic', 'passed'), r('b', 'kafka-4.3.1-platformatic', 'failed')];
  const cur = [r('a', 'kafka-4.3.1-platformatic', 'failed'), r('b', 'kafka-4.3.1-platformatic', 'failed')];
  const c = compare(cur, prev, undefined, 'nightly-20261201-020000');
  assert.equal(c.previous, 'nightly-20261201-020000');
  assert.deepEqual(c.newFailures.map((x) => [x.key, x.was]), [['a', 'passed']]);
  assert.deepEqual(c.stillFailing.map((x) => x.key), ['b']);
  assert.equal(c.fixed.length, 0);
});

test('cells are compared with the same cell only: a failure on 3.9.2 is new even when 4.3.1 failed last night', () => {
  const prev = [r('a', 'kafka-4.3.1-kafkajs', 'failed'), r('a', 'kafka-3.9.2-kafkajs', 'passed')];
  const cur = [r('a', 'kafka-4.3.1-kafkajs', 'passed'), r('a', 'kafka-3.9.2-kafkajs', 'failed')];
  const c = compare(cur, prev);
  assert.deepEqual(c.newFailures.map((x) => x.cell), ['kafka-3.9.2-kafkajs']);
  assert.deepEqual(c.fixed.map((x) => x.cell), ['kafka-4.3.1-kafkajs']);
});

test('a new drill that fails is a new failure; with no previous nightly every failure is new', () => {
  assert.deepEqual(compare([r('new', 'c', 'failed')], [r('old', 'c', 'passed')]).newFailures.map((x) => [x.key, x.was]), [['new', undefined]]);
  const c = compare([r('a', 'c', 'failed'), r('b', 'c', 'passed')], undefined);
  assert.equal(c.previous, undefined);
  assert.equal(c.newFailures.length, 1);
  assert.equal(c.missing.length, 0);
});

test('flaky (failed, then passed when run again) is reported, counts as fixed after a failure, never as a failure', () => {
  const c = compare([r('a', 'c', 'flaky'), r('b', 'c', 'flaky')], [r('a', 'c', 'failed'), r('b', 'c', 'passed')]);
  assert.deepEqual(c.flaky.map((x) => x.key), ['a', 'b']);
  assert.deepEqual(c.fixed.map((x) => x.key), ['a']);
  assert.equal(c.newFailures.length, 0);
});

test('slower: more than the ratio and more than the floor in seconds, both nights passing', () => {
  const prev = [r('a', 'c', 'passed', 10_000), r('b', 'c', 'passed', 2_000), r('d', 'c', 'passed', 10_000), r('e', 'c', 'failed', 1_000)];
  const cur = [r('a', 'c', 'passed', 16_000), r('b', 'c', 'passed', 4_000), r('d', 'c', 'passed', 14_000), r('e', 'c', 'passed', 60_000)];
  const c = compare(cur, prev, { ratio: 1.5, minDeltaMs: 5_000 });
  // a: ×1.6 and +6 s; b: ×2 but +2 s (noise); d: ×1.4; e: failed last night, so fixed, not slower.
  assert.deepEqual(c.slower.map((x) => [x.key, x.ratio]), [['a', 1.6]]);
  assert.deepEqual(c.fixed.map((x) => x.key), ['e']);
});

test('a drill × cell the previous nightly ran and this one did not is listed as not run', () => {
  const c = compare([r('a', 'c', 'passed')], [r('a', 'c', 'passed'), r('gone', 'c', 'passed')]);
  assert.deepEqual(c.missing.map((x) => [x.key, x.was, x.now]), [['gone', 'passed', 'not run']]);
});
