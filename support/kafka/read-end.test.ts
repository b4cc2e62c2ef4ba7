import assert from 'node:assert/strict';
import { test } from 'node:test';
import { reachedEnd, tailWindows } from './read-end.ts';

test('a read is at the end once the record before the end was read, as without transactions', () => {
  assert.equal(reachedEnd(100, 100, undefined), true);
  assert.equal(reachedEnd(100, 99, undefined), false);
});

test('a log that ends in a commit marker: the last record is 99, the high watermark 101; the fetch position tells', () => {
  // partition 0 at 100 of end 101 was the failure: the marker at 100 is never delivered.
  assert.equal(reachedEnd(101, 100, undefined), false);
  assert.equal(reachedEnd(101, 100, 101), true);
  // Aborted records and their marker at the end of a read_uncommitted... or committed log alike.
  assert.equal(reachedEnd(131, 91, 131), true);
  assert.equal(reachedEnd(131, 91, 120), false);
});

test('a read that got nothing (only markers from where it started) is at the end by its position alone', () => {
  assert.equal(reachedEnd(5, undefined, 5), true);
  assert.equal(reachedEnd(5, undefined, undefined), false);
});

test('the last record is looked for backwards in widening windows down to the log start', () => {
  assert.deepEqual(tailWindows(0, 10), [0]);
  assert.deepEqual(tailWindows(0, 1000), [984, 872, 0]);
  assert.deepEqual(tailWindows(500, 1000), [984, 872, 500]);
  assert.deepEqual(tailWindows(7, 8), [7]);
});
