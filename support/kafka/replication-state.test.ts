import { test } from 'node:test';
import assert from 'node:assert/strict';
import { clusterWhole, underReplicated, type MetadataView, type PartitionReplication } from './replication-state.ts';

const p = (topic: string, partition: number, leader: number, replicas: number[], isr: number[]): PartitionReplication => ({ topic, partition, leader, replicas, isr });
const whole: MetadataView = {
  brokers: [1, 2, 3],
  partitions: [p('products', 0, 1, [1, 2, 3], [1, 2, 3]), p('__consumer_offsets', 0, 2, [2, 3, 1], [3, 1, 2])],
};

test('a partition is under-replicated when a replica is out of its ISR, or when it has no leader; ISR order does not matter', () => {
  assert.deepEqual(underReplicated(whole.partitions), []);
  const out = p('products', 1, 1, [1, 2, 3], [1, 3]);
  const leaderless = p('products', 2, -1, [2], [2]);
  assert.deepEqual(underReplicated([...whole.partitions, out, leaderless]), [out, leaderless]);
});

test('a cluster is whole when every broker asked lists every broker and sees no under-replicated partition', () => {
  assert.equal(clusterWhole(new Map([[1, whole], [2, whole], [3, whole]]), [1, 2, 3]), true);
});

test('a broker not yet listed (fenced, or not registered again) is named, with the broker whose metadata lacks it', () => {
  const state = clusterWhole(new Map([[1, { ...whole, brokers: [1, 3] }]]), [1, 2, 3]);
  assert.equal(state, "broker 1's metadata lists brokers [1, 3], not yet 2");
});

test('under-replicated partitions are counted and the first three named, internal topics included', () => {
  const lagging: MetadataView = {
    brokers: [1, 2, 3],
    partitions: [
      p('products', 0, 1, [1, 2, 3], [1, 3]),
      p('products', 1, 3, [3, 1, 2], [3, 1, 2]),
      p('__consumer_offsets', 4, 3, [2, 3, 1], [3, 1]),
      p('mm2-offsets.es-src.internal', 0, 1, [1, 2, 3], [1, 3]),
      p('heartbeats', 0, 1, [2, 1, 3], [1, 3]),
    ],
  };
  const state = clusterWhole(new Map([[1, lagging]]), [1, 2, 3]);
  assert.equal(
    state,
    'broker 1 sees 4 of 5 partition(s) under-replicated: products-0 in sync [1, 3] of [1, 2, 3]; __consumer_offsets-4 in sync [3, 1] of [2, 3, 1]; mm2-offsets.es-src.internal-0 in sync [1, 3] of [1, 2, 3]; …',
  );
});

test('every view counts: one stale broker keeps the cluster from being whole', () => {
  const stale: MetadataView = { brokers: [1, 2, 3], partitions: [p('products', 0, 1, [1, 2, 3], [1, 3])] };
  assert.match(String(clusterWhole(new Map([[1, whole], [3, stale]]), [1, 2, 3])), /^broker 3 sees 1 of 1 partition\(s\) under-replicated: products-0/);
});

test('no view at all is never whole', () => {
  assert.equal(clusterWhole(new Map(), [1]), 'no broker answered');
});

test('a single-broker cluster is whole once it lists itself (its partitions have one replica, always in sync)', () => {
  const one: MetadataView = { brokers: [1], partitions: [p('products', 0, 1, [1], [1])] };
  assert.equal(clusterWhole(new Map([[1, one]]), [1]), true);
  assert.match(String(clusterWhole(new Map([[1, { brokers: [], partitions: [] }]]), [1])), /not yet 1/);
});
