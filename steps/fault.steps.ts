import { When } from '@cucumber/cucumber';
import type { DrillWorld } from '../support/world.ts';
import type { Viewer } from '../support/runtime/runtime.ts';

When('every broker of {string} is killed', async function (this: DrillWorld, alias: string) {
  await this.nemesis.clusterFault(alias, 'killed');
});

When('every broker of {string} is stopped', async function (this: DrillWorld, alias: string) {
  await this.nemesis.clusterFault(alias, 'stopped');
});

When('broker {int} of {string} is killed', async function (this: DrillWorld, nodeId: number, alias: string) {
  await this.nemesis.brokerFault(alias, nodeId, 'killed');
});

When('broker {int} of {string} is stopped', async function (this: DrillWorld, nodeId: number, alias: string) {
  await this.nemesis.brokerFault(alias, nodeId, 'stopped');
});

When('MirrorMaker 2 is stopped', async function (this: DrillWorld) {
  await this.nemesis.stopMirror();
});

When('MirrorMaker 2 is killed', async function (this: DrillWorld) {
  await this.nemesis.killMirror();
});

When(
  'the leader of partition {int} of {string} on {string} is killed and restarted without its log of the partition',
  async function (this: DrillWorld, partition: number, topic: string, alias: string) {
    await this.nemesis.leaderLosesLog(alias, topic, partition);
  },
);

When(
  'the records before offset {int} of {string} partition {int} are deleted on {string}',
  async function (this: DrillWorld, offset: number, topic: string, partition: number, alias: string) {
    await this.nemesis.deleteRecords(alias, topic, partition, offset);
  },
);

When('the link from {viewer} to {string} is cut', async function (this: DrillWorld, viewer: Viewer, alias: string) {
  await this.links.cut(viewer, alias);
});

When('the link from {viewer} to {string} is cut for {int} second(s)', async function (this: DrillWorld, viewer: Viewer, alias: string, seconds: number) {
  await this.links.cutFor(viewer, alias, seconds);
});

When('the link from {viewer} to {string} has {int} ms latency', async function (this: DrillWorld, viewer: Viewer, alias: string, latency: number) {
  await this.links.slow(viewer, alias, latency);
});

When(
  'the link from {viewer} to {string} has {int} ms latency with {int} ms jitter',
  async function (this: DrillWorld, viewer: Viewer, alias: string, latency: number, jitter: number) {
    await this.links.slow(viewer, alias, latency, jitter);
  },
);

When('the link from {viewer} to {string} is throttled to {int} KB\\/s', async function (this: DrillWorld, viewer: Viewer, alias: string, rate: number) {
  await this.links.throttle(viewer, alias, rate);
});

When('the link from {viewer} to {string} is blackholed', async function (this: DrillWorld, viewer: Viewer, alias: string) {
  await this.links.blackhole(viewer, alias);
});

When('the link from {viewer} to {string} is healed', async function (this: DrillWorld, viewer: Viewer, alias: string) {
  await this.links.heal(viewer, alias);
});

When('every link is healed', async function (this: DrillWorld) {
  await this.links.healAll();
});

When('every broker of {string} is paused for {int} second(s)', async function (this: DrillWorld, alias: string, seconds: number) {
  await this.nemesis.pauseCluster(alias, seconds);
});

When('broker {int} of {string} is paused for {int} second(s)', async function (this: DrillWorld, nodeId: number, alias: string, seconds: number) {
  await this.nemesis.pauseBroker(alias, nodeId, seconds);
});

When('MirrorMaker 2 is paused for {int} second(s)', async function (this: DrillWorld, seconds: number) {
  await this.nemesis.pauseMirror(seconds);
});

When('every broker of {string} is restarted', async function (this: DrillWorld, alias: string) {
  await this.nemesis.restartBrokers(alias);
});

When('broker {int} of {string} is restarted', async function (this: DrillWorld, nodeId: number, alias: string) {
  await this.nemesis.restartBrokers(alias, nodeId);
});

When('the brokers of {string} are restarted one at a time', async function (this: DrillWorld, alias: string) {
  await this.nemesis.rollingRestart(alias);
});

When('MirrorMaker 2 is restarted', async function (this: DrillWorld) {
  await this.nemesis.restartMirror();
});

// The same faults aimed at one flow, named by its clusters: the form a scenario with several flows uses.

When('MirrorMaker 2 from {string} to {string} is stopped', async function (this: DrillWorld, source: string, target: string) {
  await this.nemesis.stopMirror({ source, target });
});

When('MirrorMaker 2 from {string} to {string} is killed', async function (this: DrillWorld, source: string, target: string) {
  await this.nemesis.killMirror({ source, target });
});

When('MirrorMaker 2 from {string} to {string} is paused for {int} second(s)', async function (this: DrillWorld, source: string, target: string, seconds: number) {
  await this.nemesis.pauseMirror(seconds, { source, target });
});

When('MirrorMaker 2 from {string} to {string} is restarted', async function (this: DrillWorld, source: string, target: string) {
  await this.nemesis.restartMirror({ source, target });
});
