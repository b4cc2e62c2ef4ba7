import assert from 'node:assert/strict';
import { test } from 'node:test';
import { abortedRanges, type FetchedBatch } from './aborted-batches.ts';

const TXN = 1 << 4;
const CONTROL = 1 << 5;
const marker = (offset: number, producerId: bigint, type: 0 | 1): FetchedBatch => {
  const key = Buffer.alloc(4);
  key.writeInt16BE(type, 2);
  return { firstOffset: BigInt(offset), lastOffsetDelta: 0, producerId, attributes: TXN | CONTROL, records: [{ key }] };
};
const data = (first: number, count: number, producerId: bigint, transactional = true): FetchedBatch => ({
  firstOffset: BigInt(first),
  lastOffsetDelta: count - 1,
  producerId,
  attributes: transactional ? TXN : 0,
  records: Array.from({ length: count }, () => ({ key: null })),
});

// Producer 7: commits 0–9 (marker 10), aborts 11–20 (marker 21), 22–31 (marker 32) and 33–42 (marker 43),
// commits 44–53 (marker 54); producer 8 writes 55–59 without a transaction.
const log: FetchedBatch[] = [
  data(0, 10, 7n), marker(10, 7n, 1),
  data(11, 10, 7n), marker(21, 7n, 0),
  data(22, 10, 7n), marker(32, 7n, 0),
  data(33, 10, 7n), marker(43, 7n, 0),
  data(44, 10, 7n), marker(54, 7n, 1),
  data(55, 5, 8n, false),
];
const abortedTxns = [{ producerId: 7n, firstOffset: 11n }, { producerId: 7n, firstOffset: 22n }, { producerId: 7n, firstOffset: 33n }];

test('every aborted transaction of a producer in one response is aborted, as the Java consumer filters them', () => {
  assert.deepEqual(abortedRanges(log, abortedTxns), [[11, 20], [22, 31], [33, 42]]);
});

test('what @platformatic/kafka 2.12.1 leaves (it drops only the last aborted transaction) is still filtered', () => {
  const left = log.filter((b) => b.firstOffset !== 33n);
  assert.deepEqual(abortedRanges(left, abortedTxns), [[11, 20], [22, 31]]);
});

test('a response that starts inside an aborted transaction, and one with none', () => {
  assert.deepEqual(abortedRanges(log.slice(4), [{ producerId: 7n, firstOffset: 22n }, { producerId: 7n, firstOffset: 33n }]), [[22, 31], [33, 42]]);
  assert.deepEqual(abortedRanges(log, []), []);
});
