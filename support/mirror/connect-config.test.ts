import { test } from 'node:test';
import assert from 'node:assert/strict';
import { clusterProps, connectorConfig, workerConfig } from './connect-config.ts';
import { mm2Properties, offsetLagMax, type MirrorSpec } from './mm2-properties.ts';

const src = { alias: 'es-src', bootstrapServers: ['127.0.0.1:1'], brokers: 1 };
const tgt = { alias: 'es-tgt', bootstrapServers: ['127.0.0.1:2'], brokers: 1 };
const spec = (overrides: Record<string, string> = {}): MirrorSpec => ({ source: 'es-src', target: 'es-tgt', topics: ['products'], overrides, deployment: { kind: 'connect', nodes: 1 } });
// What a worker's /connector-plugins/{class}/config lists (a subset is enough here).
const names = new Set(['name', 'connector.class', 'tasks.max', 'offset.lag.max', 'sync.group.offsets.enabled', 'emit.checkpoints.interval.seconds', 'replication.factor', 'topics', 'enabled']);

test('a global row reaches every connector; a flow-prefixed row wins over it, as MirrorMakerConfig.connectorBaseConfig has it', () => {
  const s = spec({ 'offset.lag.max': '10', 'es-src->es-tgt.emit.checkpoints.interval.seconds': '3' });
  const c = connectorConfig(mm2Properties(s, src, tgt), s, 'MirrorCheckpointConnector', names);
  assert.equal(c['offset.lag.max'], '10');
  assert.equal(c['emit.checkpoints.interval.seconds'], '3');
  assert.equal(offsetLagMax(s), 10, 'the harness reads the same value');
  const f = spec({ 'offset.lag.max': '10', 'es-src->es-tgt.offset.lag.max': '5' });
  assert.equal(connectorConfig(mm2Properties(f, src, tgt), f, 'MirrorSourceConnector', names)['offset.lag.max'], '5');
  assert.equal(offsetLagMax(f), 5);
});

test('name, class, aliases, the flow enabled and its topics; top-level keys no connector defines stay out', () => {
  const c = connectorConfig(mm2Properties(spec(), src, tgt), spec(), 'MirrorSourceConnector', names);
  assert.equal(c.name, 'MirrorSourceConnector');
  assert.equal(c['connector.class'], 'org.apache.kafka.connect.mirror.MirrorSourceConnector');
  assert.equal(c['source.cluster.alias'], 'es-src');
  assert.equal(c['target.cluster.alias'], 'es-tgt');
  assert.equal(c.enabled, 'true');
  assert.equal(c.topics, 'products');
  assert.equal(c['plugin.discovery'], undefined, 'a worker setting');
  assert.equal(c['offset.storage.replication.factor'], undefined, 'a worker setting');
  assert.equal(c.clusters, undefined);
});

test("a cluster's settings become source.cluster.x / target.cluster.x, its client settings source.consumer.x and so on", () => {
  const s = spec({ 'es-src.consumer.fetch.max.bytes': '1024', 'es-tgt.security.protocol': 'PLAINTEXT' });
  const c = connectorConfig(mm2Properties(s, src, tgt), s, 'MirrorSourceConnector', names);
  assert.equal(c['source.cluster.bootstrap.servers'], '127.0.0.1:1');
  assert.equal(c['source.consumer.bootstrap.servers'], '127.0.0.1:1');
  assert.equal(c['source.consumer.fetch.max.bytes'], '1024');
  assert.equal(c['source.admin.request.timeout.ms'], '10000');
  assert.equal(c['target.cluster.security.protocol'], 'PLAINTEXT');
  assert.equal(c['target.producer.security.protocol'], 'PLAINTEXT');
  assert.equal(c['replication.policy.class'], undefined);
  const p = spec({ 'replication.policy.separator': '_' });
  assert.equal(connectorConfig(mm2Properties(p, src, tgt), p, 'MirrorSourceConnector', names)['replication.policy.separator'], '_', 'every replication.policy.* key, defined or not');
});

test('clusterProps spreads client settings, the cluster prefix winning over a global one', () => {
  const p = clusterProps({ 'es-src.bootstrap.servers': 'a:1', 'es-src.sasl.mechanism': 'SCRAM-SHA-512', 'sasl.mechanism': 'PLAIN', 'ssl.truststore.type': 'PEM' }, 'es-src');
  assert.equal(p['consumer.sasl.mechanism'], 'SCRAM-SHA-512');
  assert.equal(p['admin.bootstrap.servers'], 'a:1');
  assert.equal(p['ssl.truststore.type'], 'PEM');
  assert.equal(p['producer.ssl.truststore.type'], 'PEM');
});

test("the worker: the target's settings, the lab's group and storage topics, byte-array converters, a loopback REST listener", () => {
  const s = spec({ 'es-tgt.scheduled.rebalance.max.delay.ms': '300000' });
  const w = workerConfig(mm2Properties(s, src, tgt), s, { host: '127.0.0.1', port: 8083 });
  assert.equal(w['bootstrap.servers'], '127.0.0.1:2');
  assert.equal(w['group.id'], 'mirrormaker2-cluster');
  assert.equal(w['config.storage.topic'], 'mirrormaker2-cluster-configs');
  assert.equal(w['offset.storage.replication.factor'], '1');
  assert.equal(w['offset.flush.interval.ms'], '500');
  assert.equal(w['plugin.discovery'], 'service_load');
  assert.equal(w['scheduled.rebalance.max.delay.ms'], '300000', 'a row with the target prefix configures the worker, as in the dedicated driver');
  assert.equal(w['value.converter'], 'org.apache.kafka.connect.converters.ByteArrayConverter');
  assert.equal(w.listeners, 'http://127.0.0.1:8083');
  assert.equal(w['offset.lag.max'], undefined, 'a connector setting');
});
