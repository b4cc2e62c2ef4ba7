import { Then } from '@cucumber/cucumber';
import { ANOMALIES, type Anomaly, type PartitionResult, type Recovery, type Verdict } from '../support/ledger/checker.ts';
import { ANOMALY_WORDS, describeRecovery, describeResume } from '../support/ledger/verdict-format.ts';
import type { LagSample, LagSampler } from '../support/mirror/lag-sampler.ts';
import { VerdictMismatch } from '../support/errors.ts';
import type { DrillWorld } from '../support/world.ts';

/**
 * Asserts on the verdict; a failure message carries the whole verdict, per partition, with
 * the offsets behind each anomaly (a diff of true/false would say nothing).
 */
function expectVerdict(world: DrillWorld, ok: (v: Verdict) => boolean, headline: string, detail?: (v: Verdict) => string): void {
  const verdict = world.verdict.verdict();
  const log = world.dir ? `${world.dir}/verdict.txt` : undefined;
  if (verdict.validity === 'unknown') {
    throw new VerdictMismatch(`${headline}, but the checker could not judge this history:\n${world.verdict.describe(verdict)}`, { log });
  }
  if (!ok(verdict)) throw new VerdictMismatch(`${headline}, but:\n${detail ? `${detail(verdict)}\n` : ''}${world.verdict.describe(verdict)}`, { log });
}

const partitions = (v: Verdict): PartitionResult[] => v.groups.flatMap((g) => g.partitions);

Then('the verdict is {validity}', function (this: DrillWorld, validity: 'valid' | 'invalid') {
  expectVerdict(this, (v) => v.validity === validity, `expected the verdict to be ${validity}`);
});

Then('no acked record is lost or skipped', function (this: DrillWorld) {
  expectVerdict(
    this,
    (v) => v.counts.lost === 0 && v.counts.gap === 0 && v.counts.unseen === 0 && v.counts.reordered === 0 && v.counts.inflight === 0 && v.counts.removed === 0 && v.counts.expired === 0,
    'expected every acked record to be read, in order, with none lost (in flight or by the group), removed, skipped or left unread',
    (v) =>
      [
        v.counts.inflight > 0
          ? `${v.counts.inflight} acked record(s) were lost in flight (never copied before the group moved); if asynchronous replication's loss is accepted here, write "no acked record is lost or skipped by the group" and bound it with "at most N acked records are lost in flight"`
          : '',
        v.counts.removed > 0
          ? `${v.counts.removed} acked record(s) were removed from the source before MM2 copied them (its log start passed them while MM2 was behind); assert it with "the checker reports exactly ${v.counts.removed} removed records"`
          : '',
        v.counts.expired > 0 ? `${v.counts.expired} acked record(s) were removed from the copy on the target before the group read them (the target's log start passed them)` : '',
      ]
        .filter(Boolean)
        .join('\n'),
  );
});

Then('no acked record is lost or skipped by the group', function (this: DrillWorld) {
  expectVerdict(
    this,
    (v) => v.counts.lost === 0 && v.counts.gap === 0 && v.counts.unseen === 0 && v.counts.reordered === 0,
    'expected the group to read every acked record that reached where it read, in order, with none lost, skipped or left unread',
  );
});

/** The failovers of this scenario, or a failure saying there was none (a bound over no failover proves nothing). */
function recoveries(world: DrillWorld, what: string): Recovery[] {
  const verdict = world.verdict.verdict();
  if (verdict.recoveries.length === 0) {
    throw new VerdictMismatch(`${what} is measured when a group moves to a mirrored topic, and no group did in this scenario`, {
      hint: 'resume a group first: When group "products-consumer" resumes on "es-src.products" on "es-tgt" from the offsets MM2 synced and reads to the end',
    });
  }
  const unaudited = verdict.recoveries.find((r) => !r.audited);
  if (unaudited) {
    throw new VerdictMismatch(`${what} cannot be told for group "${unaudited.group}": what ${unaudited.to.cluster} held of ${unaudited.origin.topic} when it moved is unknown (a partition of ${unaudited.to.topic} was emptied, and no earlier audit saw its records)`, {
      hint: 'audit the copy before deleting records there: Then the copy of "products" on "es-tgt" misses 0 acked records and has 0 duplicates',
    });
  }
  return verdict.recoveries;
}

const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** Acked records lost in flight over every failover of the scenario. */
const lostInFlight = (world: DrillWorld): number => recoveries(world, 'loss in flight').reduce((n, r) => n + r.inFlight, 0);

/** The failover with the highest RPO. */
const worstRpo = (world: DrillWorld): Recovery => recoveries(world, 'the RPO').reduce((a, b) => (b.rpoMs > a.rpoMs ? b : a));

Then('at most {int} acked record(s) is/are lost in flight', function (this: DrillWorld, bound: number) {
  const lost = lostInFlight(this);
  if (lost > bound) throw new VerdictMismatch(`expected at most ${bound} acked record(s) lost in flight, but ${lost} were:\n${this.verdict.describe(this.verdict.verdict())}`);
});

Then('at least {int} acked record(s) is/are lost in flight', function (this: DrillWorld, floor: number) {
  const lost = lostInFlight(this);
  if (lost < floor) throw new VerdictMismatch(`expected at least ${floor} acked record(s) lost in flight, but ${lost} were:\n${this.verdict.describe(this.verdict.verdict())}`);
});

/**
 * Records at risk: acked on the source but not on the target yet when the fault took the source
 * down (the lag sample taken at the fault). Some of them may still arrive (a fetch answered before
 * the fault but delayed on the link); what never does is lost in flight.
 */
Then('at least {int} acked record(s) was/were not on {string} yet when the source was lost', function (this: DrillWorld, floor: number, target: string) {
  const atFault = this.failover.lagSamplers(target).flatMap((l) => (l.atFault ? [{ l, s: l.atFault }] : []));
  if (atFault.length === 0) {
    throw new VerdictMismatch(
      `no replication lag into ${target} was sampled at a fault: this step needs producers running (When producers write …) and a step that takes every broker of the source down`,
    );
  }
  const atRisk = atFault.reduce((n, x) => n + x.s.records, 0);
  if (atRisk < floor) {
    throw new VerdictMismatch(
      `expected at least ${floor} acked record(s) not on ${target} yet when the source was lost, but ${atRisk} were: ${atFault.map((x) => `${x.l.remote}: ${lagLine(x.s)}`).join('; ')}`,
    );
  }
});

Then('at least {int} produced record(s) is/are indeterminate', function (this: DrillWorld, floor: number) {
  const counts = this.ledger.produceOutcomes();
  if (counts.indeterminate < floor) {
    throw new VerdictMismatch(`expected at least ${floor} produced record(s) with no answer (indeterminate), but ${counts.indeterminate} were (${counts.acked} acked, ${counts.failed} failed)`);
  }
});

Then('the RPO is at most {int} second(s)', function (this: DrillWorld, bound: number) {
  const worst = worstRpo(this);
  if (worst.rpoMs > bound * 1000) throw new VerdictMismatch(`expected an RPO of at most ${bound} s, but it was ${secs(worst.rpoMs)}: ${describeRecovery(worst)}`);
});

Then('the RPO is more than {int} second(s)', function (this: DrillWorld, bound: number) {
  const worst = worstRpo(this);
  if (worst.rpoMs <= bound * 1000) throw new VerdictMismatch(`expected an RPO of more than ${bound} s, but it was ${secs(worst.rpoMs)}: ${describeRecovery(worst)}`);
});

/** The slowest recovery; a group that read nothing on the target has no RTO to hold. */
function slowest(world: DrillWorld): Recovery & { rtoMs: number } {
  const all = recoveries(world, 'the RTO');
  const none = all.find((r) => r.rtoMs === undefined);
  if (none) throw new VerdictMismatch(`group "${none.group}" read nothing on ${none.to.cluster}, so its RTO (fault to first read there) is unknown: ${describeRecovery(none)}`);
  return all.reduce((a, b) => (b.rtoMs! > a.rtoMs! ? b : a)) as Recovery & { rtoMs: number };
}

Then('the group resumes on the target within {int} second(s)', function (this: DrillWorld, bound: number) {
  const worst = slowest(this);
  if (worst.rtoMs > bound * 1000) throw new VerdictMismatch(`expected the group to read on the target within ${bound} s of the fault (RTO), but it took ${secs(worst.rtoMs)}: ${describeRecovery(worst)}`);
});

Then('the RTO is more than {int} second(s)', function (this: DrillWorld, bound: number) {
  const worst = slowest(this);
  if (worst.rtoMs <= bound * 1000) throw new VerdictMismatch(`expected an RTO of more than ${bound} s, but it was ${secs(worst.rtoMs)}: ${describeRecovery(worst)}`);
});

/** The lag samplers of the flows into a target, each with at least 3 samples, none unmeasured. */
function lagSamples(world: DrillWorld, target: string): LagSampler[] {
  const samplers = world.failover.lagSamplers(target);
  if (samplers.length === 0) {
    throw new VerdictMismatch(`no replication lag to ${target} was sampled in this scenario`, {
      hint: 'the lag is sampled every second while producers started with "producers write N records/s" run, for every flow that carries their topic',
    });
  }
  for (const l of samplers) {
    if (l.samples.length < 3) {
      throw new VerdictMismatch(`the replication lag of ${l.remote} (${l.flow}) was sampled ${l.samples.length} time(s): too few to hold a bound`, {
        hint: 'let the producers write for a few seconds',
      });
    }
    const failed = l.samples.filter((s) => s.error);
    if (failed.length) throw new VerdictMismatch(`the replication lag of ${l.remote} (${l.flow}) could not be measured ${failed.length} time(s) of ${l.samples.length}: ${failed[0]!.error}`);
  }
  return samplers;
}

const lagLine = (s: LagSample) => `${new Date(s.time).toISOString().slice(11, 19)} ${secs(s.ms)} (${s.records} record(s)${s.partitions.length > 1 ? `; ${s.partitions.filter((p) => p.records).map((p) => `partition ${p.partition}: ${p.records}, ${secs(p.ms)}`).join(', ')}` : ''})`;

Then('replication lag to {string} stays under {int} second(s)', function (this: DrillWorld, target: string, bound: number) {
  for (const { flow, remote, samples } of lagSamples(this, target)) {
    const over = samples.filter((s) => s.ms >= bound * 1000);
    if (over.length) {
      const worst = over.reduce((a, b) => (b.ms > a.ms ? b : a));
      throw new VerdictMismatch(`expected the replication lag of ${remote} (${flow}) to stay under ${bound} s, but ${over.length} of ${samples.length} samples were over; the worst: ${lagLine(worst)}`);
    }
  }
});

Then('replication lag to {string} rose above {int} second(s)', function (this: DrillWorld, target: string, bound: number) {
  const all = lagSamples(this, target).flatMap((l) => l.samples);
  const worst = all.reduce((a, b) => (b.ms > a.ms ? b : a));
  if (worst.ms <= bound * 1000) throw new VerdictMismatch(`expected the replication lag to ${target} to rise above ${bound} s, but the highest of ${all.length} samples was ${lagLine(worst)}`);
});

Then("re-reads stay within what MM2's checkpoints imply", function (this: DrillWorld) {
  expectVerdict(
    this,
    (v) => v.counts.excess === 0 && partitions(v).some((p) => p.resumes.some((r) => r.checkpoint || r.untranslatable)),
    "expected every re-read to be one that MM2's checkpoint implies (a group resumed from a checkpoint, or from the log start where MM2 cannot translate its commit, and re-read nothing beyond it)",
    (v) =>
      partitions(v).some((p) => p.resumes.some((r) => r.checkpoint || r.untranslatable))
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
  this.verdict.asserted.add(anomaly);
  expectVerdict(this, (v) => v.counts[anomaly] === count, `expected exactly ${count} ${ANOMALY_WORDS[anomaly]} record(s)`);
});

Then('the checker reports no other anomaly', function (this: DrillWorld) {
  const others = ANOMALIES.filter((a) => !this.verdict.asserted.has(a));
  expectVerdict(this, (v) => others.every((a) => v.counts[a] === 0), `expected no ${others.map((a) => ANOMALY_WORDS[a]).join(', ')} records`);
});

Then(
  'the copy of {string} on {string} misses {int} acked record(s) and has at most {int} duplicate(s)',
  async function (this: DrillWorld, topic: string, target: string, missing: number, duplicated: number) {
    const audit = await this.audit.auditTarget(topic, target);
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
    const audit = await this.audit.auditTarget(topic, target);
    if (audit.missing !== missing || audit.duplicated !== duplicated) {
      throw new VerdictMismatch(
        `expected the copy of ${topic} on ${target} to miss exactly ${missing} and duplicate exactly ${duplicated} acked record(s), but it misses ${audit.missing} and duplicates ${audit.duplicated}${audit.detail.length ? `:\n  ${audit.detail.join('\n  ')}` : ''}`,
      );
    }
  },
);

Then('{string} is back holding exactly {int} orphaned write(s) of {string}', async function (this: DrillWorld, alias: string, count: number, topic: string) {
  await this.verdict.expectOrphanedWrites(count, alias, topic);
});

Then(
  'the committed offset of group {string} on partition {int} of {string} on {string} is {int}',
  async function (this: DrillWorld, group: string, partition: number, topic: string, alias: string, offset: number) {
    await this.verdict.expectCommittedOffset(group, partition, topic, alias, offset);
  },
);

Then(
  'group {string} has no committed offset on partition {int} of {string} on {string}',
  async function (this: DrillWorld, group: string, partition: number, topic: string, alias: string) {
    await this.verdict.expectCommittedOffset(group, partition, topic, alias, undefined);
  },
);

Then(
  'the committed offset of group {string} on partition {int} of {string} on {string} stays {int} for {int} second(s)',
  async function (this: DrillWorld, group: string, partition: number, topic: string, alias: string, offset: number, seconds: number) {
    await this.verdict.expectCommittedOffsetStays(group, partition, topic, alias, offset, seconds);
  },
);

Then(
  'the copy of {string} on {string} misses {int} acked record(s) and has as many duplicates as MirrorMaker 2 had copied past its committed source offsets',
  async function (this: DrillWorld, topic: string, target: string, missing: number) {
    const { ok, message } = await this.audit.auditAgainstPastCommitted(topic, target, missing);
    if (!ok) throw new VerdictMismatch(message);
  },
);

Then(
  'read read_uncommitted, the copy of {string} on {string} misses {int} acked record(s) and its only extra copies are the records of aborted transactions',
  async function (this: DrillWorld, topic: string, target: string, missing: number) {
    const a = await this.audit.auditUncommitted(topic, target);
    if (a.missing !== missing || a.duplicated !== a.aborted) {
      throw new VerdictMismatch(
        `expected the copy of ${topic} on ${target}, read read_uncommitted, to miss exactly ${missing} acked record(s) and to hold one extra copy for each of the ${a.aborted} record(s) only a read_uncommitted reader gets (${a.uncommitted} read_uncommitted, ${a.committed} read_committed), but it misses ${a.missing} and holds ${a.duplicated} extra cop${a.duplicated === 1 ? 'y' : 'ies'}:\n  ${a.detail.join('\n  ')}`,
      );
    }
  },
);

Then('the last stable offset of {string} on {string} has passed what was open when it was timed', async function (this: DrillWorld, topic: string, cluster: string) {
  await this.stableOffsets.passed(topic, cluster);
});
Then(
  'every record produced to {string} on {string} is in {string} on {string} at least {int} time(s), each copy identical to the original',
  async function (this: DrillWorld, topic: string, origin: string, viewed: string, alias: string, times: number) {
    await this.audit.expectCopies(topic, origin, viewed, alias, times);
  },
);
