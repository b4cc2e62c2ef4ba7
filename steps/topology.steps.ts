import { Given, Then, When, type DataTable } from '@cucumber/cucumber';
import type { SecurityMode } from '../support/security/cluster-security.ts';
import type { Role } from '../support/topology.ts';
import { needs } from '../support/fault-step.ts';
import type { DrillWorld } from '../support/world.ts';

Given('a {role} cluster {string} with {int} broker(s)', function (this: DrillWorld, role: Role, alias: string, brokers: number) {
  this.topology.declareCluster(role, alias, brokers);
});

Given(needs(['network'], 'a {role} cluster {string} with {int} broker(s) behind Toxiproxy'), function (this: DrillWorld, role: Role, alias: string, brokers: number) {
  this.topology.declareCluster(role, alias, brokers, true);
});

Given(needs(['security'], 'a {role} cluster {string} with {int} broker(s) secured with {security}'), function (this: DrillWorld, role: Role, alias: string, brokers: number, security: SecurityMode) {
  this.topology.declareCluster(role, alias, brokers, false, security);
});

Given(needs(['security', 'network'], 'a {role} cluster {string} with {int} broker(s) secured with {security}, behind Toxiproxy'), function (this: DrillWorld, role: Role, alias: string, brokers: number, security: SecurityMode) {
  this.topology.declareCluster(role, alias, brokers, true, security);
});

/** A table of two columns, key and value, as a record; a row with another shape is refused naming it. */
function rows(table: DataTable, what: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const row of table.raw()) {
    if (row.length !== 2 || !row[0]?.trim()) throw new Error(`each row of the ${what} table is | key | value |, not | ${row.join(' | ')} |`);
    out[row[0].trim()] = row[1] ?? '';
  }
  return out;
}

Given('a {role} cluster {string} with {int} broker(s) and broker settings:', function (this: DrillWorld, role: Role, alias: string, brokers: number, table: DataTable) {
  this.topology.declareCluster(role, alias, brokers, false, undefined, rows(table, 'broker settings'));
});

Given('topic {string} on {string} with {int} partition(s) and configs:', async function (this: DrillWorld, topic: string, alias: string, partitions: number, table: DataTable) {
  await this.topics.createTopic(topic, alias, partitions, undefined, rows(table, 'topic configs'));
});

Given('topic {string} on {string} with {int} partition(s)', async function (this: DrillWorld, topic: string, alias: string, partitions: number) {
  await this.topics.createTopic(topic, alias, partitions);
});

Given(
  'topic {string} on {string} with {int} partition(s) and replication factor {int}',
  async function (this: DrillWorld, topic: string, alias: string, partitions: number, replicas: number) {
    await this.topics.createTopic(topic, alias, partitions, replicas);
  },
);

Given('MirrorMaker 2 mirrors {string} from {string} to {string}', async function (this: DrillWorld, topic: string, source: string, target: string) {
  await this.flows.startMirror([topic], source, target);
});

Given(
  'MirrorMaker 2 mirrors {string} from {string} to {string} with:',
  async function (this: DrillWorld, topic: string, source: string, target: string, table: DataTable) {
    await this.flows.startMirror([topic], source, target, Object.fromEntries(table.raw().map(([k, v]) => [k ?? '', v ?? ''])));
  },
);

// The user's own MM2 configuration drives the flow (docs/your-mm2-resource.md): its aliases are
// the scenario's clusters, its addresses and credentials the drill's, everything else as written.
// On the external runtime its connectors are PUT to the Connect cluster that runs the flow (the
// runtime refuses it at this step when its file gives none it may change).
Given('MirrorMaker 2 runs the KafkaMirrorMaker2 resource in {string}', async function (this: DrillWorld, file: string) {
  this.attach((await this.flows.mirrorUserConfig('resource', file)).join('\n'), 'text/plain');
});

Given('MirrorMaker 2 runs the MM2 properties in {string}', async function (this: DrillWorld, file: string) {
  this.attach((await this.flows.mirrorUserConfig('properties', file)).join('\n'), 'text/plain');
});

When('topic {string} on {string} is altered with:', async function (this: DrillWorld, topic: string, alias: string, table: DataTable) {
  await this.nemesis.alterTopic(topic, alias, rows(table, 'topic configs'));
});

When('the log of {string} partition {int} on {string} starts at offset {int} or later', async function (this: DrillWorld, topic: string, partition: number, alias: string, offset: number) {
  await this.nemesis.waitLogStart(topic, partition, alias, offset);
});

// A topic's own configs (DescribeConfigs source DYNAMIC_TOPIC_CONFIG), as MM2's config sync leaves them on a remote topic.
Then('topic {string} on {string} has its own {string} = {string}', async function (this: DrillWorld, topic: string, alias: string, key: string, value: string) {
  await this.verdict.expectTopicConfig(topic, alias, key, value);
});

Then('topic {string} on {string} has its own {string} = {string} within {int} second(s)', async function (this: DrillWorld, topic: string, alias: string, key: string, value: string, seconds: number) {
  await this.verdict.expectTopicConfig(topic, alias, key, value, seconds);
});

Then('topic {string} on {string} has no {string} of its own', async function (this: DrillWorld, topic: string, alias: string, key: string) {
  await this.verdict.expectTopicConfig(topic, alias, key, undefined);
});

Then('topic {string} on {string} has no {string} of its own within {int} second(s)', async function (this: DrillWorld, topic: string, alias: string, key: string, seconds: number) {
  await this.verdict.expectTopicConfig(topic, alias, key, undefined, seconds);
});

Then('creating topic {string} on {string} with configs fails saying {string}, with:', async function (this: DrillWorld, topic: string, alias: string, saying: string, table: DataTable) {
  await this.verdict.expectTopicRefused(topic, alias, rows(table, 'topic configs'), saying);
});
