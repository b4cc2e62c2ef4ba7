import { type DataTable, Then, When } from '@cucumber/cucumber';
import type { DrillWorld } from '../support/world.ts';

When('MirrorMaker 2 has mirrored {string} to {string}', async function (this: DrillWorld, topic: string, target: string) {
  await this.flows.waitMirrored(topic, target);
});

When('MirrorMaker 2 has mirrored {string} to {string} within {int} second(s)', async function (this: DrillWorld, topic: string, target: string, seconds: number) {
  await this.flows.waitMirrored(topic, target, undefined, seconds);
});

When('MirrorMaker 2 has checkpointed group {string} to {string}', async function (this: DrillWorld, group: string, target: string) {
  await this.flows.waitCheckpoint(group, target);
});

When('MirrorMaker 2 has checkpointed group {string} to {string} within {int} second(s)', async function (this: DrillWorld, group: string, target: string, seconds: number) {
  await this.flows.waitCheckpoint(group, target, undefined, seconds);
});

Then("MirrorMaker 2's log says {string}", async function (this: DrillWorld, text: string) {
  await this.flows.waitMirrorLog(text);
});

When('MirrorMaker 2 has synced topic configs to {string} {int} more time(s)', async function (this: DrillWorld, target: string, passes: number) {
  await this.flows.waitConfigSyncs(target, passes);
});

Then('MirrorMaker 2 copies nothing of {string} to {string} for {int} second(s)', async function (this: DrillWorld, topic: string, target: string, seconds: number) {
  await this.verdict.expectNothingMirrored(topic, target, seconds);
});

Then(
  'MirrorMaker 2 silently skipped {int} record(s) of {string} partition {int}',
  async function (this: DrillWorld, count: number, topic: string, partition: number) {
    await this.verdict.expectSilentlySkipped(count, topic, partition);
  },
);

Then('waiting for MirrorMaker 2 to mirror {string} to {string} fails at once, saying {string}', async function (this: DrillWorld, topic: string, target: string, saying: string) {
  await this.verdict.expectMirrorWaitFails(topic, target, saying);
});

// The waits on one flow named by its clusters, for scenarios with several flows (the short forms
// above name the target, which is enough when one flow goes into it).

When('MirrorMaker 2 from {string} to {string} has mirrored {string}', async function (this: DrillWorld, source: string, target: string, topic: string) {
  await this.flows.waitMirrored(topic, target, source);
});

When('MirrorMaker 2 from {string} to {string} has checkpointed group {string}', async function (this: DrillWorld, source: string, target: string, group: string) {
  await this.flows.waitCheckpoint(group, target, source);
});

When('MirrorMaker 2 from {string} to {string} has synced topic configs {int} more time(s)', async function (this: DrillWorld, source: string, target: string, passes: number) {
  await this.flows.waitConfigSyncs(target, passes, source);
});

Then(
  'MirrorMaker 2 from {string} to {string} has checkpointed nothing of group {string} for {string}',
  async function (this: DrillWorld, source: string, target: string, group: string, topic: string) {
    await this.verdict.expectNothingCheckpointed(group, topic, { source, target });
  },
);

Then(
  'group {string} resumed on {string} on {string} against the checkpoints of MirrorMaker 2 from {string} to {string}',
  function (this: DrillWorld, group: string, topic: string, alias: string, source: string, target: string) {
    this.verdict.resumedThrough(group, topic, alias, { source, target });
  },
);

Then(
  'translating the offsets of group {string} from {string} on {string} with npm run translate gives what RemoteClusterUtils.translateOffsets gives',
  async function (this: DrillWorld, group: string, source: string, target: string) {
    await this.verdict.expectTranslateMatchesJava(group, source, target);
  },
);

// MM2's checkpoints, exactly: the remote topic as MM2 names it on the target.

Then(
  "MirrorMaker 2's latest checkpoint of group {string} for partition {int} of {string} on {string} is {int} → {int}",
  async function (this: DrillWorld, group: string, partition: number, topic: string, target: string, upstream: number, downstream: number) {
    await this.verdict.expectCheckpoint(group, partition, topic, target, upstream, downstream);
  },
);

Then(
  'MirrorMaker 2 has written no checkpoint of group {string} for partition {int} of {string} on {string}',
  async function (this: DrillWorld, group: string, partition: number, topic: string, target: string) {
    await this.verdict.expectNoCheckpoint(group, partition, topic, target);
  },
);

Then('MirrorMaker 2 has checkpointed nothing of group {string} to {string}', async function (this: DrillWorld, group: string, target: string) {
  await this.verdict.expectGroupNotCheckpointed(group, target);
});

Then('MirrorMaker 2 from {string} to {string} has checkpointed nothing of group {string}', async function (this: DrillWorld, source: string, target: string, group: string) {
  await this.verdict.expectGroupNotCheckpointed(group, target, source);
});

When('the last stable offset of {string} on {string} is timed', async function (this: DrillWorld, topic: string, cluster: string) {
  await this.stableOffsets.start(topic, cluster);
});

When(
  "MirrorMaker 2's copies of {string} on {string} past its committed source offsets are counted",
  async function (this: DrillWorld, topic: string, target: string) {
    await this.audit.notePastCommitted(topic, target);
  },
);

Then(
  'MirrorMaker 2 started for {string} from {string} to {string} refuses its configuration, saying {string}, with:',
  async function (this: DrillWorld, topic: string, source: string, target: string, saying: string, table: DataTable) {
    const message = await this.verdict.expectMirrorConfigRefused([topic], source, target, saying, Object.fromEntries(table.raw().map(([k, v]) => [k ?? '', v ?? ''])));
    this.attach(message, 'text/plain');
  },
);
