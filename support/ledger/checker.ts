import type { History, ProducedRecord, ReadRecord, TopicRef } from './ledger.ts';

/**
 * The queue checker (after Jepsen's Kafka checker and Kafka's own MM2 tests), per consumer
 * group and per partition of the topic the group consumes. Partitions and offsets are those
 * the records were acked with on the cluster they were produced to; MM2 keeps partition
 * numbers, and the record's identity (key, sequence) travels in its value.
 *
 *  lost       acked, never read by the group, beyond everything it read in that partition,
 *             although a session of the group that started after the ack read the partition to
 *             its end: there was nothing left to read, the record is gone.
 *  gap        acked, never read by the group, although the group read a later record of the
 *             same partition: the group skipped over it (poll-skip, deleted or unmirrored data).
 *  duplicate  a record the group read more than once (each extra read counts one).
 *  reordered  within one consumer session, a read whose offset is below the previous read's
 *             in the same partition. Going back across sessions is re-delivery, not reordering.
 *  unseen     acked, never read, beyond everything the group read, and no session started
 *             after the ack read the partition to its end: the group may not have got there yet.
 *
 * Partitions are those of the topic the records were produced to (a group may consume several).
 * Acked records of a topic that no group consumed cannot be judged: the verdict is unknown.
 *
 * Failed and indeterminate produces are never expected: not reading them is no anomaly, and
 * reading one is not a duplicate unless it is read twice.
 */
export const ANOMALIES = ['lost', 'gap', 'duplicate', 'reordered', 'unseen'] as const;
export type Anomaly = (typeof ANOMALIES)[number];

/** Anomalies that make a verdict invalid by themselves; duplicates do past their bound. */
const FATAL: readonly Anomaly[] = ['lost', 'gap', 'reordered'];

export type Validity = 'valid' | 'invalid' | 'unknown';

export interface CheckOptions {
  /**
   * Re-reads a group may make per partition without the verdict turning invalid, and why.
   * MM2 is at-least-once: after a failover a group re-reads up to offset.lag.max records.
   */
  duplicateBound?: { perPartition: number; reason: string };
}

export interface PartitionResult {
  /** The topic the records were produced to. */
  origin: TopicRef;
  partition: number;
  acked: number;
  /** Distinct acked records the group read. */
  read: number;
  /** Offsets (as produced) of the records behind each anomaly. */
  offsets: Record<Anomaly, number[]>;
  /** Count per anomaly; for duplicates and reordering this counts reads, not records. */
  counts: Record<Anomaly, number>;
}

export interface GroupResult {
  group: string;
  origins: TopicRef[];
  partitions: PartitionResult[];
  counts: Record<Anomaly, number>;
  /** Reads of records not produced to the topics this group consumes, or not by this run (ignored). */
  unrelated: number;
  /** Partitions whose re-reads exceed the bound. */
  overBound: PartitionResult[];
}

export interface Verdict {
  validity: Validity;
  counts: Record<Anomaly, number>;
  groups: GroupResult[];
  tolerated: { anomaly: Anomaly; perPartition: number; reason: string }[];
  /** Produced topics with acked records that no group consumed: nothing was checked there. */
  unchecked: { origin: TopicRef; acked: number }[];
  /** The checker's own failure, when validity is unknown. */
  error?: string;
}

function zeroCounts(): Record<Anomaly, number> {
  return { lost: 0, gap: 0, duplicate: 0, reordered: 0, unseen: 0 };
}

function emptyOffsets(): Record<Anomaly, number[]> {
  return { lost: [], gap: [], duplicate: [], reordered: [], unseen: [] };
}

const refKey = (r: TopicRef) => `${r.cluster}/${r.topic}`;

function checkGroup(group: string, history: History, byId: Map<string, ProducedRecord>, bound: number): GroupResult {
  const sessions = history.sessions.filter((s) => s.group === group);
  const origins = new Map<string, TopicRef>();
  for (const s of sessions) origins.set(refKey(s.origin), s.origin);
  const key = (origin: TopicRef, p: number) => `${refKey(origin)}#${p}`;
  // Start (ledger clock) of every session that read a partition to its end.
  const drainedAt = new Map<string, number[]>();
  for (const s of sessions) for (const p of s.drained) drainedAt.set(key(s.origin, p), [...(drainedAt.get(key(s.origin, p)) ?? []), s.session]);

  const reads: { read: ReadRecord; record: ProducedRecord }[] = [];
  let unrelated = 0;
  for (const read of history.reads) {
    if (read.group !== group) continue;
    const record = read.id === undefined ? undefined : byId.get(read.id);
    if (!record || !origins.has(refKey(record))) {
      unrelated++;
      continue;
    }
    reads.push({ read, record });
  }

  const partitions = new Map<string, PartitionResult>();
  const partition = (record: ProducedRecord): PartitionResult => {
    const k = key(record, record.partition);
    let result = partitions.get(k);
    if (!result) {
      const origin = { cluster: record.cluster, topic: record.topic };
      partitions.set(k, (result = { origin, partition: record.partition, acked: 0, read: 0, offsets: emptyOffsets(), counts: zeroCounts() }));
    }
    return result;
  };

  const timesRead = new Map<string, number>();
  const highest = new Map<string, number>();
  const previous = new Map<string, number>(); // session/log partition → offset of the previous read
  for (const { read, record } of reads) {
    const result = partition(record);
    // Records whose produce was indeterminate have no produced offset: name them by where they were read.
    const offset = record.offset ?? read.offset;
    const n = (timesRead.get(record.id) ?? 0) + 1;
    timesRead.set(record.id, n);
    if (n > 1) {
      result.counts.duplicate++;
      result.offsets.duplicate.push(offset);
    }
    // Order within a session is judged on the offsets of the log being read (it may be a mirror).
    const sessionKey = `${read.session}/${read.cluster}/${read.topic}/${read.partition}`;
    const before = previous.get(sessionKey);
    if (before !== undefined && read.offset < before) {
      result.counts.reordered++;
      result.offsets.reordered.push(offset);
    }
    previous.set(sessionKey, read.offset);
    const k = key(record, record.partition);
    if (record.offset !== undefined && record.offset > (highest.get(k) ?? -1)) highest.set(k, record.offset);
  }

  const expected = history.produced.filter((r) => r.outcome === 'acked' && origins.has(refKey(r)));
  for (const record of expected.sort((a, b) => a.partition - b.partition || (a.offset ?? 0) - (b.offset ?? 0))) {
    const result = partition(record);
    result.acked++;
    if (timesRead.has(record.id)) {
      result.read++;
      continue;
    }
    const offset = record.offset ?? -1;
    const k = key(record, record.partition);
    const drainedAfterAck = (drainedAt.get(k) ?? []).some((start) => start > record.at);
    const kind: Anomaly = offset < (highest.get(k) ?? -1) ? 'gap' : drainedAfterAck ? 'lost' : 'unseen';
    result.counts[kind]++;
    result.offsets[kind].push(offset);
  }

  const counts = zeroCounts();
  const sorted = [...partitions.values()].sort((a, b) => refKey(a.origin).localeCompare(refKey(b.origin)) || a.partition - b.partition);
  for (const p of sorted) for (const a of ANOMALIES) counts[a] += p.counts[a];
  const overBound = sorted.filter((p) => p.counts.duplicate > bound);
  return { group, origins: [...origins.values()], partitions: sorted, counts, unrelated, overBound };
}

export function check(history: History, options: CheckOptions = {}): Verdict {
  const bound = options.duplicateBound?.perPartition ?? 0;
  const tolerated = options.duplicateBound ? [{ anomaly: 'duplicate' as const, ...options.duplicateBound }] : [];
  try {
    const byId = new Map<string, ProducedRecord>();
    for (const r of history.produced) byId.set(r.id, r);
    const groups = [...new Set(history.sessions.map((s) => s.group))].map((g) => checkGroup(g, history, byId, bound));
    const counts = zeroCounts();
    for (const g of groups) for (const a of ANOMALIES) counts[a] += g.counts[a];
    const consumed = new Set(history.sessions.map((s) => refKey(s.origin)));
    const unchecked = new Map<string, { origin: TopicRef; acked: number }>();
    for (const r of history.produced) {
      if (r.outcome !== 'acked' || consumed.has(refKey(r))) continue;
      const entry = unchecked.get(refKey(r)) ?? { origin: { cluster: r.cluster, topic: r.topic }, acked: 0 };
      entry.acked++;
      unchecked.set(refKey(r), entry);
    }
    const validity = mergeValidity(
      ...groups.map((g): Validity => (g.overBound.length > 0 || FATAL.some((a) => g.counts[a] > 0) ? 'invalid' : 'valid')),
      unchecked.size > 0 ? 'unknown' : 'valid',
    );
    return { validity, counts, groups, tolerated, unchecked: [...unchecked.values()] };
  } catch (error) {
    return { validity: 'unknown', counts: zeroCounts(), groups: [], tolerated, unchecked: [], error: error instanceof Error ? error.stack ?? error.message : String(error) };
  }
}

/** invalid beats unknown beats valid. */
export function mergeValidity(...verdicts: Validity[]): Validity {
  if (verdicts.includes('invalid')) return 'invalid';
  if (verdicts.includes('unknown')) return 'unknown';
  return 'valid';
}
