import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { MirrorSpec } from './mm2-properties.ts';
import { neverMirrored } from './never-mirrored.ts';

const spec = (topics: string[], overrides: Record<string, string> = {}): MirrorSpec => ({ source: 'es-src', target: 'es-tgt', topics, overrides });

test('application topics and regexes pass', () => {
  assert.equal(neverMirrored(spec(['products', 'orders', 'es-src.products', 'prod.*'])), undefined);
  assert.equal(neverMirrored(spec(['heartbeats'])), undefined, 'heartbeats are replicated (emit.heartbeats / replication)');
});

test('a remote topic of the target is a cycle (isCycle), also a hop further up', () => {
  const r = neverMirrored(spec(['es-tgt.orders']))!;
  assert.equal(r.topic, 'es-tgt.orders');
  assert.match(r.reason, /DefaultReplicationPolicy reads its name as a remote topic of "es-tgt" \(topicSource\("es-tgt\.orders"\) = "es-tgt"\)/);
  assert.match(r.reason, /isCycle/);
  assert.match(r.hint, /a name like "es-tgt\.orders" is what a flow es-tgt → es-src gives a topic it copies/);
  assert.match(neverMirrored(spec(['dc3.es-tgt.orders']))!.reason, /"dc3" via "es-tgt"/);
  assert.equal(neverMirrored(spec(['es-tgt.orders'], { 'replication.policy.class': 'org.apache.kafka.connect.mirror.IdentityReplicationPolicy' })), undefined, 'IdentityReplicationPolicy finds no source');
  assert.equal(neverMirrored(spec(['es-tgt.orders'], { 'replication.policy.separator': '_' })), undefined, 'another separator: not a remote name');
  assert.ok(neverMirrored(spec(['es-tgt_orders'], { 'es-src->es-tgt.replication.policy.separator': '_' })));
});

test('internal topics: Kafka\'s, Connect\'s, MM2\'s', () => {
  for (const t of ['__consumer_offsets', '.hidden', 'mm2-offsets.es-src.internal', 'connect-status-internal', 'es-src.checkpoints.internal', 'mm2-offset-syncs.es-tgt.internal']) {
    assert.match(neverMirrored(spec([t]))!.reason, /internal topic/, t);
  }
});

test('topics.exclude: the default and the step\'s own', () => {
  assert.match(neverMirrored(spec(['orders.replica']))!.reason, /topics\.exclude = "\.\*\[\\-\\\.\]internal, \.\*\\\.replica, __\.\*" \(DefaultTopicFilter's default\)/);
  const r = neverMirrored(spec(['orders-audit'], { 'es-src->es-tgt.topics.exclude': '.*-audit' }))!;
  assert.match(r.reason, /set by the step's "es-src->es-tgt\.topics\.exclude"/);
  assert.match(r.hint, /take "orders-audit" out of the step's es-src->es-tgt\.topics\.exclude/);
  assert.equal(neverMirrored(spec(['orders.replica'], { 'topics.exclude': 'nothing' })), undefined);
});
