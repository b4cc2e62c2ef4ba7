import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, appendFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BadStepParameter } from '../errors.ts';
import { LogWatch } from '../os/log-watch.ts';
import { ConfigSyncPasses, configSyncIntervalSeconds, entryOf, isConfigSyncPass, matches, type TopicConfigEntry } from './topic-config-sync.ts';
import type { MirrorSpec } from './mm2-properties.ts';

const own = (name: string, value: string): TopicConfigEntry => ({ name, value, source: 1, sensitive: false });
const broker = (name: string, value: string, source = 5): TopicConfigEntry => ({ name, value, source, sensitive: false });

test("a config of the topic's own is DYNAMIC_TOPIC_CONFIG with the value; none of its own is any other source", () => {
  assert.equal(matches(own('retention.ms', '3600000'), '3600000'), true);
  assert.equal(matches(own('retention.ms', '60000'), '3600000'), 'its own is another value: retention.ms = 60000 (DYNAMIC_TOPIC_CONFIG)');
  assert.equal(matches(broker('retention.ms', '3600000'), '3600000'), 'it has none of its own: retention.ms = 3600000 (DEFAULT_CONFIG)');
  assert.equal(matches(broker('min.insync.replicas', '1', 3), undefined), true);
  assert.equal(matches(broker('unclean.leader.election.enable', 'false', 4), undefined), true);
  assert.equal(matches(own('min.insync.replicas', '2'), undefined), 'it has one of its own: min.insync.replicas = 2 (DYNAMIC_TOPIC_CONFIG)');
});

test('a config name the broker does not describe is refused naming the nearest', () => {
  const entries = [broker('retention.ms', '604800000'), broker('retention.bytes', '-1'), broker('segment.ms', '604800000')];
  assert.equal(entryOf(entries, 'segment.ms', 't', 'es-tgt').value, '604800000');
  assert.throws(() => entryOf(entries, 'retension.ms', 'es-src.products', 'es-tgt'), (e: unknown) => {
    assert.ok(e instanceof BadStepParameter);
    assert.match(e.message, /topic "es-src.products" on "es-tgt" has no config named "retension.ms"/);
    assert.match(String(e.context.hint), /did you mean "retention.ms"\?/);
    return true;
  });
});

test("MM2's Scheduler line of a finished pass counts; the ACL sync's, a failed pass's and other tasks' do not", () => {
  assert.ok(isConfigSyncPass('[2026-12-07 23:19:58,240] INFO syncing topic configs took 7 ms (org.apache.kafka.connect.mirror.Scheduler)'));
  assert.ok(!isConfigSyncPass('[2026-12-07 23:19:58,240] INFO syncing topic ACLs took 7 ms (org.apache.kafka.connect.mirror.Scheduler)'));
  assert.ok(!isConfigSyncPass('[..] ERROR Scheduler for MirrorSourceConnector caught exception in scheduled task: syncing topic configs (org.apache.kafka.connect.mirror.Scheduler)'));
  assert.ok(!isConfigSyncPass('[..] INFO refreshing topics took 3 ms (org.apache.kafka.connect.mirror.Scheduler)'));
});

test('passes are counted across every log, as they are written', () => {
  const dir = mkdtempSync(join(tmpdir(), 'config-sync-'));
  try {
    const a = join(dir, 'node-1.log');
    const b = join(dir, 'node-2.log');
    appendFileSync(a, 'INFO syncing topic configs took 53 ms (org.apache.kafka.connect.mirror.Scheduler)\n');
    const passes = new ConfigSyncPasses([new LogWatch(a), new LogWatch(b)]);
    assert.equal(passes.count(), 1);
    appendFileSync(b, 'INFO syncing topic configs took 7 ms (org.apache.kafka.connect.mirror.Scheduler)\nINFO syncing topic ACLs took 1 ms\n');
    appendFileSync(a, 'INFO syncing topic configs took 9 ');
    assert.equal(passes.count(), 2, 'a line without its newline yet waits');
    appendFileSync(a, 'ms (org.apache.kafka.connect.mirror.Scheduler)\n');
    assert.equal(passes.count(), 3);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

const spec = (overrides: Record<string, string>) => ({ source: 'es-src', target: 'es-tgt', topics: ['products'], overrides }) as unknown as MirrorSpec;

test("the flow's sync interval as MM2 reads it: flow-prefixed, then global, then 600 s; disabled or no interval is refused", () => {
  assert.equal(configSyncIntervalSeconds(spec({})), 600);
  assert.equal(configSyncIntervalSeconds(spec({ 'sync.topic.configs.interval.seconds': '5' })), 5);
  assert.equal(configSyncIntervalSeconds(spec({ 'sync.topic.configs.interval.seconds': '5', 'es-src->es-tgt.sync.topic.configs.interval.seconds': '3' })), 3);
  assert.throws(() => configSyncIntervalSeconds(spec({ 'sync.topic.configs.enabled': 'false' })), /never syncs topic configs: sync.topic.configs.enabled = false/);
  assert.throws(() => configSyncIntervalSeconds(spec({ 'sync.topic.configs.interval.seconds': '0' })), /gives no interval to wait by/);
  assert.throws(() => configSyncIntervalSeconds(spec({ 'sync.topic.configs.interval.seconds': 'soon' })), /gives no interval to wait by/);
});
