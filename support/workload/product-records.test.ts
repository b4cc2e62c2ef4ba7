import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Ledger } from '../ledger/ledger.ts';
import { identify, productRecords } from './product-records.ts';
import { acknowledge, ReadProgress } from './workload-client.ts';

test('records are stamped with the run, a key and a per-key sequence that never repeats', () => {
  const ledger = new Ledger();
  const first = productRecords('run1', 25, 3, (k) => ledger.claimSeq(k));
  const second = productRecords('run1', 5, 3, (k) => ledger.claimSeq(k));
  const ids = [...first, ...second].map((r) => r.id);
  assert.equal(new Set(ids).size, 30);
  assert.deepEqual(first.slice(0, 3).map((r) => [r.key, r.seq, r.partition]), [['P01', 0, 0], ['P02', 0, 1], ['P03', 0, 2]]);
  assert.equal(second[0]?.id, 'P01#3', 'P01 had seq 0, 1, 2 in the first 25 records');
  assert.equal(JSON.parse(first[0]!.value).product_id, 'P01');
});

test('a value is identified only when this run produced it', () => {
  const [r] = productRecords('run1', 1, 1, () => 7);
  assert.equal(identify(r!.value, 'run1'), 'P01#7');
  assert.equal(identify(r!.value, 'run2'), undefined);
  assert.equal(identify('not json', 'run1'), undefined);
  assert.equal(identify(undefined, 'run1'), undefined);
});

test('per-record offsets follow the base offset of each partition, in send order', () => {
  const records = productRecords('r', 5, 2, () => 0);
  const reports = acknowledge(records, new Map([[0, 40]]));
  assert.deepEqual(reports.map((r) => [r.record.partition, r.outcome, r.offset]), [
    [0, 'acked', 40],
    [1, 'indeterminate', undefined],
    [0, 'acked', 41],
    [1, 'indeterminate', undefined],
    [0, 'acked', 42],
  ]);
});

test('a read to the end is done when every partition reached its end offset', () => {
  const seen: number[] = [];
  const progress = new ReadProgress({ until: new Map([[0, 2], [1, 1]]), timeoutMs: 1, onRecord: (r) => seen.push(r.offset) });
  assert.equal(progress.accept({ topic: 't', partition: 0, offset: 0, value: undefined }), false);
  assert.equal(progress.accept({ topic: 't', partition: 1, offset: 0, value: undefined }), false);
  assert.equal(progress.accept({ topic: 't', partition: 0, offset: 1, value: undefined }), true);
  assert.deepEqual(seen, [0, 0, 1]);
  assert.match(progress.describe(), /read 3 record\(s\); partition 0 at 2 of end 2, partition 1 at 1 of end 1/);
});
