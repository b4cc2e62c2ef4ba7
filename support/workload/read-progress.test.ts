import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ReadProgress } from './workload-client.ts';

test('a read to the end completes by the fetch position when the log ends in a marker', () => {
  const p = new ReadProgress({ until: new Map([[0, 101]]), stallMs: 30_000, onRecord: () => undefined });
  for (let o = 20; o < 100; o++) assert.equal(p.accept({ partition: 0, offset: o, value: undefined }), false);
  assert.match(p.describe(), /partition 0 at 100 of end 101/);
  assert.equal(p.position(0, 101), true);
  assert.equal(p.done(), true);
});

test('a fetch position behind the end, or of another partition, completes nothing', () => {
  const p = new ReadProgress({ until: new Map([[0, 50], [1, 50]]), stallMs: 30_000, onRecord: () => undefined });
  assert.equal(p.position(0, 50), false);
  assert.equal(p.position(1, 49), false);
  assert.match(p.describe(), /partition 1 at nothing read \(fetch position 49\) of end 50/);
  assert.equal(p.position(1, 50), true);
});
