import { When } from '@cucumber/cucumber';
import { needs } from '../support/fault-step.ts';
import type { DrillWorld } from '../support/world.ts';
import type { Viewer } from '../support/runtime/runtime.ts';

When(needs(['kill'], 'every broker of {string} is killed'), async function (this: DrillWorld, alias: string) {
  await this.nemesis.clusterFault(alias, 'killed');
});

When(needs(['stop'], 'every broker of {string} is stopped'), async function (this: DrillWorld, alias: string) {
  await this.nemesis.clusterFault(alias, 'stopped');
});

When(needs(['kill'], 'broker {int} of {string} is killed'), async function (this: DrillWorld, nodeId: number, alias: string) {
  await this.nemesis.brokerFault(alias, nodeId, 'killed');
});

When(needs(['stop'], 'broker {int} of {string} is stopped'), async function (this: DrillWorld, nodeId: number, alias: string) {
  await this.nemesis.brokerFault(alias, nodeId, 'stopped');
});

When(needs(['stop'], 'MirrorMaker 2 is stopped'), async function (this: DrillWorld) {
  await this.nemesis.stopMirror();
});

When(needs(['kill'], 'MirrorMaker 2 is killed'), async function (this: DrillWorld) {
  await this.nemesis.killMirror();
});

When(
  needs(['kill', 'restart', 'disk'], 'the leader of partition {int} of {string} on {string} is killed and restarted without its log of the partition'),
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

When(needs(['network'], 'the link from {viewer} to {string} is cut'), async function (this: DrillWorld, viewer: Viewer, alias: string) {
  await this.links.cut(viewer, alias);
});

When(needs(['network'], 'the link from {viewer} to {string} is cut for {int} second(s)'), async function (this: DrillWorld, viewer: Viewer, alias: string, seconds: number) {
  await this.links.cutFor(viewer, alias, seconds);
});

When(needs(['network'], 'the link from {viewer} to {string} has {int} ms latency'), async function (this: DrillWorld, viewer: Viewer, alias: string, latency: number) {
  await this.links.slow(viewer, alias, latency);
});

When(
  needs(['network'], 'the link from {viewer} to {string} has {int} ms latency with {int} ms jitter'),
  async function (this: DrillWorld, viewer: Viewer, alias: string, latency: number, jitter: number) {
    await this.links.slow(viewer, alias, latency, jitter);
  },
);

When(needs(['network'], 'the link from {viewer} to {string} is throttled to {int} KB\\/s'), async function (this: DrillWorld, viewer: Viewer, alias: string, rate: number) {
  await this.links.throttle(viewer, alias, rate);
});

When(needs(['network'], 'the link from {viewer} to {string} is blackholed'), async function (this: DrillWorld, viewer: Viewer, alias: string) {
  await this.links.blackhole(viewer, alias);
});

When(needs(['network'], 'the link from {viewer} to {string} is healed'), async function (this: DrillWorld, viewer: Viewer, alias: string) {
  await this.links.heal(viewer, alias);
});

When(needs(['network'], 'every link is healed'), async function (this: DrillWorld) {
  await this.links.healAll();
});

When(needs(['pause'], 'every broker of {string} is paused for {int} second(s)'), async function (this: DrillWorld, alias: string, seconds: number) {
  await this.nemesis.pauseCluster(alias, seconds);
});

When(needs(['pause'], 'broker {int} of {string} is paused for {int} second(s)'), async function (this: DrillWorld, nodeId: number, alias: string, seconds: number) {
  await this.nemesis.pauseBroker(alias, nodeId, seconds);
});

When(needs(['pause'], 'MirrorMaker 2 is paused for {int} second(s)'), async function (this: DrillWorld, seconds: number) {
  await this.nemesis.pauseMirror(seconds);
});

When(needs(['restart'], 'every broker of {string} is restarted'), async function (this: DrillWorld, alias: string) {
  await this.nemesis.restartBrokers(alias);
});

When(needs(['restart', 'disk'], 'every broker of {string} is rebuilt empty'), async function (this: DrillWorld, alias: string) {
  await this.nemesis.rebuildBrokers(alias);
});

When(needs(['restart'], 'broker {int} of {string} is restarted'), async function (this: DrillWorld, nodeId: number, alias: string) {
  await this.nemesis.restartBrokers(alias, nodeId);
});

When(needs(['stop', 'restart'], 'the brokers of {string} are restarted one at a time'), async function (this: DrillWorld, alias: string) {
  await this.nemesis.rollingRestart(alias);
});

When(needs(['restart'], 'MirrorMaker 2 is restarted'), async function (this: DrillWorld) {
  await this.nemesis.restartMirror();
});

// The same faults aimed at one flow, named by its clusters: the form a scenario with several flows uses.

When(needs(['stop'], 'MirrorMaker 2 from {string} to {string} is stopped'), async function (this: DrillWorld, source: string, target: string) {
  await this.nemesis.stopMirror({ source, target });
});

When(needs(['kill'], 'MirrorMaker 2 from {string} to {string} is killed'), async function (this: DrillWorld, source: string, target: string) {
  await this.nemesis.killMirror({ source, target });
});

When(needs(['pause'], 'MirrorMaker 2 from {string} to {string} is paused for {int} second(s)'), async function (this: DrillWorld, source: string, target: string, seconds: number) {
  await this.nemesis.pauseMirror(seconds, { source, target });
});

When(needs(['restart'], 'MirrorMaker 2 from {string} to {string} is restarted'), async function (this: DrillWorld, source: string, target: string) {
  await this.nemesis.restartMirror({ source, target });
});
