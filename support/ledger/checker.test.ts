import { test } from 'node:test';
import assert from 'node:assert/strict';
import { check, mergeValidity, zeroCounts } from './checker.ts';
import { Ledger, STAMP_PREFIX, type Origin, type Resume, type Session } from './ledger.ts';
import { formatVerdict, offsetRanges } from './verdict-format.ts';

const SRC = { cluster: 'es-src', topic: 'products' };
const TGT = { cluster: 'es-tgt', topic: 'es-src.products' };

/** A ledger with `count` records acked at offsets 0..count-1 of each partition (record n at offset n). */
function setup(count: number, partitions = 1): { ledger: Ledger; origin: Origin } {
  const ledger = new Ledger('run1');
  const origin = ledger.origin(SRC, partitions);
  for (let p = 0; p < partitions; p++) {
    if (count === 0) continue;
    const n = ledger.claim(origin, p, count);
    ledger.recordProduced(origin, p, { n, count, outcome: 'acked', offset: 0 });
  }
  return { ledger, origin };
}

const value = (ledger: Ledger, origin: Origin, p: number, n: number) => Buffer.from(`${STAMP_PREFIX}${ledger.stamp(origin, p, n)}","product_id":"P01"}`);
const range = (a: number, b: number) => Array.from({ length: b - a }, (_, i) => a + i);

/** One session of group g reading records n (at log offset n + shift) of partition p, then closing. */
function session(ledger: Ledger, origin: Origin, ns: number[], options: { where?: typeof SRC; p?: number; drained?: number[]; resume?: Resume; group?: string; shift?: number } = {}): Session {
  const s = ledger.newSession({ ...(options.where ?? SRC), group: options.group ?? 'g', origin, client: 'test', resume: options.resume });
  for (const n of ns) ledger.recordRead(s, options.p ?? 0, n + (options.shift ?? 0), value(ledger, origin, options.p ?? 0, n));
  ledger.finishSession(s, options.drained ?? []);
  return s;
}

const resumeAt = (implied: number, checkpoint = { upstream: 20, downstream: 20 - implied }): Resume => ({
  mode: 'synced',
  partitions: [{ partition: 0, startOffset: checkpoint.downstream, checkpoint, implied, justifiedFrom: checkpoint.downstream }],
});

test('a failover whose re-reads are what the checkpoint implies is valid', () => {
  const { ledger, origin } = setup(100);
  session(ledger, origin, range(0, 20));
  session(ledger, origin, range(5, 100), { where: TGT, drained: [0], resume: resumeAt(15) });
  const v = check(ledger);
  assert.equal(v.validity, 'valid');
  assert.deepEqual(v.counts, { ...zeroCounts(), duplicate: 15 });
  const [r] = v.groups[0]!.partitions[0]!.resumes;
  assert.deepEqual([r?.rereads, r?.implied, r?.excess], [15, 15, 0]);
});

test('a resumed group that re-reads more than its checkpoint implies re-read in excess, per partition', () => {
  const { ledger, origin } = setup(100);
  session(ledger, origin, range(0, 20));
  session(ledger, origin, range(0, 100), { where: TGT, drained: [0], resume: resumeAt(15) });
  const v = check(ledger);
  assert.equal(v.validity, 'invalid');
  assert.deepEqual(v.counts, { ...zeroCounts(), duplicate: 20, excess: 5 });
  assert.match(formatVerdict(v), /implies 15 re-read\(s\), 20 observed — 5 read below offset 5: the group started at 5, not where MM2 said/);
});

test('excess is judged by where the re-reads happened, not by the predicted count', () => {
  // MM2 was behind: the target holds 0–99 only, the checkpoint says 100, a prediction counting
  // origin offsets 100–149 would have allowed 50. A group that starts at 50 re-reads 50 records,
  // all below the offset MM2 gave.
  const { ledger, origin } = setup(150);
  session(ledger, origin, range(0, 150));
  const resume: Resume = { mode: 'synced', partitions: [{ partition: 0, startOffset: 50, checkpoint: { upstream: 150, downstream: 100 }, implied: 50, justifiedFrom: 100 }] };
  session(ledger, origin, range(50, 100), { where: TGT, drained: [0], resume });
  const v = check(ledger);
  assert.deepEqual(v.counts, { ...zeroCounts(), duplicate: 50, excess: 50 });
});

test('a re-read of an indeterminate record at or after the offset MM2 gave is justified', () => {
  const ledger = new Ledger('run1');
  const origin = ledger.origin(SRC, 1);
  ledger.recordProduced(origin, 0, { n: ledger.claim(origin, 0, 10), count: 10, outcome: 'acked', offset: 0 });
  ledger.recordProduced(origin, 0, { n: ledger.claim(origin, 0, 5), count: 5, outcome: 'indeterminate', error: 'timeout' });
  session(ledger, origin, range(0, 15));
  const resume: Resume = { mode: 'synced', partitions: [{ partition: 0, startOffset: 8, checkpoint: { upstream: 15, downstream: 8 }, implied: 2, justifiedFrom: 8 }] };
  session(ledger, origin, range(8, 15), { where: TGT, drained: [0], resume });
  assert.deepEqual(check(ledger).counts, { ...zeroCounts(), duplicate: 7 });
});

test('re-reads outside a resume are all excess', () => {
  const { ledger, origin } = setup(30);
  session(ledger, origin, range(0, 20));
  session(ledger, origin, range(10, 30), { drained: [0] });
  const v = check(ledger);
  assert.equal(v.validity, 'invalid');
  assert.deepEqual(v.counts, { ...zeroCounts(), duplicate: 10, excess: 10 });
  assert.deepEqual(v.groups[0]!.partitions[0]!.offsets.duplicate, range(10, 20));
});

test('unread records: skipped below the highest read, lost after a drain that began after the ack, unseen otherwise', () => {
  const { ledger, origin } = setup(100);
  session(ledger, origin, [...range(0, 20), ...range(50, 60)], { drained: [] });
  let v = check(ledger);
  assert.deepEqual(v.counts, { ...zeroCounts(), gap: 30, unseen: 40 });
  assert.equal(v.validity, 'invalid');
  const { ledger: l2, origin: o2 } = setup(100);
  session(l2, o2, range(0, 20));
  session(l2, o2, [], { where: TGT, drained: [0] });
  v = check(l2);
  assert.deepEqual(v.counts, { ...zeroCounts(), lost: 80 });
  assert.deepEqual(v.groups[0]!.partitions[0]!.offsets.lost.slice(0, 3), [20, 21, 22]);
  assert.match(formatVerdict(v), /lost 80 \(offsets 20–99\)/);
});

test('a drain that started before the ack does not make a record lost', () => {
  const ledger = new Ledger('run1');
  const origin = ledger.origin(SRC, 1);
  const s = ledger.newSession({ ...SRC, group: 'g', origin, client: 'test' });
  ledger.recordProduced(origin, 0, { n: ledger.claim(origin, 0, 5), count: 5, outcome: 'acked', offset: 0 });
  ledger.finishSession(s, [0]);
  assert.deepEqual(check(ledger).counts, { ...zeroCounts(), unseen: 5 });
});

test('reordering counts reads that go back within one session, not across sessions', () => {
  const { ledger, origin } = setup(20);
  session(ledger, origin, [...range(0, 20), ...range(10, 20)]);
  let v = check(ledger);
  assert.deepEqual(v.counts, { ...zeroCounts(), duplicate: 10, excess: 10, reordered: 1 });
  assert.deepEqual(v.groups[0]!.partitions[0]!.offsets.reordered, [10]);
  const { ledger: l2, origin: o2 } = setup(20);
  session(l2, o2, range(0, 20));
  session(l2, o2, range(0, 20), { where: TGT, resume: resumeAt(20, { upstream: 20, downstream: 0 }) });
  v = check(l2);
  assert.deepEqual(v.counts, { ...zeroCounts(), duplicate: 20 });
});

test('indeterminate records are never expected; read twice they are re-reads', () => {
  const ledger = new Ledger('run1');
  const origin = ledger.origin(SRC, 1);
  ledger.recordProduced(origin, 0, { n: ledger.claim(origin, 0, 10), count: 10, outcome: 'acked', offset: 0 });
  ledger.recordProduced(origin, 0, { n: ledger.claim(origin, 0, 5), count: 5, outcome: 'indeterminate', error: 'timeout' });
  session(ledger, origin, [...range(0, 10), 12, 12], { drained: [0] });
  const v = check(ledger);
  assert.deepEqual(v.counts, { ...zeroCounts(), duplicate: 1, excess: 1 });
  assert.equal(v.groups[0]!.partitions[0]!.acked, 10);
});

test('reads of other runs, other topics or other values are ignored and counted as unrelated', () => {
  const { ledger, origin } = setup(3);
  const other = ledger.origin({ cluster: 'es-src', topic: 'orders' }, 1);
  const s = ledger.newSession({ ...SRC, group: 'g', origin, client: 'test' });
  for (const n of range(0, 3)) ledger.recordRead(s, 0, n, value(ledger, origin, 0, n));
  ledger.recordRead(s, 0, 3, Buffer.from(`${STAMP_PREFIX}otherrun:0:0:1"}`));
  ledger.recordRead(s, 0, 4, Buffer.from('{"product_id":"P01"}'));
  ledger.recordRead(s, 0, 5, undefined);
  ledger.recordRead(s, 0, 6, value(ledger, other, 0, 0));
  ledger.finishSession(s, [0]);
  const v = check(ledger);
  assert.equal(v.validity, 'valid');
  assert.equal(v.groups[0]!.unrelated, 4);
});

test('acked records nobody read make the verdict unknown, and so does a ledger with nothing acked', () => {
  const { ledger, origin } = setup(10);
  const orders = ledger.origin({ cluster: 'es-src', topic: 'orders' }, 1);
  ledger.recordProduced(orders, 0, { n: ledger.claim(orders, 0, 4), count: 4, outcome: 'acked', offset: 0 });
  session(ledger, origin, range(0, 10), { drained: [0] });
  const v = check(ledger);
  assert.equal(v.validity, 'unknown');
  assert.deepEqual(v.unchecked, [{ origin: { cluster: 'es-src', topic: 'orders' }, acked: 4 }]);
  const empty = check(setup(0).ledger);
  assert.equal(empty.validity, 'unknown');
  assert.match(empty.error ?? '', /nothing to judge/);
  assert.match(formatVerdict(empty), /nothing to judge: no record was acked/);
});

test('partitions are judged apart', () => {
  const { ledger, origin } = setup(10, 3);
  session(ledger, origin, range(0, 10), { p: 0, drained: [0, 2] });
  session(ledger, origin, range(0, 4), { p: 1 });
  const v = check(ledger);
  assert.deepEqual(v.groups[0]!.partitions.map((p) => [p.partition, p.read, p.counts.lost, p.counts.unseen]), [[0, 10, 0, 0], [1, 4, 0, 6], [2, 0, 10, 0]]);
  assert.equal(v.counts.lost, 10);
  assert.equal(v.counts.unseen, 6);
});

test('read counts stay exact past 255 reads of one record', () => {
  const { ledger, origin } = setup(2);
  session(ledger, origin, [0, ...Array.from({ length: 299 }, () => 1)], { drained: [0] });
  const v = check(ledger);
  assert.equal(v.counts.duplicate, 298);
  assert.equal(ledger.groups.get('g')!.partitions.get('0:0')!.get(1), 299);
});

test('a million records cost about a byte each in the ledger', () => {
  const ledger = new Ledger('run1');
  const origin = ledger.origin(SRC, 1);
  for (let b = 0; b < 500; b++) ledger.recordProduced(origin, 0, { n: ledger.claim(origin, 0, 2000), count: 2000, outcome: 'acked', offset: b * 2000 });
  const s = ledger.newSession({ ...SRC, group: 'g', origin, client: 'test' });
  const counts = ledger.readCounts('g', origin, 0);
  for (let n = 0; n < 1_000_000; n++) counts.add(n);
  ledger.finishSession(s, [0]);
  assert.ok(ledger.bytes / 1_000_000 <= 2, `${ledger.bytes / 1_000_000} bytes per record`);
  assert.equal(check(ledger).validity, 'valid');
});

test('examples are capped and the verdict says so', () => {
  const { ledger, origin } = setup(1000);
  session(ledger, origin, range(0, 10));
  session(ledger, origin, [], { where: TGT, drained: [0] });
  const v = check(ledger);
  assert.equal(v.counts.lost, 990);
  assert.equal(v.groups[0]!.partitions[0]!.offsets.lost.length, 200);
  assert.match(formatVerdict(v), /lost 990 \(offsets 10–209, …\)/);
});

test('the stamp parser takes only well-formed stamps of its run', () => {
  const ledger = new Ledger('abc');
  assert.deepEqual(ledger.identify(Buffer.from(`${STAMP_PREFIX}abc:1:2:345","x":1}`)), [1, 2, 345]);
  assert.equal(ledger.identify(Buffer.from(`${STAMP_PREFIX}abc:1:2","x":1}`)), undefined);
  assert.equal(ledger.identify(Buffer.from(`${STAMP_PREFIX}abc:1:x:3","x":1}`)), undefined);
  assert.equal(ledger.identify(Buffer.from(`${STAMP_PREFIX}abd:1:2:3","x":1}`)), undefined);
});

test('invalid beats unknown beats valid', () => {
  assert.equal(mergeValidity('valid', 'unknown', 'invalid'), 'invalid');
  assert.equal(mergeValidity('valid', 'unknown'), 'unknown');
  assert.equal(mergeValidity('valid'), 'valid');
});

test('offset ranges are condensed', () => {
  assert.equal(offsetRanges([20, 21, 22, 40]), '20–22, 40');
  assert.equal(offsetRanges([1, 3, 5, 7, 9, 11, 13], 3), '1, 3, 5, …');
});

/** An audit of the target that found records `ns` of partition p once each. */
function audit(ledger: Ledger, origin: Origin, ns: number[], p = 0): void {
  const a = ledger.newAudit(origin, TGT.cluster, TGT.topic);
  for (const n of ns) assert.equal(ledger.audited(a, value(ledger, origin, p, n)), true);
}

test('unread records no audit of the target saw, beyond the last copied, are lost in flight: reported, not fatal', () => {
  const { ledger, origin } = setup(100);
  session(ledger, origin, range(0, 20));
  // MM2 had copied 0–69 when es-src died; the group resumes at 20 and reads 20–69.
  ledger.event('fault', 'every broker of es-src', 'killed (SIGKILL)', 'es-src');
  session(ledger, origin, range(20, 70), { where: TGT, drained: [0], resume: resumeAt(0) });
  audit(ledger, origin, range(0, 70));
  const v = check(ledger);
  assert.equal(v.validity, 'valid');
  assert.deepEqual(v.counts, { ...zeroCounts(), inflight: 30 });
  assert.equal(v.groups[0]!.partitions[0]!.offsets.inflight[0], 70);
  const [r] = v.recoveries;
  assert.equal(r?.inFlight, 30);
  // Each of them by partition, ledger number and origin offset: what a returning es-src still holds (orphaned writes).
  assert.deepEqual(r!.inFlightRecords.map((x) => [x.partition, x.offset]), range(70, 100).map((o) => [0, o]));
  assert.ok(r!.rpoMs >= 0 && r!.rtoMs! >= 0);
  assert.match(formatVerdict(v), /lost in flight 30 \(offsets 70–99\)/);
  assert.match(formatVerdict(v), /failover of group "g" from products on es-src to es-src.products on es-tgt: every broker of es-src killed \(SIGKILL\) at [\d:.]+; 30 acked record\(s\) never copied to es-tgt \(lost in flight; 30 of them unread by the group\)/);
});

test('records the group read on the origin but MM2 never copied are lost in flight for the data, not for the group', () => {
  const { ledger, origin } = setup(100);
  session(ledger, origin, range(0, 90));
  ledger.event('fault', 'every broker of es-src', 'killed (SIGKILL)', 'es-src');
  session(ledger, origin, range(60, 70), { where: TGT, drained: [0], resume: resumeAt(10, { upstream: 70, downstream: 60 }) });
  ledger.tailAudit(origin, TGT.cluster, TGT.topic, new Map([[0, { start: 60, end: 70, value: value(ledger, origin, 0, 69) }]]));
  const v = check(ledger);
  // 70–89 read on es-src, 90–99 never read: all 30 never reached es-tgt.
  assert.deepEqual(v.counts, { ...zeroCounts(), duplicate: 10, inflight: 10 });
  assert.deepEqual([v.recoveries[0]?.inFlight, v.recoveries[0]?.unreadInFlight], [30, 10]);
  assert.deepEqual(v.recoveries[0]!.inFlightRecords.map((x) => x.offset), range(70, 100), 'read on the origin or not, every record never copied is one');
});

test('an unread record an audit saw on the target is the group\'s loss, never in flight; without an audit nothing is in flight', () => {
  const { ledger, origin } = setup(100);
  session(ledger, origin, range(0, 20));
  session(ledger, origin, [], { where: TGT, drained: [0], resume: resumeAt(0) });
  assert.deepEqual(check(ledger).counts, { ...zeroCounts(), lost: 80 });
  audit(ledger, origin, range(0, 100));
  assert.deepEqual(check(ledger).counts, { ...zeroCounts(), lost: 80 });
});

test('a hole in the copy below records the target holds is not in flight: it stays skipped', () => {
  const { ledger, origin } = setup(100);
  session(ledger, origin, range(0, 20));
  session(ledger, origin, [...range(20, 40), ...range(50, 100)], { where: TGT, drained: [0], resume: resumeAt(0) });
  audit(ledger, origin, [...range(0, 40), ...range(50, 100)]);
  assert.deepEqual(check(ledger).counts, { ...zeroCounts(), gap: 10 });
});

test('a second copy read further on in the same log is a copy, not the group\'s re-read; going back is a re-read', () => {
  const { ledger, origin } = setup(10);
  // The target holds 0–9 and then 5–9 again (a restarted MM2): offsets 0–14.
  const s = ledger.newSession({ ...TGT, group: 'g', origin, client: 'test' });
  [...range(0, 10), ...range(5, 10)].forEach((n, offset) => ledger.recordRead(s, 0, offset, value(ledger, origin, 0, n)));
  ledger.finishSession(s, [0]);
  let v = check(ledger);
  assert.equal(v.validity, 'valid');
  assert.deepEqual(v.counts, { ...zeroCounts(), copy: 5 });
  // The examples say which records were read twice from the log, and none is called a re-read.
  assert.deepEqual(v.groups[0]!.partitions[0]!.offsets.copy, [5, 6, 7, 8, 9]);
  assert.deepEqual(v.groups[0]!.partitions[0]!.offsets.duplicate, []);
  // A later session of the group that starts over at offset 0 re-reads: excess, as any re-read outside a resume.
  session(ledger, origin, range(0, 3), { where: TGT });
  v = check(ledger);
  assert.deepEqual(v.counts, { ...zeroCounts(), copy: 5, duplicate: 3, excess: 3 });
  assert.deepEqual(v.groups[0]!.partitions[0]!.offsets.duplicate, [0, 1, 2]);
});

test('lost in flight follows offsets, not produce order: two producers interleaved on one partition', () => {
  const ledger = new Ledger('run1');
  const origin = ledger.origin(SRC, 1);
  ledger.claim(origin, 0, 300);
  // n 100–199 at offsets 0–99, n 200–299 at 100–199, n 0–99 at 200–299.
  ledger.recordProduced(origin, 0, { n: 100, count: 100, outcome: 'acked', offset: 0 });
  ledger.recordProduced(origin, 0, { n: 200, count: 100, outcome: 'acked', offset: 100 });
  ledger.recordProduced(origin, 0, { n: 0, count: 100, outcome: 'acked', offset: 200 });
  ledger.event('fault', 'every broker of es-src', 'killed (SIGKILL)', 'es-src');
  // The target holds offsets 0–149: n 100–199 and 200–249; the last record there is n 249.
  const s = ledger.newSession({ ...TGT, group: 'g', origin, client: 'test' });
  [...range(100, 200), ...range(200, 250)].forEach((n, offset) => ledger.recordRead(s, 0, offset, value(ledger, origin, 0, n)));
  ledger.finishSession(s, [0]);
  ledger.tailAudit(origin, TGT.cluster, TGT.topic, new Map([[0, { start: 0, end: 150, value: value(ledger, origin, 0, 249) }]]));
  const v = check(ledger);
  assert.deepEqual(v.counts, { ...zeroCounts(), inflight: 150 });
  assert.equal(v.validity, 'valid');
});

test('a target log emptied before the move tells nothing: its unread records stay the group\'s loss, and the failover is unaudited', () => {
  const { ledger, origin } = setup(100);
  session(ledger, origin, range(0, 20));
  ledger.event('fault', 'every broker of es-src', 'killed (SIGKILL)', 'es-src');
  session(ledger, origin, [], { where: TGT, drained: [0], resume: resumeAt(0) });
  ledger.tailAudit(origin, TGT.cluster, TGT.topic, new Map([[0, { start: 100, end: 100 }]]));
  const v = check(ledger);
  assert.deepEqual(v.counts, { ...zeroCounts(), lost: 80 });
  assert.equal(v.recoveries[0]?.audited, false);
});

test('records acked after the group moved were not in flight at the move', () => {
  const { ledger, origin } = setup(100);
  session(ledger, origin, range(0, 100));
  session(ledger, origin, [], { where: TGT, drained: [0], resume: resumeAt(0, { upstream: 100, downstream: 100 }) });
  ledger.tailAudit(origin, TGT.cluster, TGT.topic, new Map([[0, { start: 0, end: 100, value: value(ledger, origin, 0, 99) }]]));
  const n = ledger.claim(origin, 0, 50);
  ledger.recordProduced(origin, 0, { n, count: 50, outcome: 'acked', offset: 100 });
  const v = check(ledger);
  assert.equal(v.recoveries[0]?.inFlight, 0);
  assert.equal(v.counts.inflight, 0);
  assert.equal(v.counts.unseen, 50);
});

/** 60 records committed at offsets 0–59 (a marker after each 10 is skipped here), 30 aborted after them, 40 committed after those. */
function withAbortedTransaction(): { ledger: Ledger; origin: Origin } {
  const ledger = new Ledger('run1');
  const origin = ledger.origin(SRC, 1);
  ledger.recordProduced(origin, 0, { n: ledger.claim(origin, 0, 60), count: 60, outcome: 'acked', offset: 0 });
  ledger.recordProduced(origin, 0, { n: ledger.claim(origin, 0, 30), count: 30, outcome: 'aborted' });
  ledger.recordProduced(origin, 0, { n: ledger.claim(origin, 0, 40), count: 40, outcome: 'acked', offset: 91 });
  return { ledger, origin };
}

test('records of an aborted transaction are never expected: a read_committed group that skips them is valid', () => {
  const { ledger, origin } = withAbortedTransaction();
  session(ledger, origin, [...range(0, 60), ...range(90, 130)], { drained: [0] });
  const v = check(ledger);
  assert.equal(v.validity, 'valid');
  assert.deepEqual(v.counts, zeroCounts());
  assert.equal(ledger.produceOutcomes().aborted, 30);
});

test('each read of a record of an aborted transaction is an aborted read, not a re-read, and makes the verdict invalid', () => {
  const { ledger, origin } = withAbortedTransaction();
  session(ledger, origin, range(0, 130), { drained: [0] });
  session(ledger, origin, range(60, 70), { group: 'g' });
  const v = check(ledger);
  assert.equal(v.validity, 'invalid');
  assert.equal(v.counts.aborted, 40);
  assert.equal(v.counts.gap + v.counts.lost + v.counts.unseen, 0);
  assert.match(formatVerdict(v), /aborted read 40/);
});

test('records in a stretch MM2 skipped, below the source log start, are removed at the source, not skipped by the group', () => {
  const { ledger, origin } = setup(200);
  session(ledger, origin, range(0, 100));
  ledger.logStart({ origin, partition: 0, cluster: 'es-src', topic: 'products', start: 150, how: 'test' });
  ledger.mirrorSkip({ origin, partition: 0, from: 100, to: 150, before: { upstream: 99, downstream: 99 }, after: { upstream: 150, downstream: 100 }, logStart: 150, flow: 'es-src → es-tgt' });
  // The group reads the copy: 150..199 at target offsets 100..149.
  session(ledger, origin, range(150, 200), { where: TGT, shift: -50, drained: [0] });
  const v = check(ledger);
  assert.equal(v.counts.removed, 50);
  assert.equal(v.counts.gap, 0);
  assert.equal(v.validity, 'valid');
  assert.deepEqual(v.groups[0]!.partitions[0]!.offsets.removed.slice(0, 2), [100, 101]);
});

test('a stretch MM2 skipped that the source still holds is no removal: the group skipping it is a gap', () => {
  const { ledger, origin } = setup(200);
  session(ledger, origin, range(0, 100));
  ledger.mirrorSkip({ origin, partition: 0, from: 100, to: 150, before: { upstream: 99, downstream: 99 }, after: { upstream: 150, downstream: 100 }, logStart: 0, flow: 'es-src → es-tgt' });
  session(ledger, origin, range(150, 200), { where: TGT, shift: -50, drained: [0] });
  const v = check(ledger);
  assert.equal(v.counts.removed, 0);
  assert.equal(v.counts.gap, 50);
  assert.equal(v.validity, 'invalid');
});

test('copies the target removed before the group read them are removed on the target', () => {
  const { ledger, origin } = setup(100);
  session(ledger, origin, range(0, 20));
  ledger.logStart({ origin, partition: 0, cluster: 'es-tgt', topic: 'es-src.products', start: 60, firstOrigin: 60, how: 'test' });
  session(ledger, origin, range(60, 100), { where: TGT, drained: [0] });
  const v = check(ledger);
  assert.equal(v.counts.expired, 40);
  assert.equal(v.counts.gap, 0);
});

test('a partition the group read but never committed upstream re-reads from where it starts: its own at-least-once, not excess', () => {
  // Partition 0 committed and checkpointed at 20; partition 1 read to 30 and never committed
  // (an auto-commit consumer killed within its interval): nothing for MM2 to checkpoint.
  const { ledger, origin } = setup(40, 2);
  session(ledger, origin, range(0, 20));
  session(ledger, origin, range(0, 30), { p: 1 });
  const resume: Resume = {
    mode: 'synced',
    partitions: [
      { partition: 0, startOffset: 20, checkpoint: { upstream: 20, downstream: 20 }, implied: 0, justifiedFrom: 20 },
      { partition: 1, startOffset: 0, implied: 0, neverCommitted: true, justifiedFrom: 0 },
    ],
  };
  const s = ledger.newSession({ ...TGT, group: 'g', origin, client: 'test', resume });
  for (const n of range(20, 40)) ledger.recordRead(s, 0, n, value(ledger, origin, 0, n));
  for (const n of range(0, 40)) ledger.recordRead(s, 1, n, value(ledger, origin, 1, n));
  ledger.finishSession(s, [0, 1]);
  const v = check(ledger);
  assert.equal(v.validity, 'valid');
  assert.deepEqual(v.counts, { ...zeroCounts(), duplicate: 30 });
  assert.match(formatVerdict(v), /never committed it upstream, so there was nothing to checkpoint; started at 0; its re-reads from there are its own at-least-once, 30 observed/);
});
