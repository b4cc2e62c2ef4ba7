import { test } from 'node:test';
import assert from 'node:assert/strict';
import { outOfRange } from './mm2-out-of-range.ts';

test("MM2's source consumer out of range, as Kafka 4.3.1 words it, is found with its partitions", () => {
  const a = outOfRange('org.apache.kafka.clients.consumer.NoOffsetForPartitionException: Undefined offset with no reset policy for partitions: [products-0, orders-2]');
  assert.deepEqual(a?.partitions, ['products-0', 'orders-2']);
  assert.match(a!.line, /^NoOffsetForPartitionException: Undefined offset/);
  const b = outOfRange('org.apache.kafka.clients.consumer.OffsetOutOfRangeException: Fetch position FetchPosition{offset=100, offsetEpoch=Optional.empty} is out of range for partition products-0');
  assert.deepEqual(b?.partitions, ['products-0']);
  assert.equal(outOfRange('[2026-12-07 03:13:58,760] INFO ConsumerConfig values:'), undefined);
});
