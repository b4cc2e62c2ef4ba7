/**
 * The tier `npm test` runs (the scenarios tagged @core, cucumber.mjs's `ci` profile) keeps what
 * it is for as the catalogue grows: a negative control for every kind of anomaly the checker
 * reports, the seed, and a drill of every feature file unless the file says here why not.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { globSync, readFileSync } from 'node:fs';
import { AstBuilder, GherkinClassicTokenMatcher, Parser, compile } from '@cucumber/gherkin';
import { IdGenerator, type Pickle } from '@cucumber/messages';
import { CucumberExpression, ParameterType, ParameterTypeRegistry } from '@cucumber/cucumber-expressions';
import { ANOMALIES, type Anomaly } from './ledger/checker.ts';
import { PARAMETER_TYPES } from './parameter-type-list.ts';
import { runsAlone } from './alone.ts';

/** Feature files with no drill in the tier, and why: each still runs in `npm run drill` and the nightly. */
const OUTSIDE_THE_TIER: Record<string, string> = {
  'topic-refresh.feature': 'MM2 behaviour documented as a drill (a topic created after MM2 started, 15 s of watching): runs in the nightly',
  'restart-before-first-commit.feature': "a harness regression drill found by explore (25 s a client, under traffic, alone): under-fire.feature's rolling restart in the tier restarts the source's brokers the same way",
  'failback-rebuilt.feature': 'a failback onto a site rebuilt empty (15 s): the reverse flow and its checkpoints are in the tier with failback.feature',
  'exactly-once-kill.feature': "MM2 behaviour documented as a drill (an exactly-once MM2 SIGKILLed mid-stream and its twin), runs in the nightly; exactly-once.feature's MM2 drill is in the tier",
  'translation-corners.feature': 'MM2 behaviour documented as a drill (the corners of its offset translation), runs in the nightly; checkpoint-bound.feature and translate.feature in the tier cover translation itself',
  'config-and-acl-drift.feature': 'MM2 behaviour documented as a drill (topic config sync, 20–31 s), runs in the nightly',
  'identity-replication.feature': 'MM2 behaviour documented as a drill (IdentityReplicationPolicy one way, and its loop both ways), runs in the nightly',
  'mm2-known-bugs.feature': 'each drill is the seed story\'s shape on the default MM2 (it passes there); npm run matrix runs them over the MM2 releases that have the bugs',
  'multi-broker.feature': 'a broker lost under traffic (41 s), and a rolling restart (@long): the seed covers the loss of the whole cluster',
  'multi-node-mm2.feature': 'MM2 on 3 nodes (35 s): a deployment shape; MM2 on Connect (kafka-connect.feature) is in the tier',
  'multi-partition-failover.feature': 'translate.feature and checkpoint-bound.feature in the tier have several partitions',
  'negative-controls-source.feature': "a lost disk (18–21 s); negative-controls-failover.feature in the tier counts lost records",
  'network-faults.feature': 'network-links.feature in the tier drives the same proxies',
  'pauses.feature': "under-fire.feature's paused MM2 in the tier pauses a process the same way",
  'under-load.feature': 'under-fire.feature in the tier kills the source under the same traffic',
  'under-fire-network.feature': 'latency and a cut under fire (26–28 s); network-links.feature is in the tier',
  'source-retention.feature': "off-the-path.feature's removal in the tier is the same anomaly through DeleteRecords",
  'source-removed-to-end.feature': "off-the-path.feature's removal in the tier",
  'stranger-apps.feature': "a stranger's checks against Kafka's tools; your-apps.feature is in the tier",
  'stranger-removal.feature': "a stranger's checks; off-the-path.feature is in the tier",
  'stranger-retention.feature': "a stranger's checks; off-the-path.feature is in the tier",
  'stranger-stall.feature': "a stranger's checks; off-the-path.feature is in the tier",
  'stranger-target-and-ahead.feature': "a stranger's checks; negative-controls-failover.feature is in the tier",
  'volume.feature': 'a million records (39 s a client); bench:volume measures the same path',
  'your-apps-secured.feature': 'secured-failover.feature and your-apps.feature are in the tier',
  'your-mm2-resource-lab.feature': 'the external runtime only (compose/)',
};

function pickles(file: string): readonly Pickle[] {
  const newId = IdGenerator.uuid();
  const doc = new Parser(new AstBuilder(newId), new GherkinClassicTokenMatcher()).parse(readFileSync(file, 'utf8'));
  return compile({ ...doc, uri: file }, file, newId);
}

const files = globSync('features/*.feature').sort();
const all = files.flatMap((f) => pickles(f));
const tagged = (p: Pickle, tag: string) => p.tags.some((t) => t.name === tag);
const core = all.filter((p) => tagged(p, '@core') && !tagged(p, '@long'));

const registry = new ParameterTypeRegistry();
for (const t of PARAMETER_TYPES) registry.defineParameterType(new ParameterType(t.name, t.regexp, null, t.transformer, true, false));
const exactly = new CucumberExpression('the checker reports exactly {int} {anomaly} record(s)', registry);

/** The kinds a scenario counts exactly, with a count above zero (a control that makes it happen). */
function controlled(p: Pickle): Set<Anomaly> {
  const kinds = new Set<Anomaly>();
  for (const step of p.steps) {
    const args = exactly.match(step.text);
    if (args && (args[0]!.getValue(null) as number) > 0) kinds.add(args[1]!.getValue(null) as Anomaly);
  }
  return kinds;
}

test('every kind of anomaly the checker reports has a negative control in the tier that causes it and counts it exactly', () => {
  const missing = ANOMALIES.filter((a) => !core.some((p) => controlled(p).has(a)));
  assert.deepEqual(missing, [], `no @core scenario asserts "the checker reports exactly N … records" with N > 0 for: ${missing.join(', ')}`);
});

test('the seed is in the tier, and so is a drill of every feature file not listed with a reason', () => {
  assert.ok(all.filter((p) => tagged(p, '@seed')).every((p) => tagged(p, '@core')), 'every @seed scenario is @core');
  const without = files.map((f) => f.replace('features/', '')).filter((f) => !core.some((p) => p.uri === `features/${f}`));
  const unexplained = without.filter((f) => !OUTSIDE_THE_TIER[f]);
  assert.deepEqual(unexplained, [], 'feature files with no @core scenario and no reason in OUTSIDE_THE_TIER');
  const stale = Object.keys(OUTSIDE_THE_TIER).filter((f) => !without.includes(f));
  assert.deepEqual(stale, [], 'OUTSIDE_THE_TIER lists files that are in the tier, or gone');
});

test('the tier is a tier: at most a third of the catalogue, and its timed drills are a minority', () => {
  assert.ok(core.length * 3 <= all.length, `${core.length} of ${all.length} scenarios are @core`);
  const alone = core.filter((p) => runsAlone(p));
  assert.ok(alone.length * 3 <= core.length, `${alone.length} of ${core.length} @core scenarios run alone`);
});
