import { Given, Then, When } from '@cucumber/cucumber';
import { needs } from '../support/fault-step.ts';
import { progress } from '../support/progress.ts';
import type { AnyResumeMode } from '../support/drill/context.ts';
import type { DrillWorld } from '../support/world.ts';

/*
 * Apps under test: any command, reporting through the app contract (docs/apps.md). The ready
 * apps are apps/lab-consumer.py (the lab's Python consumer: confluent-kafka, auto-commit) and
 * apps/java-consumer.sh (Kafka's own VerifiableConsumer, the Java client).
 */

Given('the app {string} runs {string}', function (this: DrillWorld, name: string, command: string) {
  this.appRuns.define(name, command);
});

When(
  'the app {string} reads {int} records from {string} on {string} as group {string}',
  async function (this: DrillWorld, name: string, count: number, topic: string, alias: string, group: string) {
    await this.appRuns.reads(name, count, topic, alias, group);
  },
);

When('the app {string} consumes {string} on {string} as group {string}', async function (this: DrillWorld, name: string, topic: string, alias: string, group: string) {
  await this.appRuns.consumes(name, topic, alias, group);
});

When('the app {string} has read {int} records', async function (this: DrillWorld, name: string, count: number) {
  await this.appRuns.hasRead(name, count);
});

When('the app {string} has read {int} more records', async function (this: DrillWorld, name: string, count: number) {
  await this.appRuns.hasRead(name, count, true);
});

// An app runs on the harness's machine on every runtime: killing it needs nothing of the runtime.
When(needs([], 'the app {string} is killed'), async function (this: DrillWorld, name: string) {
  await this.appRuns.kill(name);
});

When('the app {string} stops', async function (this: DrillWorld, name: string) {
  await this.appRuns.stop(name);
});

When(
  'the app {string} resumes on {string} on {string} from {resume} and reads to the end',
  async function (this: DrillWorld, name: string, topic: string, alias: string, mode: AnyResumeMode) {
    await this.appRuns.resumes(name, topic, alias, mode);
  },
);

When(
  'the app {string} resumes on {string} on {string} translating its offsets itself and reads to the end',
  async function (this: DrillWorld, name: string, topic: string, alias: string) {
    await this.appRuns.resumes(name, topic, alias, 'itself');
  },
);

When('the app {string} restarts on {string} on {string} and reads to the end', async function (this: DrillWorld, name: string, topic: string, alias: string) {
  await this.appRuns.restarts(name, topic, alias);
});

When(
  'the app {string} reads {string} on {string} to the end as group {string}',
  async function (this: DrillWorld, name: string, topic: string, alias: string, group: string) {
    await this.appRuns.readsToEnd(name, topic, alias, group);
  },
);

Then("the app {string} re-read exactly what it had read past its group's last commit", function (this: DrillWorld, name: string) {
  progress(`the app "${name}" re-read exactly what it had read past its group's last commit:\n  ${this.appRuns.rereadExactlyPastCommit(name)}`);
});

When('the app {string} produces {int} records to {string} on {string}', async function (this: DrillWorld, name: string, count: number, topic: string, alias: string) {
  await this.appRuns.produces(name, count, topic, alias);
});

When('the app {string} produces {int} records\\/s to {string} on {string}', async function (this: DrillWorld, name: string, rate: number, topic: string, alias: string) {
  await this.appRuns.producesContinuously(name, rate, topic, alias);
});

When('the app {string} has written {int} records', async function (this: DrillWorld, name: string, count: number) {
  await this.appRuns.hasWritten(name, count);
});
