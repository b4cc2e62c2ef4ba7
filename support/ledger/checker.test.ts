import { test } from 'node:test';
import assert from 'node:assert/strict';
import { check, mergeValidity, type Verdict } from './checker.ts';
import { recordId, type History, type ProducedRecord, type ReadRecord, type SessionRecord } from './ledger.ts';
import { formatVerdict, offsetRanges } from './verdict-format.ts';

const SRC = { cluster: 'es-src', topic: 'products' };
const TGT = { cluster: 'es-tgt', topic: 'es-src.products' };

/** n acked records on one partition, offsets 0..n-1, one key per record. */
function produced(n: number, partition = 0, outcome: ProducedRecord['outcome'] = 'acked', from = 0): ProducedRecord[] {
  return Array.from({ length: n }, (_, i) => ({
    ...SRC,
    id: recordId(`P${partition}-${from + i}`, 0),
    key: `P${partition}-${from + i}`,
    seq: 0,
    partition,
    offset: outcome === 'acked' ? from + i : undefined,
    outcome,
    at: 0,
  }));
}

function reads(records: ProducedRecord[], offsets: number[], session: number, where = SRC, group = 'g'): ReadRecord[] {
  return offsets.map((o) => {
    const r = records.find((x) => x.offset === o);
    if (!r) throw new Error(`no record at ${o}`);
    return { ...where, group, session, partition: r.partition, offset: o, id: r.id };
  });
}

function session(session: number, drained: number[], where = SRC, group = 'g'): SessionRecord {
  return { ...where, group, session, origin: SRC, drained, client: 'test' };
}

const range = (a: number, b: number) => Array.from({ length: b - a }, (_, i) => a + i);

function run(history: History, bound?: number): Verdict {
  return check(history, bound === undefined ? {} : { duplicateBound: { perPartition: bound, reason: 'test' } });
}

test('a clean failover with re-reads within the bound is valid', () => {
  const p = produced(100);
  const v = run(
    {
      produced: p,
      reads: [...reads(p, range(0, 20), 1), ...reads(p, range(5, 100), 2, TGT)],
      sessions: [session(1, []), session(2, [0], TGT)],
    },
    100,
  );
  assert.equal(v.validity, 'valid');
  assert.deepEqual(v.counts, { lost: 0, gap: 0, duplicate: 15, reordered: 0, unseen: 0 });
});

test('re-reads over the bound make the verdict invalid, counted per partition', () => {
  const p = produced(100);
  const v = run(
    { produced: p, reads: [...reads(p, range(0, 20), 1), ...reads(p, range(0, 100), 2, TGT)], sessions: [session(1, []), session(2, [0], TGT)] },
    10,
  );
  assert.equal(v.validity, 'invalid');
  assert.equal(v.counts.duplicate, 20);
  assert.deepEqual(v.groups[0]?.overBound.map((p) => p.partition), [0]);
});

test('records never read after the group drained the partition are lost', () => {
  const p = produced(100);
  const v = run({ produced: p, reads: reads(p, range(0, 20), 1), sessions: [session(1, []), session(2, [0], TGT)] });
  assert.equal(v.validity, 'invalid');
  assert.equal(v.counts.lost, 80);
  assert.deepEqual(v.groups[0]?.partitions[0]?.offsets.lost, range(20, 100));
});

test('the same unread records are unseen when the group did not read to the end', () => {
  const p = produced(100);
  const v = run({ produced: p, reads: reads(p, range(0, 20), 1), sessions: [session(1, [])] });
  assert.equal(v.validity, 'valid');
  assert.deepEqual(v.counts, { lost: 0, gap: 0, duplicate: 0, reordered: 0, unseen: 80 });
});

test('jumping over records is a gap, not a loss', () => {
  const p = produced(100);
  const v = run({
    produced: p,
    reads: [...reads(p, range(0, 20), 1), ...reads(p, range(50, 100), 2, TGT)],
    sessions: [session(1, []), session(2, [0], TGT)],
  });
  assert.equal(v.validity, 'invalid');
  assert.deepEqual(v.counts, { lost: 0, gap: 30, duplicate: 0, reordered: 0, unseen: 0 });
});

test('going backwards within one session is reordering (and the re-read records duplicates)', () => {
  const p = produced(30);
  const v = run({ produced: p, reads: reads(p, [...range(0, 20), ...range(10, 30)], 1), sessions: [session(1, [0])] });
  assert.equal(v.validity, 'invalid');
  assert.deepEqual(v.counts, { lost: 0, gap: 0, duplicate: 10, reordered: 1, unseen: 0 });
});

test('going backwards across sessions is re-delivery, not reordering', () => {
  const p = produced(30);
  const v = run({ produced: p, reads: [...reads(p, range(0, 20), 1), ...reads(p, range(10, 30), 2)], sessions: [session(1, []), session(2, [0])] }, 10);
  assert.equal(v.validity, 'valid');
  assert.equal(v.counts.reordered, 0);
  assert.equal(v.counts.duplicate, 10);
});

test('failed and indeterminate produces are never lost, and reading one is fine', () => {
  const acked = produced(10);
  const failed = produced(2, 0, 'failed', 100);
  const maybe = produced(2, 0, 'indeterminate', 200);
  const read = reads(acked, range(0, 10), 1);
  const maybeRead: ReadRecord = { ...SRC, group: 'g', session: 1, partition: 0, offset: 10, id: maybe[0]!.id };
  const v = run({ produced: [...acked, ...failed, ...maybe], reads: [...read, maybeRead], sessions: [session(1, [0])] });
  assert.equal(v.validity, 'valid');
  assert.deepEqual(v.counts, { lost: 0, gap: 0, duplicate: 0, reordered: 0, unseen: 0 });
});

test('anomalies are kept per partition', () => {
  const p0 = produced(10, 0);
  const p1 = produced(10, 1);
  const v = run({
    produced: [...p0, ...p1],
    reads: [...reads(p0, range(0, 10), 1), ...reads(p1, [0, 1, 5, 6, 7, 8, 9], 1)],
    sessions: [session(1, [0, 1])],
  });
  assert.equal(v.groups[0]?.partitions[0]?.counts.gap, 0);
  assert.equal(v.groups[0]?.partitions[1]?.counts.gap, 3);
  assert.match(formatVerdict(v), /partition 1: 10 acked, 7 read — skipped 3 \(offsets 2–4\)/);
});

test('reads of records from another run are ignored, not counted as duplicates', () => {
  const p = produced(5);
  const stranger: ReadRecord = { ...SRC, group: 'g', session: 1, partition: 0, offset: 99, id: 'other#0' };
  const v = run({ produced: p, reads: [...reads(p, range(0, 5), 1), stranger, stranger], sessions: [session(1, [0])] });
  assert.equal(v.validity, 'valid');
  assert.equal(v.groups[0]?.unrelated, 2);
});

test('each group is checked on its own', () => {
  const p = produced(10);
  const v = run({
    produced: p,
    reads: [...reads(p, range(0, 10), 1, SRC, 'a'), ...reads(p, range(0, 4), 2, SRC, 'b')],
    sessions: [session(1, [0], SRC, 'a'), session(2, [0], SRC, 'b')],
  });
  assert.equal(v.groups.length, 2);
  assert.equal(v.groups.find((g) => g.group === 'b')?.counts.lost, 6);
  assert.equal(v.validity, 'invalid');
});

test('partitions are kept apart per produced topic, not merged by number', () => {
  const a = produced(10).map((r) => ({ ...r, topic: 'a', id: `a/${r.id}` }));
  const b = produced(100).map((r) => ({ ...r, topic: 'b', id: `b/${r.id}` }));
  const onA = { cluster: 'es-src', topic: 'a' };
  const onB = { cluster: 'es-src', topic: 'b' };
  const v = run({
    produced: [...a, ...b],
    reads: [...reads(a, [0, 1, 2], 1, onA), ...reads(b, range(0, 100), 2, onB)],
    sessions: [{ ...session(1, []), ...onA, origin: onA }, { ...session(2, [0]), ...onB, origin: onB }],
  });
  assert.equal(v.validity, 'valid');
  assert.deepEqual(v.counts, { lost: 0, gap: 0, duplicate: 0, reordered: 0, unseen: 7 });
  assert.equal(v.groups[0]?.partitions.length, 2);
});

test('records acked after the draining session started are unseen, not lost', () => {
  const first = produced(100);
  const later = produced(50, 0, 'acked', 100).map((r) => ({ ...r, at: 5 }));
  const v = run({ produced: [...first, ...later], reads: reads(first, range(0, 100), 3), sessions: [session(3, [0])] });
  assert.equal(v.validity, 'valid');
  assert.equal(v.counts.unseen, 50);
  assert.equal(v.counts.lost, 0);
});

test('a loss seen by an earlier draining session is not hidden by a later session that stops early', () => {
  const p = produced(100);
  const v = run({
    produced: p,
    reads: [...reads(p, range(0, 50), 1), ...reads(p, [0, 1], 2)],
    sessions: [session(1, [0]), session(2, [])],
  }, 100);
  assert.equal(v.validity, 'invalid');
  assert.equal(v.counts.lost, 50);
});

test('acked records that no group consumed leave the verdict unknown, never valid', () => {
  const v = run({ produced: produced(100), reads: [], sessions: [] });
  assert.equal(v.validity, 'unknown');
  assert.deepEqual(v.unchecked, [{ origin: SRC, acked: 100 }]);
  assert.match(formatVerdict(v), /unchecked: 100 acked record\(s\) of products on es-src — no group read that topic/);
});

test('a checker that crashes gives an unknown verdict, and invalid beats unknown beats valid', () => {
  const broken = { produced: null, reads: [], sessions: [] } as unknown as History;
  assert.equal(check(broken).validity, 'unknown');
  assert.equal(mergeValidity('valid', 'unknown'), 'unknown');
  assert.equal(mergeValidity('unknown', 'invalid', 'valid'), 'invalid');
  assert.equal(mergeValidity('valid', 'valid'), 'valid');
});

test('offset ranges compress runs', () => {
  assert.equal(offsetRanges([20, 21, 22, 40, 42, 43]), '20–22, 40, 42–43');
  assert.equal(offsetRanges([1, 3, 5, 7, 9, 11, 13], 3), '1, 3, 5, …');
});
