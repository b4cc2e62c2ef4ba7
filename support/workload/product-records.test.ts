import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Ledger } from '../ledger/ledger.ts';
import { partitionCounts, productBatch } from './product-records.ts';
import { ReadProgress } from './workload-client.ts';

test('records are lab-shaped products, keyed per product, stamped with their partition index', () => {
  const ledger = new Ledger('run1');
  const origin = ledger.origin({ cluster: 'c', topic: 't' }, 3);
  const counts = partitionCounts(0, 25, 3);
  assert.deepEqual([...counts].sort(), [[0, 10], [1, 8], [2, 7]]);
  const base = new Map([...counts].map(([p, n]) => [p, ledger.claim(origin, p, n)]));
  const records = productBatch(0, 25, 3, (p, n) => ledger.stamp(origin, p, n), base);
  assert.deepEqual(records.slice(0, 4).map((r) => [r.key, r.partition]), [['P01', 0], ['P02', 1], ['P03', 2], ['P04', 0]]);
  const parsed = JSON.parse(records[3]!.value) as Record<string, unknown>;
  assert.equal(parsed.product_id, 'P04');
  assert.equal(parsed.description, 'Avocado');
  assert.equal(parsed.mirrordrill, 'run1:0:0:1');
  assert.deepEqual(ledger.identify(Buffer.from(records[3]!.value)), [0, 0, 1]);
  // A second batch continues each partition's numbering.
  const more = partitionCounts(25, 5, 3);
  const base2 = new Map([...more].map(([p, n]) => [p, ledger.claim(origin, p, n)]));
  const second = productBatch(25, 5, 3, (p, n) => ledger.stamp(origin, p, n), base2);
  assert.equal(JSON.parse(second[0]!.value).mirrordrill, 'run1:0:2:7', 'record 25 is P06, partition 2, after its 7 records');
});

test('a topic with more partitions than products still gets records in every partition', () => {
  const ledger = new Ledger('run1');
  const origin = ledger.origin({ cluster: 'c', topic: 't' }, 12);
  const counts = partitionCounts(0, 120, 12);
  assert.deepEqual([...counts.keys()].sort((a, b) => a - b), [...Array(12).keys()]);
  const base = new Map([...counts].map(([p, n]) => [p, ledger.claim(origin, p, n)]));
  const records = productBatch(0, 120, 12, (p, n) => ledger.stamp(origin, p, n), base);
  const keyPartition = new Map<string, Set<number>>();
  for (const r of records) keyPartition.set(r.key, (keyPartition.get(r.key) ?? new Set()).add(r.partition));
  assert.ok([...keyPartition.values()].every((ps) => ps.size === 1), 'each key stays in one partition');
  assert.equal(records[11]!.partition, 11);
});

test('a read to the end is done when every partition reached its end offset', () => {
  const seen: number[] = [];
  const progress = new ReadProgress({ until: new Map([[0, 2], [1, 1]]), stallMs: 1_000, onRecord: (r) => seen.push(r.offset) });
  assert.equal(progress.accept({ partition: 0, offset: 0, value: undefined }), false);
  assert.equal(progress.accept({ partition: 1, offset: 0, value: undefined }), false);
  assert.equal(progress.accept({ partition: 0, offset: 1, value: undefined }), true);
  assert.deepEqual(seen, [0, 0, 1]);
  assert.match(progress.describe(), /read 3 record\(s\); partition 0 at 2 of end 2, partition 1 at 1 of end 1/);
  assert.equal(progress.stalled(), undefined);
});

test('every record is progress, not only every 1,024th: a trickle past 1,024 records never stalls', () => {
  const progress = new ReadProgress({ stallMs: 1_000, onRecord: () => undefined });
  for (let offset = 0; offset < 1_100; offset++) progress.accept({ partition: 0, offset, value: undefined });
  progress.lastRecordAt = 0; // as if the last record came long ago
  progress.accept({ partition: 0, offset: 1_100, value: undefined });
  assert.equal(progress.stalled(), undefined);
});

test('a read stalls only after stallMs without a record', () => {
  const progress = new ReadProgress({ max: 5, stallMs: 0, onRecord: () => undefined });
  assert.match(progress.stalled()?.message ?? '', /no record for 0 s; read 0 of 5 record\(s\)/);
});
