import { Given, When } from '@cucumber/cucumber';
import { AUTO_COMMIT_INTERVAL_MS } from '../support/workload/background-consumer.ts';
import type { ClientName } from '../support/workload/workload-client.ts';
import type { ResumeMode } from '../support/drill/failover.ts';
import type { DrillWorld } from '../support/world.ts';

Given('the apps use the {client} client', function (this: DrillWorld, client: ClientName) {
  this.apps.useClient(client);
});

When('{int} records are produced to {string} on {string}', async function (this: DrillWorld, count: number, topic: string, alias: string) {
  await this.apps.produce(count, topic, alias);
});

When('one record is produced to {string} on {string}', async function (this: DrillWorld, topic: string, alias: string) {
  // Every produce step sends its records round the topic's partitions from partition 0.
  await this.apps.produce(1, topic, alias);
});

When(
  'group {string} reads {int} records from {string} on {string} and commits',
  async function (this: DrillWorld, group: string, count: number, topic: string, alias: string) {
    await this.apps.groupReads(group, count, topic, alias);
  },
);

When(
  'group {string} resumes on {string} on {string} from {resume} and reads to the end',
  async function (this: DrillWorld, group: string, topic: string, alias: string, mode: ResumeMode) {
    await this.failover.groupResumes(group, topic, alias, mode);
  },
);

When(
  'group {string} reads {int} records from {string} on {string}, rewinds partition {int} to offset {int} and reads {int} more',
  async function (this: DrillWorld, group: string, count: number, topic: string, alias: string, partition: number, offset: number, more: number) {
    await this.apps.groupReadsAndRewinds(group, count, topic, alias, partition, offset, more);
  },
);

When(
  'the committed offset of group {string} on partition {int} of {string} on {string} is set to {int}',
  async function (this: DrillWorld, group: string, partition: number, topic: string, alias: string, offset: number) {
    await this.apps.setCommittedOffset(group, partition, topic, alias, offset);
  },
);

When('producers write {int} records\\/s to {string} on {string}', async function (this: DrillWorld, rate: number, topic: string, alias: string) {
  await this.apps.startProducers(rate, topic, alias);
});

When('the producers stop', async function (this: DrillWorld) {
  await this.apps.stopProducers();
});

When('the producers have written {int} records', async function (this: DrillWorld, count: number) {
  await this.apps.producersHaveWritten(count);
});

When('the producers have written {int} more records', async function (this: DrillWorld, count: number) {
  await this.apps.producersHaveWritten(count, true);
});

When(
  'group {string} consumes {string} on {string} continuously, committing every {int} ms',
  async function (this: DrillWorld, group: string, topic: string, alias: string, ms: number) {
    await this.apps.startConsumer(group, topic, alias, ms, `committing every ${ms} ms`);
  },
);

When('group {string} consumes {string} on {string} with auto-commit', async function (this: DrillWorld, group: string, topic: string, alias: string) {
  await this.apps.startConsumer(group, topic, alias, AUTO_COMMIT_INTERVAL_MS, `with auto-commit every ${AUTO_COMMIT_INTERVAL_MS / 1000} s`);
});

When('group {string} reads {string} on {string} to the end', async function (this: DrillWorld, group: string, topic: string, alias: string) {
  await this.apps.groupReadsToEnd(group, topic, alias);
});

When('group {string} stops consuming', async function (this: DrillWorld, group: string) {
  await this.apps.stopConsumer(group);
});

When(
  '{int} records are produced to {string} on {string} in transactions of {int}',
  async function (this: DrillWorld, count: number, topic: string, alias: string, per: number) {
    await this.apps.produceInTransactions(count, topic, alias, per, 'commit');
  },
);

When(
  '{int} records are produced to {string} on {string} in a transaction that aborts',
  async function (this: DrillWorld, count: number, topic: string, alias: string) {
    await this.apps.produceInTransactions(count, topic, alias, count, 'abort');
  },
);

When(
  '{int} records are produced to {string} on {string} in aborted transactions of {int}',
  async function (this: DrillWorld, count: number, topic: string, alias: string, per: number) {
    await this.apps.produceInTransactions(count, topic, alias, per, 'abort');
  },
);

Given('the apps read with isolation level {word}', function (this: DrillWorld, level: string) {
  this.apps.readWithIsolation(level);
});

Given('group {string} reads with isolation level {word}', function (this: DrillWorld, group: string, level: string) {
  this.apps.readWithIsolation(level, group);
});
