import { test } from 'node:test';
import assert from 'node:assert/strict';
import { IDENTITY_POLICY, type MirrorSpec } from './mm2-properties.ts';
import { checkpointsTopic, offsetSyncsTopic, remoteTopic, upstreamTopic } from './replication-policy.ts';

const spec = (overrides: Record<string, string> = {}): MirrorSpec => ({ source: 'es-src', target: 'es-tgt', topics: ['products'], overrides });

test('remote topic names follow the replication policy', () => {
  assert.equal(remoteTopic(spec(), 'products'), 'es-src.products');
  assert.equal(upstreamTopic(spec(), 'es-src.products'), 'products');
  assert.equal(upstreamTopic(spec(), 'other'), undefined);
  const identity = spec({ 'replication.policy.class': IDENTITY_POLICY });
  assert.equal(remoteTopic(identity, 'products'), 'products');
  assert.equal(remoteTopic(spec({ 'replication.policy.class': ` ${IDENTITY_POLICY} ` }), 'products'), 'products', 'ConfigDef trims a CLASS');
  assert.equal(remoteTopic(spec({ 'replication.policy.separator': '_' }), 'products'), 'es-src_products');
  assert.equal(remoteTopic(spec({ 'es-src->es-tgt.replication.policy.separator': '_' }), 'products'), 'es-src_products');
});

test('internal topics use the separator, as DefaultReplicationPolicy names them', () => {
  assert.equal(checkpointsTopic(spec()), 'es-src.checkpoints.internal');
  assert.equal(offsetSyncsTopic(spec()), 'mm2-offset-syncs.es-tgt.internal');
  const underscore = spec({ 'replication.policy.separator': '_' });
  assert.equal(checkpointsTopic(underscore), 'es-src_checkpoints_internal');
  assert.equal(offsetSyncsTopic(underscore), 'mm2-offset-syncs_es-tgt_internal');
  const perFlow = spec({ 'es-src->es-tgt.replication.policy.separator': '__' });
  assert.equal(checkpointsTopic(perFlow), 'es-src__checkpoints__internal');
  // IdentityReplicationPolicy inherits the internal names.
  assert.equal(checkpointsTopic(spec({ 'replication.policy.class': IDENTITY_POLICY, 'replication.policy.separator': '_' })), 'es-src_checkpoints_internal');
});

test('replication.policy.internal.topic.separator.enabled=false keeps "." in internal names, and counts only with a separator set', () => {
  const legacy = spec({ 'replication.policy.separator': '_', 'replication.policy.internal.topic.separator.enabled': 'FALSE' });
  assert.equal(checkpointsTopic(legacy), 'es-src.checkpoints.internal');
  assert.equal(offsetSyncsTopic(legacy), 'mm2-offset-syncs.es-tgt.internal');
  assert.equal(remoteTopic(legacy, 'products'), 'es-src_products', 'remote topics keep the custom separator');
  assert.equal(checkpointsTopic(spec({ 'replication.policy.internal.topic.separator.enabled': 'false' })), 'es-src.checkpoints.internal');
});

test('with offset-syncs.topic.location=target the offset-syncs topic is named after the source', () => {
  assert.equal(offsetSyncsTopic(spec({ 'offset-syncs.topic.location': 'target' })), 'mm2-offset-syncs.es-src.internal');
  assert.equal(offsetSyncsTopic(spec({ 'offset-syncs.topic.location': 'target', 'replication.policy.separator': '-' })), 'mm2-offset-syncs-es-src-internal');
});
