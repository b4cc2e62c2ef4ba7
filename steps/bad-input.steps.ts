import { Then, type DataTable } from '@cucumber/cucumber';
import { expectRefused } from '../support/refusal.ts';
import type { DrillWorld } from '../support/world.ts';

// Negative controls for bad input (features/negative-controls-bad-input.feature): the step's
// action is refused within seconds, saying the given text.

const rows = (table?: DataTable) => Object.fromEntries((table?.raw() ?? []).map(([k, v]) => [k ?? '', v ?? '']));

async function mirrorRefused(world: DrillWorld, topic: string, source: string, target: string, saying: string, table?: DataTable): Promise<void> {
  const message = await expectRefused(`MirrorMaker 2 mirroring "${topic}" from "${source}" to "${target}"`, () => world.flows.startMirror([topic], source, target, rows(table)), saying);
  if (world.topology.hasMirror) throw new Error('MM2 was started although its input was refused');
  world.attach(message, 'text/plain');
}

Then('MirrorMaker 2 mirroring {string} from {string} to {string} is refused saying {string}', async function (this: DrillWorld, topic: string, source: string, target: string, saying: string) {
  await mirrorRefused(this, topic, source, target, saying);
});

Then(
  'MirrorMaker 2 mirroring {string} from {string} to {string} is refused saying {string}, with:',
  async function (this: DrillWorld, topic: string, source: string, target: string, saying: string, table: DataTable) {
    await mirrorRefused(this, topic, source, target, saying, table);
  },
);

async function userConfigRefused(world: DrillWorld, kind: 'resource' | 'properties', file: string, saying: string): Promise<void> {
  const what = kind === 'resource' ? `MirrorMaker 2 running the KafkaMirrorMaker2 resource in "${file}"` : `MirrorMaker 2 running the MM2 properties in "${file}"`;
  const message = await expectRefused(what, () => world.flows.mirrorUserConfig(kind, file), saying);
  if (world.topology.hasMirror) throw new Error('MM2 was started although its configuration was refused');
  world.attach(message, 'text/plain');
}

Then('MirrorMaker 2 running the KafkaMirrorMaker2 resource in {string} is refused saying {string}', async function (this: DrillWorld, file: string, saying: string) {
  await userConfigRefused(this, 'resource', file, saying);
});

Then('MirrorMaker 2 running the MM2 properties in {string} is refused saying {string}', async function (this: DrillWorld, file: string, saying: string) {
  await userConfigRefused(this, 'properties', file, saying);
});

Then('topic {string} on {string} with {int} partitions is refused saying {string}', async function (this: DrillWorld, topic: string, alias: string, partitions: number, saying: string) {
  this.attach(await expectRefused(`topic "${topic}" on "${alias}" with ${partitions} partitions`, () => this.topics.createTopic(topic, alias, partitions), saying), 'text/plain');
});

Then('producers writing {int} records\\/s to {string} on {string} are refused saying {string}', async function (this: DrillWorld, rate: number, topic: string, alias: string, saying: string) {
  this.attach(await expectRefused(`producers writing ${rate} records/s to "${topic}" on "${alias}"`, () => this.apps.startProducers(rate, topic, alias), saying), 'text/plain');
});

Then('the app {string} running {string} is refused saying {string}', async function (this: DrillWorld, name: string, command: string, saying: string) {
  this.attach(await expectRefused(`the app "${name}" running "${command}"`, async () => this.appRuns.define(name, command), saying), 'text/plain');
});

Then(
  'the app {string} reading {int} records from {string} on {string} as group {string} is refused saying {string}',
  async function (this: DrillWorld, name: string, count: number, topic: string, alias: string, group: string, saying: string) {
    this.attach(await expectRefused(`the app "${name}" reading ${count} records`, () => this.appRuns.reads(name, count, topic, alias, group), saying), 'text/plain');
    // The refusal is what the scenario checks; the records it produced were for the app to read.
    this.verdict.checked = true;
  },
);

Then(
  'the app {string} producing {int} records to {string} on {string} is refused saying {string}',
  async function (this: DrillWorld, name: string, count: number, topic: string, alias: string, saying: string) {
    this.attach(await expectRefused(`the app "${name}" producing ${count} records`, () => this.appRuns.produces(name, count, topic, alias), saying), 'text/plain');
    this.verdict.checked = true;
  },
);

Then('auditing the copy of {string} on {string} is refused saying {string}', async function (this: DrillWorld, topic: string, target: string, saying: string) {
  this.attach(await expectRefused(`auditing the copy of "${topic}" on "${target}"`, () => this.audit.auditTarget(topic, target), saying), 'text/plain');
});
