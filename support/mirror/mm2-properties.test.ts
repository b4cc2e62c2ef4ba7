import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BadStepParameter } from '../errors.ts';
import { mm2Properties, offsetLagMax, syncsGroupOffsets, validateOverrides, type MirrorSpec } from './mm2-properties.ts';
import { remoteTopic, upstreamTopic } from './replication-policy.ts';

const src = { alias: 'es-src', bootstrapServers: ['127.0.0.1:1'], brokers: 1 };
const tgt = { alias: 'es-tgt', bootstrapServers: ['127.0.0.1:2', '127.0.0.1:3', '127.0.0.1:4'], brokers: 3 };
const spec = (overrides: Record<string, string> = {}): MirrorSpec => ({ source: 'es-src', target: 'es-tgt', topics: ['products'], overrides });

test('one flow, fast intervals, replication factors that fit each cluster', () => {
  const p = mm2Properties(spec(), src, tgt);
  assert.equal(p['es-src->es-tgt.enabled'], true);
  assert.equal(p['es-tgt->es-src.enabled'], false);
  assert.equal(p['es-src->es-tgt.topics'], 'products');
  assert.equal(p['es-tgt.bootstrap.servers'], '127.0.0.1:2,127.0.0.1:3,127.0.0.1:4');
  assert.equal(p['replication.factor'], 3);
  assert.equal(p['checkpoints.topic.replication.factor'], 3);
  assert.equal(p['offset-syncs.topic.replication.factor'], 1, 'the offset-syncs topic lives on the 1-broker source');
  assert.equal(p['emit.checkpoints.interval.seconds'], 1);
  assert.equal(p['sync.group.offsets.enabled'], true);
});

test('scenario overrides win, and drive the bound and the resume mode', () => {
  const s = spec({ 'offset.lag.max': '10', 'sync.group.offsets.enabled': 'false' });
  assert.equal(mm2Properties(s, src, tgt)['offset.lag.max'], '10');
  assert.equal(offsetLagMax(s), 10);
  assert.equal(syncsGroupOffsets(s), false);
  assert.equal(offsetLagMax(spec({ 'es-src->es-tgt.offset.lag.max': '0' })), 0);
  assert.equal(offsetLagMax(spec()), 100);
});

test('properties wired to the clusters cannot be overridden', () => {
  assert.throws(() => validateOverrides({ 'es-src.bootstrap.servers': 'x:1' }), BadStepParameter);
  assert.throws(() => validateOverrides({ clusters: 'a, b' }), /set by mirrordrill/);
  assert.throws(() => validateOverrides({ 'bad key': '1' }), /not an MM2 property name/);
});

test('remote topic names follow the replication policy', () => {
  assert.equal(remoteTopic(spec(), 'products'), 'es-src.products');
  assert.equal(upstreamTopic(spec(), 'es-src.products'), 'products');
  assert.equal(upstreamTopic(spec(), 'other'), undefined);
  const identity = spec({ 'replication.policy.class': 'org.apache.kafka.connect.mirror.IdentityReplicationPolicy' });
  assert.equal(remoteTopic(identity, 'products'), 'products');
  assert.equal(remoteTopic(spec({ 'replication.policy.separator': '_' }), 'products'), 'es-src_products');
});
