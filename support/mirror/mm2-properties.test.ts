import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BadStepParameter } from '../errors.ts';
import { mm2Properties, offsetLagMax, syncsGroupOffsets, validateOverrides, type MirrorSpec } from './mm2-properties.ts';

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

test('worker settings go under the target prefix, where MirrorMakerConfig.workerConfig reads them', () => {
  const p = mm2Properties(spec(), src, tgt);
  // A top-level offset.flush.interval.ms is ignored (the worker kept 60 s, and MM2 wrote the
  // offset sync of the last copied record a minute late).
  assert.equal(p['es-tgt.offset.flush.interval.ms'], 500);
  assert.equal(p['offset.flush.interval.ms'], undefined);
  assert.equal(p['es-tgt.plugin.discovery'], 'service_load');
  assert.equal(p['plugin.discovery'], 'service_load');
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
  assert.throws(() => validateOverrides(spec({ 'es-src.bootstrap.servers': 'x:1' })), BadStepParameter);
  assert.throws(() => validateOverrides(spec({ clusters: 'a, b' })), /set by mirrordrill/);
  assert.throws(() => validateOverrides(spec({ 'bad key': '1' })), /not an MM2 property name/);
});

test('a value MM2 would refuse for a setting the harness reads fails the step before MM2 starts', () => {
  assert.throws(
    () => validateOverrides(spec({ 'offset.lag.max': 'abc' })),
    (e: unknown) => {
      assert.ok(e instanceof BadStepParameter);
      assert.match(e.message, /MM2 property "offset\.lag\.max" = "abc" is a value MM2 refuses: it expects a LONG, a whole number/);
      assert.match(e.message, /what to do: write, e\.g\., \| offset\.lag\.max \| 10 \|/);
      return true;
    },
  );
  assert.throws(() => validateOverrides(spec({ 'offset.lag.max': '9223372036854775808' })), /expects a LONG/);
  assert.throws(() => validateOverrides(spec({ 'es-src->es-tgt.sync.group.offsets.enabled': 'yes' })), /"es-src->es-tgt\.sync\.group\.offsets\.enabled" = "yes" .* expects a BOOLEAN, true or false/);
  assert.throws(() => validateOverrides(spec({ 'replication.policy.internal.topic.separator.enabled': 'no' })), /expects a BOOLEAN/);
  assert.throws(() => validateOverrides(spec({ 'offset-syncs.topic.location': 'Target' })), /expects source or target/);
  assert.throws(() => validateOverrides(spec({ 'replication.policy.class': 'IdentityReplicationPolicy' })), /full name of a replication policy class/);
  // MM2 reads the flow-prefixed value over the global one: only that one is judged.
  validateOverrides(spec({ 'offset.lag.max': 'abc', 'es-src->es-tgt.offset.lag.max': '10' }));
});

test('the harness reads values as ConfigDef does: booleans in any case, numbers trimmed, negative lags act as 0', () => {
  assert.equal(syncsGroupOffsets(spec({ 'sync.group.offsets.enabled': 'FALSE' })), false);
  assert.equal(syncsGroupOffsets(spec({ 'sync.group.offsets.enabled': 'True' })), true);
  assert.equal(offsetLagMax(spec({ 'offset.lag.max': ' +10 ' })), 10);
  assert.equal(offsetLagMax(spec({ 'offset.lag.max': '-5' })), 0);
  assert.throws(() => offsetLagMax(spec({ 'offset.lag.max': 'abc' })), BadStepParameter, 'never NaN');
});

test('a setting the harness reads, prefixed with a cluster alias, is refused: MM2 does not apply it to the flow', () => {
  assert.throws(
    () => validateOverrides(spec({ 'es-tgt.replication.policy.separator': '_' })),
    /MM2 does not apply "es-tgt\.replication\.policy\.separator" to the flow[\s\S]*write "replication\.policy\.separator" for every flow, or "es-src->es-tgt\.replication\.policy\.separator"/,
  );
  assert.throws(() => validateOverrides(spec({ 'es-src.offset.lag.max': '10' })), /MM2 does not apply/);
  validateOverrides(spec({ 'es-src.consumer.max.poll.records': '10' }));
});

test('the offset-syncs topic gets the replication factor of the cluster that holds it', () => {
  assert.equal(mm2Properties(spec({ 'offset-syncs.topic.location': 'target' }), src, tgt)['offset-syncs.topic.replication.factor'], 3);
});

test("MM2's admin calls to each cluster are bounded at 10 s, under the cluster's prefix where MM2 reads them, and a scenario can override them", () => {
  const p = mm2Properties(spec(), src, tgt);
  // A ListGroups request pinned to a killed source broker held MM2's discovery of a new group for
  // Kafka's 60 s default.api.timeout.ms; the admin refuses a default.api.timeout.ms below request.timeout.ms.
  for (const alias of ['es-src', 'es-tgt']) {
    assert.equal(p[`${alias}.admin.request.timeout.ms`], 10_000);
    assert.equal(p[`${alias}.admin.default.api.timeout.ms`], 10_000);
  }
  assert.equal(p['admin.default.api.timeout.ms'], undefined);
  assert.equal(mm2Properties(spec({ 'es-src.admin.default.api.timeout.ms': '60000' }), src, tgt)['es-src.admin.default.api.timeout.ms'], '60000');
});
