import { When } from '@cucumber/cucumber';
import type { DrillWorld } from '../support/world.ts';

When('every broker of {string} is killed', async function (this: DrillWorld, alias: string) {
  await this.clusterFault(alias, 'killed');
});

When('every broker of {string} is stopped', async function (this: DrillWorld, alias: string) {
  await this.clusterFault(alias, 'stopped');
});

When('broker {int} of {string} is killed', async function (this: DrillWorld, nodeId: number, alias: string) {
  await this.brokerFault(alias, nodeId, 'killed');
});

When('broker {int} of {string} is stopped', async function (this: DrillWorld, nodeId: number, alias: string) {
  await this.brokerFault(alias, nodeId, 'stopped');
});

When('MirrorMaker 2 is stopped', async function (this: DrillWorld) {
  await this.stopMirror();
});

When('MirrorMaker 2 is killed', async function (this: DrillWorld) {
  await this.killMirror();
});

When(
  'the records before offset {int} of {string} partition {int} are deleted on {string}',
  async function (this: DrillWorld, offset: number, topic: string, partition: number, alias: string) {
    await this.deleteRecords(alias, topic, partition, offset);
  },
);

When('the link from MirrorMaker 2 to {string} is cut', async function (this: DrillWorld, alias: string) {
  await this.cutLink(alias);
});

When('the link from MirrorMaker 2 to {string} is cut for {int} second(s)', async function (this: DrillWorld, alias: string, seconds: number) {
  await this.cutLinkFor(alias, seconds);
});

When('the link from MirrorMaker 2 to {string} has {int} ms latency', async function (this: DrillWorld, alias: string, latency: number) {
  await this.slowLink(alias, latency);
});

When('the link from MirrorMaker 2 to {string} is healed', async function (this: DrillWorld, alias: string) {
  await this.healLink(alias);
});

When('every link is healed', async function (this: DrillWorld) {
  await this.healAllLinks();
});

When('every broker of {string} is paused for {int} second(s)', async function (this: DrillWorld, alias: string, seconds: number) {
  await this.pauseCluster(alias, seconds);
});

When('broker {int} of {string} is paused for {int} second(s)', async function (this: DrillWorld, nodeId: number, alias: string, seconds: number) {
  await this.pauseBroker(alias, nodeId, seconds);
});

When('MirrorMaker 2 is paused for {int} second(s)', async function (this: DrillWorld, seconds: number) {
  await this.pauseMirror(seconds);
});

When('every broker of {string} is restarted', async function (this: DrillWorld, alias: string) {
  await this.restartBrokers(alias);
});

When('broker {int} of {string} is restarted', async function (this: DrillWorld, nodeId: number, alias: string) {
  await this.restartBrokers(alias, nodeId);
});

When('the brokers of {string} are restarted one at a time', async function (this: DrillWorld, alias: string) {
  await this.rollingRestart(alias);
});

When('MirrorMaker 2 is restarted', async function (this: DrillWorld) {
  await this.restartMirror();
});
