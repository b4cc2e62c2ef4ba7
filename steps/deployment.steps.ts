import { Given, Then, When, type DataTable } from '@cucumber/cucumber';
import type { ConnectorAction, NodeAction } from '../support/mirror/mirror-ops.ts';
import { needs } from '../support/fault-step.ts';
import type { DrillWorld } from '../support/world.ts';

// How MM2 runs (before the mirrors step), and the faults and operations of its nodes and connectors.

Given(needs(['deployments'], 'MirrorMaker 2 runs on Kafka Connect'), function (this: DrillWorld) {
  this.flows.deploy({ kind: 'connect', nodes: 1 });
});

Given(needs(['deployments'], 'MirrorMaker 2 runs on Kafka Connect with {int} worker(s)'), function (this: DrillWorld, workers: number) {
  this.flows.deploy({ kind: 'connect', nodes: workers });
});

Given(needs(['deployments'], 'MirrorMaker 2 runs on {int} node(s)'), function (this: DrillWorld, nodes: number) {
  this.flows.deploy({ kind: 'dedicated', nodes });
});

When(needs(['deployments'], 'Connect worker {int} is {nodeAction}'), async function (this: DrillWorld, worker: number, action: NodeAction) {
  await this.flows.node('connect', worker, action);
});

When(needs(['deployments'], 'the Connect worker that leads the group is {nodeAction}'), async function (this: DrillWorld, action: NodeAction) {
  await this.flows.node('connect', 'leader', action);
});

When(needs(['deployments'], 'MirrorMaker 2 node {int} is {nodeAction}'), async function (this: DrillWorld, node: number, action: NodeAction) {
  await this.flows.node('dedicated', node, action);
});

When(needs(['deployments'], 'the MirrorMaker 2 node that leads the group is {nodeAction}'), async function (this: DrillWorld, action: NodeAction) {
  await this.flows.node('dedicated', 'leader', action);
});

When(needs(['deployments'], 'connector {string} is {connectorAction}'), async function (this: DrillWorld, connector: string, action: ConnectorAction) {
  await this.flows.connector(connector, action);
});

When(needs(['deployments'], 'task {int} of connector {string} is restarted'), async function (this: DrillWorld, task: number, connector: string) {
  await this.flows.restartTask(connector, task);
});

When(needs(['deployments'], 'connector {string} is reconfigured with:'), async function (this: DrillWorld, connector: string, table: DataTable) {
  await this.flows.reconfigure(connector, table.raw());
});

Then(
  'connector {string} has FAILED with {string}, and waiting for MirrorMaker 2 to mirror {string} to {string} says so',
  async function (this: DrillWorld, connector: string, text: string, topic: string, target: string) {
    await this.verdict.expectConnectorFailed(connector, text, topic, target);
  },
);

When(
  needs(['deployments'], 'the Connect worker running task {int} of connector {string} is {nodeAction}'),
  async function (this: DrillWorld, task: number, connector: string, action: NodeAction) {
    await this.flows.node('connect', { connector, task }, action);
  },
);

When(needs(['pause', 'deployments'], 'Connect worker {int} is paused for {int} second(s)'), async function (this: DrillWorld, worker: number, seconds: number) {
  await this.nemesis.pauseMirrorNode('connect', worker, seconds);
});

When(
  needs(['pause', 'deployments'], 'the Connect worker running task {int} of connector {string} is paused for {int} second(s)'),
  async function (this: DrillWorld, task: number, connector: string, seconds: number) {
    await this.nemesis.pauseMirrorNode('connect', { connector, task }, seconds);
  },
);

When(needs(['pause', 'deployments'], 'MirrorMaker 2 node {int} is paused for {int} second(s)'), async function (this: DrillWorld, node: number, seconds: number) {
  await this.nemesis.pauseMirrorNode('dedicated', node, seconds);
});

When(
  needs(['deployments'], "MirrorSourceConnector's source offset of {string} partition {int} is set to {int}"),
  async function (this: DrillWorld, topic: string, partition: number, offset: number) {
    await this.flows.setSourceOffset(topic, partition, offset);
  },
);

When('the Connect workers left have taken over every connector and task', async function (this: DrillWorld) {
  await this.flows.takeover('connect');
});

When('the MirrorMaker 2 nodes left have taken over every connector and task', async function (this: DrillWorld) {
  await this.flows.takeover('dedicated');
});
