import type { Ledger, Origin, ResumedPartition, Session, TopicRef } from './ledger.ts';

/**
 * The queue checker (after Jepsen's Kafka checker and Kafka's own MM2 tests), per consumer
 * group and per partition of the topic the records were produced to. MM2 keeps partition
 * numbers, and a record's identity (origin, partition, index) travels in its value.
 *
 *  lost       acked, never read by the group, beyond everything it read in that partition,
 *             although a session of the group that started after the ack read the partition to
 *             its end: there was nothing left to read, the record is gone.
 *  gap        acked, never read by the group, although the group read a later record of the
 *             same partition: the group skipped over it (poll-skip, deleted or unmirrored data).
 *  duplicate  a record the group read more than once (each extra read counts one). MM2 is
 *             at-least-once: re-reads after a failover are expected, up to what the checkpoint
 *             the group resumed from implies.
 *  excess     re-reads nothing justifies: in a session that resumed from a checkpoint, those
 *             read below the target offset MM2 gave (the group started somewhere else than MM2
 *             said); in any other session, every re-read.
 *  reordered  within one consumer session, a read whose offset is below the previous read's
 *             in the same partition. Going back across sessions is re-delivery, not reordering.
 *  unseen     acked, never read, beyond everything the group read, and no session started
 *             after the ack read the partition to its end: the group may not have got there yet.
 *
 * Acked records of a topic that no group consumed cannot be judged, nor can a ledger with no
 * acked record at all: the verdict is unknown. Failed and indeterminate produces are never
 * expected: not reading them is no anomaly, and reading one is a re-read only when read twice.
 */
export const ANOMALIES = ['lost', 'gap', 'duplicate', 'excess', 'reordered', 'unseen'] as const;
export type Anomaly = (typeof ANOMALIES)[number];

/** Anomalies that make a verdict invalid. */
export const FATAL: readonly Anomaly[] = ['lost', 'gap', 'excess', 'reordered'];

export type Validity = 'valid' | 'invalid' | 'unknown';

/** How many example offsets a verdict keeps per anomaly and partition (counts stay exact). */
export const EXAMPLE_CAP = 200;

/** One resumed session's account of one partition. */
export interface ResumeResult extends ResumedPartition {
  mode: string;
  flow?: string;
  session: number;
  /** Re-reads this session made in the partition. */
  rereads: number;
  /** Re-reads below the offset MM2 gave. */
  excess: number;
}

export interface PartitionResult {
  /** The topic the records were produced to. */
  origin: TopicRef;
  partition: number;
  acked: number;
  /** Distinct acked records the group read. */
  read: number;
  /** Count per anomaly; for duplicates, excess and reordering this counts reads, not records. */
  counts: Record<Anomaly, number>;
  /**
   * Offsets (as produced) of the first records behind each anomaly, ascending, at most
   * EXAMPLE_CAP; none for excess (which re-reads are the excess ones is not defined: see resumes).
   */
  offsets: Record<Anomaly, number[]>;
  /** Anomalies with more records than the examples kept. */
  truncated: Anomaly[];
  resumes: ResumeResult[];
}

export interface GroupResult {
  group: string;
  origins: TopicRef[];
  partitions: PartitionResult[];
  counts: Record<Anomaly, number>;
  /** Reads of records not produced to the topics this group consumes, or not by this run (ignored). */
  unrelated: number;
  /** Why a resume of this group is not backed by MM2's checkpoints, when it is not. */
  warnings: string[];
}

export interface Verdict {
  validity: Validity;
  counts: Record<Anomaly, number>;
  acked: number;
  groups: GroupResult[];
  /** Produced topics with acked records that no group consumed: nothing was checked there. */
  unchecked: { origin: TopicRef; acked: number }[];
  /** The checker's own failure, or why there was nothing to judge, when validity is unknown. */
  error?: string;
}

export function zeroCounts(): Record<Anomaly, number> {
  return { lost: 0, gap: 0, duplicate: 0, excess: 0, reordered: 0, unseen: 0 };
}

function emptyOffsets(): Record<Anomaly, number[]> {
  return { lost: [], gap: [], duplicate: [], excess: [], reordered: [], unseen: [] };
}

const ref = (o: Origin): TopicRef => ({ cluster: o.cluster, topic: o.topic });

function checkPartition(ledger: Ledger, group: string, origin: Origin, partition: number, sessions: Session[]): PartitionResult {
  const p = origin.partitions[partition]!;
  const reads = ledger.groups.get(group)?.partitions.get(`${origin.index}:${partition}`);
  const counts = zeroCounts();
  const offsets = emptyOffsets();
  const truncated = new Set<Anomaly>();
  const example = (a: Anomaly, offset: number) => {
    if (offsets[a].length < EXAMPLE_CAP) offsets[a].push(offset);
    else truncated.add(a);
  };
  const get = (n: number): number => (reads ? reads.get(n) : 0);
  const runs = [...p.runs].sort((a, b) => (a.offset ?? -1) - (b.offset ?? -1) || a.n - b.n);

  // Pass 1: what was read, how often, and the highest acked offset read.
  let read = 0;
  let highest = -1;
  for (const r of runs) {
    for (let i = 0; i < r.count; i++) {
      const c = get(r.n + i);
      if (c === 0) continue;
      if (r.offset !== undefined) {
        read++;
        highest = Math.max(highest, r.offset + i);
      }
      if (c > 1) {
        counts.duplicate += c - 1;
        if (r.offset !== undefined) example('duplicate', r.offset + i);
      }
    }
  }

  // Pass 2: acked records never read, told apart by where they stand.
  const drainedAt = sessions.filter((s) => s.drained.includes(partition)).map((s) => s.session);
  for (const r of runs) {
    const first = r.offset;
    if (r.outcome !== 'acked' || first === undefined) continue;
    const drainedAfterAck = drainedAt.some((start) => start > r.at);
    for (let i = 0; i < r.count; i++) {
      if (get(r.n + i) > 0) continue;
      const offset: number = first + i;
      const kind: Anomaly = offset < highest ? 'gap' : drainedAfterAck ? 'lost' : 'unseen';
      counts[kind]++;
      example(kind, offset);
    }
  }

  counts.reordered = reads?.reordered ?? 0;
  offsets.reordered = [...(reads?.reorderedAt ?? [])].sort((a, b) => a - b);
  if (counts.reordered > offsets.reordered.length) truncated.add('reordered');

  // Re-reads, session by session: a resumed session may re-read what its checkpoint implies.
  const resumes: ResumeResult[] = [];
  for (const s of sessions) {
    const rereads = s.rereads.get(partition) ?? 0;
    const resumed = s.resume?.partitions.find((r) => r.partition === partition);
    const excess = s.excess.get(partition) ?? 0;
    counts.excess += excess;
    if (s.resume && resumed) resumes.push({ ...resumed, mode: s.resume.mode, flow: s.resume.flow, session: s.session, rereads, excess });
  }

  return { origin: ref(origin), partition, acked: p.acked, read, counts, offsets, truncated: [...truncated], resumes };
}

function checkGroup(ledger: Ledger, group: string): GroupResult {
  const sessions = ledger.sessions.filter((s) => s.group === group);
  const origins = [...new Set(sessions.map((s) => s.origin))].sort((a, b) => a.index - b.index);
  const partitions: PartitionResult[] = [];
  for (const origin of origins) {
    const ofOrigin = sessions.filter((s) => s.origin === origin);
    for (let p = 0; p < origin.partitions.length; p++) partitions.push(checkPartition(ledger, group, origin, p, ofOrigin));
  }
  const counts = zeroCounts();
  for (const p of partitions) for (const a of ANOMALIES) counts[a] += p.counts[a];
  const warnings = sessions.flatMap((s) => (s.resume?.warning ? [s.resume.warning] : []));
  return { group, origins: origins.map(ref), partitions, counts, unrelated: ledger.groups.get(group)?.unrelated ?? 0, warnings };
}

export function check(ledger: Ledger): Verdict {
  try {
    const groups = [...new Set(ledger.sessions.map((s) => s.group))].map((g) => checkGroup(ledger, g));
    const counts = zeroCounts();
    for (const g of groups) for (const a of ANOMALIES) counts[a] += g.counts[a];
    const consumed = new Set(ledger.sessions.map((s) => s.origin));
    const unchecked = ledger.origins
      .filter((o) => !consumed.has(o))
      .map((o) => ({ origin: ref(o), acked: o.partitions.reduce((n, p) => n + p.acked, 0) }))
      .filter((u) => u.acked > 0);
    const acked = ledger.acked;
    const nothing = acked === 0 ? 'nothing to judge: no record was acked, so "nothing lost" would hold vacuously' : undefined;
    const validity = mergeValidity(
      ...groups.map((g): Validity => (FATAL.some((a) => g.counts[a] > 0) ? 'invalid' : 'valid')),
      unchecked.length > 0 || nothing ? 'unknown' : 'valid',
    );
    return { validity, counts, acked, groups, unchecked, error: nothing };
  } catch (error) {
    return { validity: 'unknown', counts: zeroCounts(), acked: 0, groups: [], unchecked: [], error: error instanceof Error ? error.stack ?? error.message : String(error) };
  }
}

/** invalid beats unknown beats valid. */
export function mergeValidity(...verdicts: Validity[]): Validity {
  if (verdicts.includes('invalid')) return 'invalid';
  if (verdicts.includes('unknown')) return 'unknown';
  return 'valid';
}
