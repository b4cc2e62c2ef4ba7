import { Then } from '@cucumber/cucumber';
import { assert } from 'chai';
import { ANOMALIES, type Anomaly } from '../support/ledger/checker.ts';
import { ANOMALY_WORDS } from '../support/ledger/verdict-format.ts';
import { VerdictMismatch } from '../support/errors.ts';
import type { DrillWorld } from '../support/world.ts';

/**
 * Asserts on the verdict; a failure message carries the whole verdict, per partition, with
 * the offsets behind each anomaly (a diff of true/false would say nothing).
 */
function expectVerdict(world: DrillWorld, ok: (v: ReturnType<DrillWorld['verdict']>) => boolean, headline: string): void {
  const verdict = world.verdict();
  if (verdict.validity === 'unknown') {
    throw new VerdictMismatch(`${headline}, but the checker could not judge this history:\n${world.describe(verdict)}`, { log: world.dir ? `${world.dir}/verdict.txt` : undefined });
  }
  if (!ok(verdict)) throw new VerdictMismatch(`${headline}, but:\n${world.describe(verdict)}`, { log: world.dir ? `${world.dir}/verdict.txt` : undefined });
}

Then('the verdict is {validity}', function (this: DrillWorld, validity: 'valid' | 'invalid') {
  expectVerdict(this, (v) => v.validity === validity, `expected the verdict to be ${validity}`);
});

Then('no acked record is lost or skipped', function (this: DrillWorld) {
  expectVerdict(
    this,
    (v) => v.counts.lost === 0 && v.counts.gap === 0 && v.counts.unseen === 0 && v.counts.reordered === 0,
    'expected every acked record to be read, in order, with none lost, skipped or left unread',
  );
});

Then('each partition re-reads at most {int} record(s)', function (this: DrillWorld, bound: number) {
  this.tolerateRereads(bound, 'the bound this scenario states');
  expectVerdict(this, (v) => v.groups.every((g) => g.partitions.every((p) => p.counts.duplicate <= bound)), `expected at most ${bound} re-read(s) per partition`);
});

Then("each partition re-reads at most MM2's offset.lag.max records", function (this: DrillWorld) {
  const bound = this.bound();
  assert.isDefined(bound, 'no group resumed through a MirrorMaker 2 flow, so there is no offset.lag.max bound to apply');
  expectVerdict(
    this,
    (v) => v.groups.every((g) => g.partitions.every((p) => p.counts.duplicate <= bound!.perPartition)),
    `expected at most ${bound!.perPartition} re-read(s) per partition (${bound!.reason})`,
  );
});

Then('the checker reports exactly {int} {anomaly} record(s)', function (this: DrillWorld, count: number, anomaly: Anomaly) {
  this.asserted.add(anomaly);
  expectVerdict(this, (v) => v.counts[anomaly] === count, `expected exactly ${count} ${ANOMALY_WORDS[anomaly]} record(s)`);
});

Then('the checker reports no other anomaly', function (this: DrillWorld) {
  const others = ANOMALIES.filter((a) => !this.asserted.has(a));
  expectVerdict(this, (v) => others.every((a) => v.counts[a] === 0), `expected no ${others.map((a) => ANOMALY_WORDS[a]).join(', ')} records`);
});

