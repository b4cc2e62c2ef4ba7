import type { Audit, Ledger, LedgerEvent, LogStart, MirrorSkip, Origin, ResumedPartition, Session, TopicRef } from './ledger.ts';

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
 *  inflight   acked on the origin, never read by the group, and never copied to the target the
 *             group moved to: no audit of the remote topic there saw it, and it lies beyond the
 *             last record the audits saw in its partition and beyond every record the group read. Asynchronous replication's loss when
 *             the origin dies (the RPO), measured and bounded by its own steps, not a group's bug.
 *             Without an audit of the remote topic nothing is judged in flight.
 *  aborted    a read of a record the producer sent in a transaction it aborted: data that never
 *             happened (Jepsen's aborted read, G1a). A read_uncommitted consumer gets them from
 *             the log; a read_committed one never should, nor should MM2 copy them as committed.
 *             Each read counts (not also as a re-read).
 *  removed    acked, never read by the group, and never copied by MM2 because the source removed it
 *             first: MM2's offset syncs show it moved past the record without copying it, and the
 *             source's log already started after it (DeleteRecords, retention): MM2's consumer found
 *             its position out of range and reset to the log start. Neither lost in flight (the
 *             source was alive) nor skipped by the group (it was never where the group read).
 *  expired    acked, copied, never read by the group, and removed from the copy before the group
 *             read it: the log the group read started after it (MM2 copies retention.ms and
 *             cleanup.policy to the remote topic, so the target expires copies as the source does).
 *  copy       a read of a second copy of a record in the log the group reads (it had read the
 *             record there before and read it again further on, never going back): MM2 wrote it
 *             twice (a restarted MM2 re-copies what it had not committed). Not the group's re-read.
 *
 * Acked records of a topic that no group consumed cannot be judged, nor can a ledger with no
 * acked record at all: the verdict is unknown. Failed and indeterminate produces are never
 * expected: not reading them is no anomaly, and reading one is a re-read only when read twice.
 * Aborted produces are never expected either, and reading one is an `aborted` read.
 */
export const ANOMALIES = ['lost', 'gap', 'duplicate', 'excess', 'reordered', 'unseen', 'inflight', 'removed', 'expired', 'copy', 'aborted'] as const;
export type Anomaly = (typeof ANOMALIES)[number];

/** Anomalies that make a verdict invalid. */
export const FATAL: readonly Anomaly[] = ['lost', 'gap', 'excess', 'reordered', 'aborted'];

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
  /** When records were lost in flight: the ack time (ms since the epoch) of the oldest. */
  oldestInFlightAck?: number;
  /** Audits of the remote topic(s) the group read this partition from, and the origin offset of the last record they saw copied. */
  audited?: { audits: number; lastCopied: number };
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

/**
 * A group's move to another cluster, timed: what the fault that took its origin down cost.
 *  RPO  from the ack of the oldest record lost in flight to the fault (0 when none was lost);
 *  RTO  from the fault to the group's first read on the cluster it moved to.
 * Without a fault that took every broker of the origin down, the move itself is the reference.
 */
export interface Recovery {
  group: string;
  origin: TopicRef;
  /** Where the group resumed. */
  to: TopicRef;
  /** The MM2 flow it moved through ("es-tgt → es-src"), named when the scenario has several. */
  flow?: string;
  fault?: LedgerEvent;
  /** When the group started on the target (ms since the epoch). */
  movedAt: number;
  /** When it first read there, if it read anything. */
  firstReadAt?: number;
  /** Whether an audit of the target log told what was copied (without one, nothing is judged in flight). */
  audited: boolean;
  /** Acked records of the origin never copied to the log the group moved to, read by the group or not. */
  inFlight: number;
  /** Of those, the ones the group had not read on the origin either: gone for it. */
  unreadInFlight: number;
  /** Each record lost in flight: its partition, its number in the ledger and its offset on the origin (for the orphaned writes a returning origin still holds). */
  inFlightRecords: { partition: number; n: number; offset: number }[];
  /** Acked records MM2 never copied because the source removed them first (not in flight: the source was alive). */
  removed: number;
  oldestInFlightAck?: number;
  rpoMs: number;
  /** Fault (or move) to first read; undefined when the group read nothing there. */
  rtoMs?: number;
  /** The group had nothing to read on the target: the RTO runs to the end of its read to the end. */
  caughtUp?: boolean;
}

export interface Verdict {
  validity: Validity;
  counts: Record<Anomaly, number>;
  acked: number;
  groups: GroupResult[];
  /** Produced topics with acked records that no group consumed: nothing was checked there. */
  unchecked: { origin: TopicRef; acked: number }[];
  /** Every group's move to a mirrored topic, with its RPO and RTO. */
  recoveries: Recovery[];
  /** The checker's own failure, or why there was nothing to judge, when validity is unknown. */
  error?: string;
}

export function zeroCounts(): Record<Anomaly, number> {
  return { lost: 0, gap: 0, duplicate: 0, excess: 0, reordered: 0, unseen: 0, inflight: 0, removed: 0, expired: 0, copy: 0, aborted: 0 };
}

function emptyOffsets(): Record<Anomaly, number[]> {
  return { lost: [], gap: [], duplicate: [], excess: [], reordered: [], unseen: [], inflight: [], removed: [], expired: [], copy: [], aborted: [] };
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
  let extra = 0;
  for (const r of runs) {
    for (let i = 0; i < r.count; i++) {
      const c = get(r.n + i);
      if (c === 0) continue;
      if (r.outcome === 'aborted') {
        // Every read of an aborted record is one aborted read; none is the group's re-read.
        counts.aborted += c;
        continue;
      }
      if (r.offset !== undefined) {
        read++;
        highest = Math.max(highest, r.offset + i);
      }
      if (c > 1) {
        extra += c - 1;
        // Reads of a second copy in the log are examples of `copy`, the others of the group's re-reads.
        const n = r.n + i;
        const copies = reads && n < reads.copyCounts.length ? reads.copyCounts[n]! : 0;
        if (r.offset !== undefined && c - 1 > copies) example('duplicate', r.offset + i);
        if (r.offset !== undefined && copies > 0) example('copy', r.offset + i);
      }
    }
  }
  // Extra reads are the group's re-reads, except those of a second copy in the log.
  counts.copy = reads?.copies ?? 0;
  counts.duplicate = extra - counts.copy;

  // What the audits of the logs the group read (other than the origin itself) saw of this partition.
  const elsewhere = sessions.filter((s) => s.cluster !== origin.cluster || s.topic !== origin.topic);
  const logs = new Set(elsewhere.map((s) => `${s.cluster}/${s.topic}`));
  const audits = ledger.audits.filter((a) => a.origin === origin && logs.has(`${a.cluster}/${a.topic}`));
  const lastCopied = audits.length ? lastCopiedOf(origin, audits, partition) : undefined;
  // Records acked once the group had moved were not in flight at the move.
  const movedAt = Math.min(...elsewhere.map((s) => s.session));
  let oldestInFlightAck: number | undefined;

  // Pass 2: acked records never read, told apart by where they stand.
  const drainedAt = sessions.filter((s) => s.drained.includes(partition)).map((s) => s.session);
  const removedFromSource = removedBySource(ledger, origin, partition);
  const expiredBefore = expiredOnCopies(ledger, origin, partition, elsewhere);
  for (const r of runs) {
    const first = r.offset;
    if (r.outcome !== 'acked' || first === undefined) continue;
    const drainedAfterAck = drainedAt.some((start) => start > r.at);
    for (let i = 0; i < r.count; i++) {
      if (get(r.n + i) > 0) continue;
      const offset: number = first + i;
      if (removedFromSource(offset)) {
        counts.removed++;
        example('removed', offset);
        continue;
      }
      if (offset < expiredBefore) {
        counts.expired++;
        example('expired', offset);
        continue;
      }
      const inFlight = lastCopied !== undefined && offset > highest && offset > lastCopied && r.at < movedAt;
      if (inFlight) oldestInFlightAck = Math.min(oldestInFlightAck ?? r.time, r.time);
      const kind: Anomaly = inFlight ? 'inflight' : offset < highest ? 'gap' : drainedAfterAck ? 'lost' : 'unseen';
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

  return {
    origin: ref(origin),
    partition,
    acked: p.acked,
    ...(oldestInFlightAck !== undefined ? { oldestInFlightAck } : {}),
    ...(lastCopied !== undefined ? { audited: { audits: audits.length, lastCopied } } : {}),
    read,
    counts,
    offsets,
    truncated: [...truncated],
    resumes,
  };
}

/**
 * Whether an origin offset lies in a stretch MM2 skipped while the source's log already started
 * after it: the source removed the record before MM2 copied it.
 */
export function removedBySource(ledger: Ledger, origin: Origin, partition: number): (offset: number) => boolean {
  const start = ledger.originLogStart(origin, partition);
  const skips: MirrorSkip[] = ledger.mirrorSkips.filter((k) => k.origin === origin && k.partition === partition);
  if (!skips.length) return () => false;
  return (offset) => skips.some((k) => offset >= k.from && offset < k.to && offset < Math.max(start, k.logStart ?? 0));
}

/**
 * The origin offset below which the copies a group read (the logs of `sessions`) had been
 * removed when the harness looked: the first origin record still in such a log. 0 when none moved.
 */
function expiredOnCopies(ledger: Ledger, origin: Origin, partition: number, sessions: Session[]): number {
  const logs = new Set(sessions.map((s) => `${s.cluster}/${s.topic}`));
  const starts: LogStart[] = ledger.logStarts.filter((l) => l.origin === origin && l.partition === partition && l.firstOrigin !== undefined && logs.has(`${l.cluster}/${l.topic}`));
  return starts.reduce((m, l) => Math.max(m, l.firstOrigin!), 0);
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

/**
 * The origin offset of the last record of an origin partition that audits of a log saw copied
 * there: the end of a tail audit, or the highest acked record a full audit counted; -1 when the
 * log held none; undefined when no audit can tell (a tail audit found the log emptied and no full
 * audit saw it before). MM2 copies a partition in order, so every acked record after it was not
 * copied: in flight.
 */
export function lastCopiedOf(origin: Origin, audits: Audit[], partition: number): number | undefined {
  let last = -1;
  let unknown = false;
  for (const a of audits) {
    if (a.last) {
      const l = a.last[partition];
      if (l === undefined) unknown = true;
      else last = Math.max(last, l);
    }
    const copies = a.copies?.[partition];
    if (!copies) continue;
    for (const r of origin.partitions[partition]?.runs ?? []) {
      if (r.offset === undefined || r.offset + r.count - 1 <= last) continue;
      for (let i = r.count - 1; i >= 0 && r.offset + i > last; i--) {
        if ((copies[r.n + i] ?? 0) > 0) {
          last = r.offset + i;
          break;
        }
      }
    }
  }
  return unknown && !audits.some((a) => a.copies) ? undefined : last;
}

/** The first resumed session of each group on each origin, timed against the fault before it. */
function recoveries(ledger: Ledger, groups: GroupResult[]): Recovery[] {
  const out: Recovery[] = [];
  for (const g of groups) {
    for (const o of g.origins) {
      const session = ledger.sessions.find((s) => s.group === g.group && s.resume && s.origin.cluster === o.cluster && s.origin.topic === o.topic && s.cluster !== o.cluster);
      if (!session) continue;
      const fault = [...ledger.events].reverse().find((e) => e.kind === 'fault' && e.cluster === o.cluster && e.at < session.session);
      // Lost in flight is a matter of the data, not of the group: every acked record never copied
      // to the log the group moved to, whether or not the group had read it on the origin.
      const origin = session.origin;
      const audits = ledger.audits.filter((a) => a.origin === origin && a.cluster === session.cluster && a.topic === session.topic);
      let inFlight = 0;
      const inFlightRecords: Recovery['inFlightRecords'] = [];
      let unread = 0;
      let removed = 0;
      let oldestInFlightAck: number | undefined;
      let audited = audits.length > 0;
      origin.partitions.forEach((p, partition) => {
        // Removed by the source before MM2 copied them: known from MM2's syncs, audited or not.
        const gone = removedBySource(ledger, origin, partition);
        for (const r of p.runs) {
          if (r.outcome !== 'acked' || r.offset === undefined || r.at > session.session) continue;
          for (let i = 0; i < r.count; i++) if (gone(r.offset + i) && !ledger.readFromLog(g.group, session, partition, r.n + i)) removed++;
        }
        if (!audits.length) return;
        const last = lastCopiedOf(origin, audits, partition);
        if (last === undefined) {
          audited = false;
          return;
        }
        const reads = ledger.groups.get(g.group)?.partitions.get(`${origin.index}:${partition}`);
        for (const r of p.runs) {
          // Acked before the group moved, beyond the last record copied, and not read by the
          // group on the target either (MM2 may have written more after the tail was noted).
          if (r.outcome !== 'acked' || r.offset === undefined || r.at > session.session || r.offset + r.count - 1 <= last) continue;
          for (let i = Math.max(0, last + 1 - r.offset); i < r.count; i++) {
            if (ledger.readFromLog(g.group, session, partition, r.n + i) || gone(r.offset + i)) continue;
            inFlight++;
            inFlightRecords.push({ partition, n: r.n + i, offset: r.offset + i });
            oldestInFlightAck = Math.min(oldestInFlightAck ?? r.time, r.time);
            if (!reads || reads.get(r.n + i) === 0) unread++;
          }
        }
      });
      const reference = fault?.time ?? session.time;
      out.push({
        group: g.group,
        origin: o,
        to: { cluster: session.cluster, topic: session.topic },
        ...(ledger.flows.length > 1 && session.resume?.flow ? { flow: session.resume.flow } : {}),
        ...(fault ? { fault } : {}),
        movedAt: session.time,
        ...(session.firstReadTime !== undefined ? { firstReadAt: session.firstReadTime } : {}),
        audited,
        inFlight,
        unreadInFlight: unread,
        inFlightRecords,
        removed,
        ...(oldestInFlightAck !== undefined ? { oldestInFlightAck } : {}),
        rpoMs: oldestInFlightAck !== undefined ? Math.max(0, reference - oldestInFlightAck) : 0,
        // A group with nothing left to read there is back when its read to the end found the end.
        ...(session.firstReadTime !== undefined
          ? { rtoMs: session.firstReadTime - reference }
          : session.endTime !== undefined && session.drained.length > 0
            ? { rtoMs: session.endTime - reference, caughtUp: true }
            : {}),
      });
    }
  }
  return out;
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
    return { validity, counts, acked, groups, unchecked, recoveries: recoveries(ledger, groups), error: nothing };
  } catch (error) {
    return { validity: 'unknown', counts: zeroCounts(), acked: 0, groups: [], unchecked: [], recoveries: [], error: error instanceof Error ? error.stack ?? error.message : String(error) };
  }
}

/** invalid beats unknown beats valid. */
export function mergeValidity(...verdicts: Validity[]): Validity {
  if (verdicts.includes('invalid')) return 'invalid';
  if (verdicts.includes('unknown')) return 'unknown';
  return 'valid';
}
