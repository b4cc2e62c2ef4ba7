import { Then } from '@cucumber/cucumber';
import { ANOMALIES, type Anomaly, type PartitionResult, type Verdict } from '../support/ledger/checker.ts';
import { ANOMALY_WORDS, describeResume } from '../support/ledger/verdict-format.ts';
import { VerdictMismatch } from '../support/errors.ts';
import type { DrillWorld } from '../support/world.ts';

/**
 * Asserts on the verdict; a failure message carries the whole verdict, per partition, with
 * the offsets behind each anomaly (a diff of true/false would say nothing).
 */
function expectVerdict(world: DrillWorld, ok: (v: Verdict) => boolean, headline: string, detail?: (v: Verdict) => string): void {
  const verdict = world.verdict();
  const log = world.dir ? `${world.dir}/verdict.txt` : undefined;
  if (verdict.validity === 'unknown') {
    throw new VerdictMismatch(`${headline}, but the checker could not judge this history:\n${world.describe(verdict)}`, { log });
  }
  if (!ok(verdict)) throw new VerdictMismatch(`${headline}, but:\n${detail ? `${detail(verdict)}\n` : ''}${world.describe(verdict)}`, { log });
}

const partitions = (v: Verdict): PartitionResult[] => v.groups.flatMap((g) => g.partitions);

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

Then("re-reads stay within what MM2's checkpoints imply", function (this: DrillWorld) {
  expectVerdict(
    this,
    (v) => v.counts.excess === 0 && partitions(v).some((p) => p.resumes.some((r) => r.checkpoint)),
    "expected every re-read to be one that MM2's checkpoint implies (a group resumed from a checkpoint, and re-read nothing beyond it)",
    (v) =>
      partitions(v).some((p) => p.resumes.some((r) => r.checkpoint))
        ? `${v.counts.excess} re-read(s) beyond what the checkpoints imply`
        : 'no group resumed from an MM2 checkpoint, so there is nothing this step could hold the re-reads against',
  );
});

Then('each partition re-reads at most {int} record(s)', function (this: DrillWorld, bound: number) {
  expectVerdict(
    this,
    (v) => partitions(v).every((p) => p.counts.duplicate <= bound),
    `expected at most ${bound} re-read(s) per partition (the bound this scenario states)`,
    (v) =>
      partitions(v)
        .filter((p) => p.counts.duplicate > bound)
        .map((p) => {
          const why = p.resumes.filter((r) => r.checkpoint && r.rereads > 0 && r.excess === 0);
          const mm2 = why.length
            ? ` — this is MM2's offset translation, not a consumer error: ${why.map(describeResume).join('; ')}`
            : '';
          return `${p.origin.topic} partition ${p.partition}: ${p.counts.duplicate} re-read(s)${mm2}`;
        })
        .join('\n'),
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

Then(
  'the copy of {string} on {string} misses {int} acked record(s) and has at most {int} duplicate(s)',
  async function (this: DrillWorld, topic: string, target: string, missing: number, duplicated: number) {
    const audit = await this.auditTarget(topic, target);
    if (audit.missing !== missing || audit.duplicated > duplicated) {
      throw new VerdictMismatch(
        `expected the copy of ${topic} on ${target} to miss exactly ${missing} and duplicate at most ${duplicated} acked record(s), but it misses ${audit.missing} and duplicates ${audit.duplicated}${audit.detail.length ? `:\n  ${audit.detail.join('\n  ')}` : ''}`,
      );
    }
  },
);

Then(
  'the copy of {string} on {string} misses {int} acked record(s) and has {int} duplicate(s)',
  async function (this: DrillWorld, topic: string, target: string, missing: number, duplicated: number) {
    const audit = await this.auditTarget(topic, target);
    if (audit.missing !== missing || audit.duplicated !== duplicated) {
      throw new VerdictMismatch(
        `expected the copy of ${topic} on ${target} to miss exactly ${missing} and duplicate exactly ${duplicated} acked record(s), but it misses ${audit.missing} and duplicates ${audit.duplicated}${audit.detail.length ? `:\n  ${audit.detail.join('\n  ')}` : ''}`,
      );
    }
  },
);
