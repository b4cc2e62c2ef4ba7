import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { ConfigNames } from './config-names.ts';
import { editDistance, nearest, refuseConnectorKey, refuseKey } from './mm2-keys.ts';

// Printed by ConfigNames.java from Kafka 4.3.1's jars (java -cp '~/.cache/mirrordrill/kafka-4.3.1/lib/*' support/mirror/ConfigNames.java).
const names = JSON.parse(readFileSync(new URL('./fixtures/mm2-config-names-4.3.1.json', import.meta.url), 'utf8')) as ConfigNames;
const flow = { source: 'es-src', target: 'es-tgt' };
const refused = (key: string) => refuseKey(key, flow, names);

test('the fixture is what the jars define', () => {
  assert.equal(names.version, '4.3.1');
  for (const n of ['offset.lag.max', 'topics', 'topics.exclude', 'sync.group.offsets.enabled', 'emit.checkpoints.interval.seconds', 'tasks.max']) assert.ok(names.connector.includes(n), n);
  assert.ok(names.mm2.includes('clusters'));
  assert.ok(names.worker.includes('offset.flush.interval.ms'));
});

test('edit distance and the nearest name', () => {
  assert.equal(editDistance('offset.lag.maxx', 'offset.lag.max'), 1);
  assert.equal(editDistance('', 'abc'), 3);
  assert.equal(nearest('offset.lag.maxx', ['offset.lag.max', 'topics']), 'offset.lag.max');
  assert.equal(nearest('zzzzzzzzzzzzzzzz', ['offset.lag.max']), undefined, 'nothing near: no guess');
});

test('names MM2 applies where they are written are accepted', () => {
  for (const key of [
    'offset.lag.max',
    'sync.group.offsets.enabled',
    'topics.exclude',
    'replication.policy.separator',
    'replication.policy.class',
    'replication.policy.my.own.setting',
    'config.providers',
    'config.providers.file.class',
    'security.protocol',
    'ssl.truststore.location',
    'es-src->es-tgt.offset.lag.max',
    'es-src->es-tgt.consumer.max.poll.records',
    'es-src->es-tgt.source.consumer.fetch.min.bytes',
    'es-src->es-tgt.target.admin.request.timeout.ms',
    'es-src->es-tgt.source.cluster.security.protocol',
    'es-src.sasl.jaas.config',
    'es-src.security.protocol',
    'es-src.consumer.max.poll.records',
    'es-tgt.producer.linger.ms',
    'es-tgt.admin.request.timeout.ms',
    'es-tgt.offset.flush.interval.ms',
    'es-tgt.scheduled.rebalance.max.delay.ms',
    'offset.storage.partitions',
    'task.shutdown.graceful.timeout.ms',
  ]) {
    assert.equal(refused(key), undefined, key);
  }
});

test('a typo is refused with the nearest name, in the scope it was written in', () => {
  const r = refused('offset.lag.maxx')!;
  assert.equal(r.nearest, 'offset.lag.max');
  assert.match(r.message, /MM2 property "offset\.lag\.maxx" is not a name MM2 defines in Kafka 4\.3\.1: MM2 ignores a key it does not know, and would run with its default/);
  assert.match(r.hint, /did you mean "offset\.lag\.max"\?/);
  assert.equal(refused('es-src->es-tgt.sync.group.ofsets.enabled')!.nearest, 'es-src->es-tgt.sync.group.offsets.enabled');
  assert.equal(refused('es-src.consumer.max.pol.records')!.nearest, 'es-src.consumer.max.poll.records');
  assert.equal(refused('es-srcc.security.protocol')!.nearest, 'es-src.security.protocol');
  assert.equal(refused('emit.checkpoint.interval.seconds')!.nearest, 'emit.checkpoints.interval.seconds');
});

test('a name MM2 knows, written where MM2 does not read it, is refused with where to write it', () => {
  assert.match(refused('consumer.max.poll.records')!.message, /MM2 passes no top-level "consumer\.\*" to its connectors/);
  assert.match(refused('consumer.max.poll.records')!.hint, /"es-src\.consumer\.max\.poll\.records"/);
  assert.match(refused('max.poll.records')!.hint, /"es-src\.consumer\.max\.poll\.records"/);
  assert.match(refused('es-src.max.poll.records')!.message, /only the cluster's connection settings/);
  assert.match(refused('offset.flush.interval.ms')!.hint, /"es-tgt\.offset\.flush\.interval\.ms"/);
  assert.match(refused('es-src.offset.flush.interval.ms')!.hint, /"es-tgt\.offset\.flush\.interval\.ms"/);
  assert.match(refused('es-tgt.emit.checkpoints.interval.seconds')!.hint, /"es-src->es-tgt\.emit\.checkpoints\.interval\.seconds"/);
  assert.match(refused('es-tgt->es-src.offset.lag.max')!.message, /configures the flow es-tgt → es-src, but this step mirrors es-src → es-tgt/);
  assert.match(refused('es-src->es-tgt.max.poll.records')!.hint, /"es-src->es-tgt\.consumer\.max\.poll\.records"/);
});

test("a connector's own keys (a reconfiguration on Connect): MM2's connectors' names, their clients', free prefixes", () => {
  for (const key of ['emit.checkpoints.interval.seconds', 'topics', 'tasks.max', 'consumer.max.poll.records', 'source.cluster.security.protocol', 'replication.policy.separator', 'transforms.x.type']) {
    assert.equal(refuseConnectorKey(key, names), undefined, key);
  }
  const r = refuseConnectorKey('emit.checkpoint.interval.seconds', names)!;
  assert.equal(r.nearest, 'emit.checkpoints.interval.seconds');
  assert.match(r.message, /connector property "emit\.checkpoint\.interval\.seconds" is not a name MM2's connectors define in Kafka 4\.3\.1/);
});
