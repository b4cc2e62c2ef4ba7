import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { committedSourceOffsets, offsetsTopic } from './source-offsets.ts';

const rec = (key: unknown, value: unknown) => ({
  key: Buffer.from(JSON.stringify(key)),
  value: value === null ? undefined : Buffer.from(JSON.stringify(value)),
});

test('the last committed offset of each partition of the topic wins; other connectors, clusters and topics are left out', () => {
  const offsets = committedSourceOffsets(
    [
      rec(['MirrorSourceConnector', { cluster: 'es-src', partition: 0, topic: 'products' }], { offset: 10 }),
      rec(['MirrorSourceConnector', { topic: 'products', partition: 1, cluster: 'es-src' }], { offset: 4 }),
      rec(['MirrorSourceConnector', { cluster: 'es-src', partition: 0, topic: 'products' }], { offset: 57 }),
      rec(['MirrorHeartbeatConnector', { sourceClusterAlias: 'es-src', targetClusterAlias: 'es-tgt' }], { offset: 1 }),
      rec(['MirrorSourceConnector', { cluster: 'other', partition: 0, topic: 'products' }], { offset: 99 }),
      rec(['MirrorSourceConnector', { cluster: 'es-src', partition: 0, topic: 'orders' }], { offset: 99 }),
      { key: Buffer.from('not json'), value: Buffer.from('{}') },
    ],
    'es-src',
    'products',
  );
  assert.deepEqual([...offsets].sort(), [
    [0, 57],
    [1, 4],
  ]);
});

test('a tombstone clears the partition', () => {
  const offsets = committedSourceOffsets(
    [rec(['MirrorSourceConnector', { cluster: 'es-src', partition: 0, topic: 'products' }], { offset: 10 }), rec(['MirrorSourceConnector', { cluster: 'es-src', partition: 0, topic: 'products' }], null)],
    'es-src',
    'products',
  );
  assert.equal(offsets.size, 0);
});

test('the offsets topic: dedicated default, overrides, Connect', () => {
  assert.equal(offsetsTopic({ source: 'es-src', target: 'es-tgt', overrides: {} }), 'mm2-offsets.es-src.internal');
  assert.equal(offsetsTopic({ source: 'es-src', target: 'es-tgt', overrides: { 'es-tgt.offset.storage.topic': 'a' } }), 'a');
  assert.equal(offsetsTopic({ source: 'es-src', target: 'es-tgt', overrides: { 'es-tgt.offset.storage.topic': 'a', 'offset.storage.topic': 'b' } }), 'b');
  assert.equal(offsetsTopic({ source: 'es-src', target: 'es-tgt', overrides: {}, deployment: { kind: 'connect', nodes: 1 } }), 'mirrormaker2-cluster-offsets');
});
