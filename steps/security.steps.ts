import { Given, Then, type DataTable } from '@cucumber/cucumber';
import type { DrillWorld } from '../support/world.ts';

Given('the apps trust a CA no cluster uses', async function (this: DrillWorld) {
  await this.apps.trustForeignCa();
});

Then(
  'MirrorMaker 2 mirroring {string} from {string} to {string} fails to authenticate to {string}, its log saying {string}, with:',
  async function (this: DrillWorld, topic: string, source: string, target: string, cluster: string, saying: string, table: DataTable) {
    const message = await this.verdict.expectMirrorAuthFailure([topic], source, target, cluster, saying, Object.fromEntries(table.raw().map(([k, v]) => [k ?? '', v ?? ''])));
    this.attach(message, 'text/plain');
  },
);

Then('group {string} reading {string} on {string} fails with a {word} error saying {string}', async function (this: DrillWorld, group: string, topic: string, alias: string, kind: string, saying: string) {
  if (kind !== 'TLS' && kind !== 'SASL') throw new Error(`"${kind}" is not an error kind this step knows: write TLS or SASL`);
  const message = await this.verdict.expectReadRefused(group, topic, alias, kind, saying);
  this.attach(message, 'text/plain');
});
