import type { History, ProducedRecord, ReadRecord, SessionRecord, TopicRef } from './ledger.ts';

/**
 * The queue checker (after Jepsen's Kafka checker and Kafka's own MM2 tests), per consumer
 * group and per partition of the topic the group consumes. Partitions and offsets are those
 * the records were acked with on the cluster they were produced to; MM2 keeps partition
 * numbers, and the record's identity (key, sequence) travels in its value.
 *
 *  lost       acked, never read by the group, and the group's last session read that
 *             partition to its end: there was nothing left to read, the record is gone.
 *  gap        acked, never read by the group, although the group read a later record of the
 *             same partition: the group skipped over it (poll-skip, deleted or unmirrored data).
 *  duplicate  a record the group read more than once (each extra read counts one).
 *  reordered  within one consumer session, a read whose offset is below the previous read's
 *             in the same partition. Going back across sessions is re-delivery, not reordering.
 *  unseen     acked, never read, beyond everything the group read, and the group did not read
 *             the partition to its end: it may simply not have got there yet.
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
  /** Reads of records that this run did not produce (ignored). */
  foreign: number;
  /** Partitions whose re-reads exceed the bound. */
  overBound: number[];
}

export interface Verdict {
  validity: Validity;
  counts: Record<Anomaly, number>;
  groups: GroupResult[];
  tolerated: { anomaly: Anomaly; perPartition: number; reason: string }[];
  /** The checker's own failure, when validity is unknown. */
  error?: string;
}

export function zeroCounts(): Record<Anomaly, number> {
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
  const last: SessionRecord | undefined = sessions.at(-1);
  const drained = new Set(last?.drained ?? []);

  const reads: { read: ReadRecord; record: ProducedRecord }[] = [];
  let foreign = 0;
  for (const read of history.reads) {
    if (read.group !== group) continue;
    const record = read.id === undefined ? undefined : byId.get(read.id);
    if (!record || !origins.has(refKey(record))) {
      foreign++;
      continue;
    }
    reads.push({ read, record });
  }

  const partitions = new Map<number, PartitionResult>();
  const partition = (p: number): PartitionResult => {
    let result = partitions.get(p);
    if (!result) partitions.set(p, (result = { partition: p, acked: 0, read: 0, offsets: emptyOffsets(), counts: zeroCounts() }));
    return result;
  };

  const timesRead = new Map<string, number>();
  const highest = new Map<number, number>();
  const previous = new Map<string, number>(); // session/partition → offset of the previous read
  for (const { read, record } of reads) {
    const p = record.partition;
    const result = partition(p);
    const offset = record.offset ?? -1;
    const n = (timesRead.get(record.id) ?? 0) + 1;
    timesRead.set(record.id, n);
    if (n > 1) {
      result.counts.duplicate++;
      result.offsets.duplicate.push(offset);
    }
    // Order within a session is judged on the offsets of the log being read (it may be a
    // mirror); records whose produce was indeterminate have no produced offset to go by.
    const sessionKey = `${read.session}/${read.cluster}/${read.topic}/${read.partition}`;
    const before = previous.get(sessionKey);
    if (before !== undefined && read.offset < before) {
      result.counts.reordered++;
      result.offsets.reordered.push(offset);
    }
    previous.set(sessionKey, read.offset);
    if (record.offset !== undefined && offset > (highest.get(p) ?? -1)) highest.set(p, offset);
  }

  const expected = history.produced.filter((r) => r.outcome === 'acked' && origins.has(refKey(r)));
  for (const record of expected.sort((a, b) => a.partition - b.partition || (a.offset ?? 0) - (b.offset ?? 0))) {
    const result = partition(record.partition);
    result.acked++;
    if (timesRead.has(record.id)) {
      result.read++;
      continue;
    }
    const offset = record.offset ?? -1;
    const kind: Anomaly = offset < (highest.get(record.partition) ?? -1) ? 'gap' : drained.has(record.partition) ? 'lost' : 'unseen';
    result.counts[kind]++;
    result.offsets[kind].push(offset);
  }

  const counts = zeroCounts();
  const sorted = [...partitions.values()].sort((a, b) => a.partition - b.partition);
  for (const p of sorted) for (const a of ANOMALIES) counts[a] += p.counts[a];
  const overBound = sorted.filter((p) => p.counts.duplicate > bound).map((p) => p.partition);
  return { group, origins: [...origins.values()], partitions: sorted, counts, foreign, overBound };
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
    const validity = mergeValidity(...groups.map((g): Validity => (g.overBound.length > 0 || FATAL.some((a) => g.counts[a] > 0) ? 'invalid' : 'valid')));
    return { validity, counts, groups, tolerated };
  } catch (error) {
    return { validity: 'unknown', counts: zeroCounts(), groups: [], tolerated, error: error instanceof Error ? error.stack ?? error.message : String(error) };
  }
}

/** invalid beats unknown beats valid. */
export function mergeValidity(...verdicts: Validity[]): Validity {
  if (verdicts.includes('invalid')) return 'invalid';
  if (verdicts.includes('unknown')) return 'unknown';
  return 'valid';
}
