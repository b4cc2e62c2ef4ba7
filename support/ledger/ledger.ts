/**
 * The ledger: what the producers were told (acked / failed / indeterminate, with the offsets the
 * broker gave), and what every consumer session read, where. The checker turns it into a verdict.
 *
 * Columns, not objects, so that a drill of 10M records fits: a record is named by its origin (the
 * topic it was produced to, on its cluster), its partition there and `n`, its index among the
 * records produced to that partition by this run. Produce answers are kept as runs (one per
 * partition per batch: n, count, outcome, base offset, time), and each group holds one read count
 * per record (a byte; counts of 255 and more spill into a map). Everything else a verdict needs
 * (re-reads per session, reordering) is counted as reads arrive.
 */

/**
 * `aborted`: sent in a transaction the producer aborted (and the broker confirmed the abort):
 * never expected, and a read of one is an anomaly (`aborted`). Committed transactions are acked.
 */
export const PRODUCE_OUTCOMES = ['acked', 'failed', 'indeterminate', 'aborted'] as const;
export type ProduceOutcome = (typeof PRODUCE_OUTCOMES)[number];

/** A topic on a cluster: where records were produced, or where a group reads. */
export interface TopicRef {
  cluster: string;
  topic: string;
}

/** Consecutive records of one partition answered alike (one partition of one produce batch). */
export interface ProducedRun {
  /** Index of the first record in the partition's produce order. */
  n: number;
  count: number;
  outcome: ProduceOutcome;
  /** Offset of the first record, for acked runs: the run holds offsets offset .. offset+count-1. */
  offset?: number;
  /** Ledger clock when the producer got its answer; sessions share the clock. */
  at: number;
  /** Wall-clock time of the answer (ms since the epoch). */
  time: number;
  error?: string;
}

export interface OriginPartition {
  runs: ProducedRun[];
  /** Records claimed so far: the next record's n. */
  claimed: number;
  acked: number;
}

export interface Origin extends TopicRef {
  index: number;
  partitions: OriginPartition[];
}

/** One group's reads of one origin partition. */
export class ReadCounts {
  counts = new Uint8Array(64);
  readonly #overflow = new Map<number, number>();
  /** Reads of this partition's records by the group, all sessions. */
  reads = 0;
  /**
   * Reads of a second copy of a record in the same log: the group had read the record from this
   * log before, and read it again further on without going back (MM2 wrote it twice).
   */
  copies = 0;
  /** Per record n, how many of its reads were of a second copy (saturating at 255), so that examples tell them from re-reads. */
  copyCounts = new Uint8Array(64);
  /** Reads that went backwards within a session, and the origin offsets (or read offsets) of the first ones. */
  reordered = 0;
  readonly reorderedAt: number[] = [];

  get(n: number): number {
    const c = n < this.counts.length ? this.counts[n]! : 0;
    return c === 255 ? this.#overflow.get(n)! : c;
  }

  /** Counts one read of record n and returns how often it had been read before. */
  add(n: number): number {
    this.counts = holding(this.counts, n);
    this.reads++;
    const before = this.get(n);
    if (before >= 254) {
      this.counts[n] = 255;
      this.#overflow.set(n, before + 1);
    } else {
      this.counts[n] = before + 1;
    }
    return before;
  }

  /** Bytes held, for the benchmark. */
  get bytes(): number {
    return this.counts.byteLength + this.copyCounts.byteLength + this.#overflow.size * 16;
  }
}

/** Where a resumed group stood per partition, and what MM2's checkpoint implies for it. */
export interface ResumedPartition {
  partition: number;
  /** The group's last commit on the origin cluster before the resume (next offset to read). */
  committedUpstream?: number;
  /** MM2's latest checkpoint of the group for this partition, as read from the target. */
  checkpoint?: { upstream: number; downstream: number };
  /**
   * With no checkpoint: the group's upstream commit is below every offset sync MM2 keeps, so MM2
   * declines to translate it (OffsetSyncStore.translateDownstream gives -1, which
   * MirrorCheckpointTask drops) and never checkpoints it; the group re-reads from the target's
   * log start, and that is MM2's doing. `kept` are the upstream offsets of the syncs kept.
   */
  untranslatable?: { kept: number[]; written: number };
  /**
   * With no checkpoint: the group had read the partition but never committed it on the origin
   * (an auto-commit consumer killed within its interval of its first reads there), so there was
   * nothing for MM2 to checkpoint; it starts over where it stands on the target, and re-reading
   * what it had read is its own at-least-once, not MM2's doing and not excess. Judged on the
   * commits the ledger knows: the built-in clients', and those an app reports.
   */
  neverCommitted?: boolean;
  /** Target offset the group really started from (its committed offset there, else the log start). */
  startOffset: number;
  /** Origin offset of the record at the checkpoint's downstream offset on the target. */
  checkpointOrigin?: number;
  /**
   * MM2's prediction, made before the group reads: records the group had read that the target
   * holds at or after the checkpoint's downstream offset, which the group will read again.
   */
  implied: number;
  /**
   * Target offset from which re-reads are MM2's doing: the checkpoint's downstream offset, or,
   * in synced mode, the older checkpoint MM2 had synced into the group when it started. Re-reads
   * below it are excess. Undefined when MM2 gave no checkpoint: every re-read is excess.
   */
  justifiedFrom?: number;
  /** The offset MM2 synced into the group, when it is an older checkpoint than the latest. */
  syncedCheckpoint?: number;
  /** The group's own offset on the target, when it was already past the checkpoint (MM2 never moves a group back). */
  aheadOfCheckpoint?: number;
  /** The offset sync the checkpoint translates through, and the syncs MM2 kept (upstream offsets, latest first). */
  sync?: { upstream: number; downstream: number };
  kept?: number[];
  /** Offset syncs MM2 had written for the partition when the harness last read them. */
  written?: number;
}

export interface Resume {
  mode: string;
  /** The flow the group resumed through ("es-src → es-tgt"), when the topic is mirrored. */
  flow?: string;
  partitions: ResumedPartition[];
  /** Why the resume is not backed by a checkpoint, when it is not. */
  warning?: string;
}

export interface Session extends TopicRef {
  group: string;
  /** Ledger clock at the start of the session: produce answers before it are older. */
  session: number;
  time: number;
  /** Wall-clock time of the session's first read, if it read anything. */
  firstReadTime?: number;
  /** Wall-clock time of the session's last read. */
  lastReadTime?: number;
  /** Wall-clock time the session ended. */
  endTime?: number;
  origin: Origin;
  client: string;
  /** Partitions this session read up to the high watermark. */
  drained: number[];
  /** Re-reads this session made, per partition (reads of records the group had read before). */
  rereads: Map<number, number>;
  /** Re-reads nothing justifies, per partition: all of them, or, after a resume, those below `justifiedFrom`. */
  excess: Map<number, number>;
  /** Reads of second copies in the log, per partition (not the group's re-reads: see ReadCounts.copies). */
  copies: Map<number, number>;
  /** The resume's justifiedFrom per partition, for the per-read check. */
  justifiedFrom: Map<number, number>;
  /** Previous read offset per partition of the log being read, for reordering. */
  previous: Map<number, number>;
  resume?: Resume;
  reads: number;
}

/** What happened to the drill's parts, when: faults, heals, restarts, MM2 and group events. */
export interface LedgerEvent {
  /** Ledger clock: produce answers and sessions with a smaller clock came before. */
  at: number;
  /** Wall-clock time (ms since the epoch). */
  time: number;
  kind: 'fault' | 'heal' | 'restart' | 'resume' | 'producers' | 'consumer' | 'commit' | 'audit';
  /** What it happened to: a cluster alias, "broker 2 of es-src", "MirrorMaker 2", a link, a group. */
  subject: string;
  /** What happened, in words: "SIGKILL", "paused for 5 s", "cut", "committed 1200". */
  what: string;
  /** The cluster whose every broker went down with this fault, when it took a whole cluster. */
  cluster?: string;
}

/**
 * What a target held of an origin, read with no group. A full audit reads the remote topic from
 * its log start and counts each record of the origin (copies per record, at most 255); a tail
 * audit reads only the last record of each partition, which names the last origin record copied
 * there (MM2 copies a partition in order). Audits are kept in order.
 */
export interface Audit {
  origin: Origin;
  cluster: string;
  topic: string;
  time: number;
  at: number;
  /** Full audits: copies per record n, per partition. */
  copies?: Uint8Array[];
  /** Tail audits: the origin offset of the last origin record at the end of each partition (-1 when the log never held any, undefined when it is empty but held records once: unknown). */
  last?: (number | undefined)[];
}

/**
 * A stretch of an origin partition that MM2 never copied although it moved past it, read from its
 * offset syncs (a sync whose upstream offset advanced further than its downstream offset since the
 * sync before it: MirrorSourceTask writes one whenever an upstream offset is skipped), with the
 * source's log start when the harness saw the skip. Offsets `from` .. `to - 1` of the origin.
 */
export interface MirrorSkip {
  origin: Origin;
  partition: number;
  from: number;
  to: number;
  /**
   * What shows it: `syncs`, the sync before the skip and the one after it; `tail`, the copy's last
   * record (its origin offset and target offset in `before`) below a source log start past it,
   * with nothing after it to copy (`after` is the source's log start and the copy's end).
   */
  evidence?: 'syncs' | 'tail';
  /** Tail evidence only: the source's log held nothing after the stretch (MM2 has nothing left to copy there). */
  emptied?: boolean;
  before: { upstream: number; downstream: number };
  after: { upstream: number; downstream: number };
  /** The origin partition's log start when the skip was read, if the source answered. */
  logStart?: number;
  /** "es-src → es-tgt". */
  flow: string;
  at: number;
  time: number;
}

/**
 * The log start of a partition the harness saw move past records on a cluster: on the origin
 * (DeleteRecords, retention) or on a copy of it (MM2 copies retention.ms and cleanup.policy to the
 * remote topic). `firstOrigin` is the origin offset of the first record still in that log, for a
 * copy (undefined for the origin itself, where `start` is an origin offset).
 */
export interface LogStart {
  origin: Origin;
  partition: number;
  cluster: string;
  topic: string;
  start: number;
  /** For a copy: the origin record at `start` (its origin offset), which every record before it preceded. */
  firstOrigin?: number;
  how: string;
  at: number;
  time: number;
}

export interface GroupReads {
  group: string;
  partitions: Map<string, ReadCounts>;
  /** Reads of records that are not of this run, or of another topic than the session's origin. */
  unrelated: number;
}

/** `bytes`, or a copy grown by doubling so that it holds index `i`. */
function holding(bytes: Uint8Array<ArrayBuffer>, i: number): Uint8Array<ArrayBuffer> {
  if (i < bytes.length) return bytes;
  let size = bytes.length;
  while (size <= i) size *= 2;
  const grown = new Uint8Array(size);
  grown.set(bytes);
  return grown;
}

/** Key of a group's reads of one origin partition from one log (the origin itself, or a copy of it). */
const logKey = (group: string, log: TopicRef, originPartition: number) => `${group}\u0000${log.cluster}\u0000${log.topic}\u0000${originPartition}`;

/** The record stamp a value starts with: {"mirrordrill":"<run>:<origin>:<partition>:<n>", ...}. */
export const STAMP_PREFIX = '{"mirrordrill":"';

const EXAMPLES = 20;
const QUOTE = 0x22;
const COLON = 0x3a;

export class Ledger {
  readonly run: string;
  readonly origins: Origin[] = [];
  readonly sessions: Session[] = [];
  readonly groups = new Map<string, GroupReads>();
  /** Latest commit per group, cluster/topic and partition. */
  readonly commits = new Map<string, Map<number, number>>();
  /** Every commit, in order, with its time (a consumer committing every 500 ms makes two a second). */
  readonly commitLog: { time: number; group: string; cluster: string; topic: string; offsets: Record<number, number> }[] = [];
  readonly events: LedgerEvent[] = [];
  readonly audits: Audit[] = [];
  /** Stretches of origin partitions MM2 moved past without copying them. */
  readonly mirrorSkips: MirrorSkip[] = [];
  /** Log starts seen past the first record of a partition, on the origin or on a copy of it. */
  readonly logStarts: LogStart[] = [];
  /** Per group and log partition read (group/cluster/topic/partition): which records were read there (bits), and the highest offset. */
  readonly #logReads = new Map<string, { bits: Uint8Array<ArrayBuffer>; high: number }>();
  /** The MM2 flows of the scenario ("es-src → es-tgt"), in the order they started: with more than one, the verdict names the flow of each failover. */
  readonly flows: string[] = [];
  /**
   * Records an app under test produced with values of its own (no stamp): each value names one
   * record, [origin index, partition, n], n counted in the order the app reported its acks.
   */
  readonly #foreign = new Map<string, [number, number, number]>();
  /** Bumped by every change; the checker's memo key. */
  version = 0;
  #clock = 0;
  readonly #prefix: Buffer;

  constructor(run: string) {
    this.run = run;
    this.#prefix = Buffer.from(`${STAMP_PREFIX}${run}:`);
  }

  /** A flow started. */
  flow(name: string): void {
    if (this.flows.includes(name)) return;
    this.flows.push(name);
    this.version++;
  }

  origin(ref: TopicRef, partitions: number): Origin {
    let origin = this.origins.find((o) => o.cluster === ref.cluster && o.topic === ref.topic);
    if (!origin) {
      origin = { cluster: ref.cluster, topic: ref.topic, index: this.origins.length, partitions: [] };
      this.origins.push(origin);
    }
    while (origin.partitions.length < partitions) origin.partitions.push({ runs: [], claimed: 0, acked: 0 });
    return origin;
  }

  findOrigin(ref: TopicRef): Origin | undefined {
    return this.origins.find((o) => o.cluster === ref.cluster && o.topic === ref.topic);
  }

  /** Claims the next `count` records of a partition; returns the first n. */
  claim(origin: Origin, partition: number, count: number): number {
    const p = origin.partitions[partition]!;
    const n = p.claimed;
    p.claimed += count;
    return n;
  }

  /** The stamp that identifies record n of an origin partition in its value. */
  stamp(origin: Origin, partition: number, n: number): string {
    return `${this.run}:${origin.index}:${partition}:${n}`;
  }

  recordProduced(origin: Origin, partition: number, run: Omit<ProducedRun, 'at' | 'time'>): void {
    const p = origin.partitions[partition]!;
    p.runs.push({ ...run, at: ++this.#clock, time: Date.now() });
    if (run.outcome === 'acked') p.acked += run.count;
    this.version++;
  }

  /** How many records were produced with each outcome, over every origin. */
  produceOutcomes(): Record<ProduceOutcome, number> {
    const counts: Record<ProduceOutcome, number> = { acked: 0, failed: 0, indeterminate: 0, aborted: 0 };
    for (const o of this.origins) for (const p of o.partitions) for (const r of p.runs) counts[r.outcome] += r.count;
    return counts;
  }

  /** Records an event of the drill's history with its time. */
  event(kind: LedgerEvent['kind'], subject: string, what: string, cluster?: string): LedgerEvent {
    const e: LedgerEvent = { at: ++this.#clock, time: Date.now(), kind, subject, what, ...(cluster ? { cluster } : {}) };
    this.events.push(e);
    this.version++;
    return e;
  }

  /** Records a stretch MM2 skipped (once per origin partition and stretch); returns whether it was new. */
  mirrorSkip(skip: Omit<MirrorSkip, 'at' | 'time'>): boolean {
    const known = this.mirrorSkips.find((k) => k.origin === skip.origin && k.partition === skip.partition && k.from === skip.from && k.to === skip.to);
    if (known) {
      if (known.logStart === undefined && skip.logStart !== undefined) known.logStart = skip.logStart;
      // MM2's own syncs, once they show the jump, are the better evidence than the copy's tail.
      if (known.evidence === 'tail' && skip.evidence !== 'tail') {
        known.evidence = skip.evidence ?? 'syncs';
        known.before = skip.before;
        known.after = skip.after;
        delete known.emptied;
        this.version++;
      }
      return false;
    }
    this.mirrorSkips.push({ ...skip, at: ++this.#clock, time: Date.now() });
    this.version++;
    return true;
  }

  /** Records a log start seen past the first record of a partition (each distinct one once). */
  logStart(entry: Omit<LogStart, 'at' | 'time'>): void {
    if (entry.start <= 0) return;
    if (this.logStarts.some((l) => l.origin === entry.origin && l.partition === entry.partition && l.cluster === entry.cluster && l.topic === entry.topic && l.start >= entry.start)) return;
    this.logStarts.push({ ...entry, at: ++this.#clock, time: Date.now() });
    this.version++;
  }

  /** The highest log start seen on the origin itself for a partition (0 when none moved). */
  originLogStart(origin: Origin, partition: number): number {
    let start = 0;
    for (const l of this.logStarts) if (l.origin === origin && l.partition === partition && l.cluster === origin.cluster && l.topic === origin.topic) start = Math.max(start, l.start);
    return start;
  }

  /** Starts a full audit of `topic` on `cluster`, a copy of `origin`; the caller counts records into it with `audited`. */
  newAudit(origin: Origin, cluster: string, topic: string): Audit & { copies: Uint8Array[] } {
    const audit = { origin, cluster, topic, time: Date.now(), at: ++this.#clock, copies: origin.partitions.map((p) => new Uint8Array(p.claimed)) };
    this.audits.push(audit);
    this.version++;
    return audit;
  }

  /**
   * A tail audit: per partition, the record at the end of `topic` on `cluster` and the offsets
   * of the log there (an empty log whose end is past 0 was emptied: what it held is unknown).
   */
  tailAudit(origin: Origin, cluster: string, topic: string, ends: Map<number, { start: number; end: number; value?: Buffer }>): Audit & { last: (number | undefined)[] } {
    const last = origin.partitions.map((_, p): number | undefined => {
      const e = ends.get(p);
      if (!e || e.end === 0) return -1;
      if (e.start >= e.end) return undefined;
      return this.copiedOffset(origin, p, e.value);
    });
    const audit = { origin, cluster, topic, time: Date.now(), at: ++this.#clock, last };
    this.audits.push(audit);
    this.version++;
    return audit;
  }

  /** Counts one record read by a full audit; returns false when the record is not one of the audit's origin. */
  audited(audit: Audit, value: Buffer | undefined): boolean {
    const id = this.identify(value);
    const copies = id && id[0] === audit.origin.index ? audit.copies?.[id[1]] : undefined;
    if (!copies || id![2] >= copies.length) return false;
    if (copies[id![2]]! < 255) copies[id![2]]!++;
    this.version++;
    return true;
  }

  /**
   * `rejoinedAt`: a consumer that starts over in its group (rebuilt after an error, rejoined after
   * a rebalance) reads again from the group's committed offsets: re-reads at or after them, per
   * partition of the log, are the consumer's at-least-once, not excess.
   */
  newSession(fields: Omit<Session, 'session' | 'time' | 'drained' | 'rereads' | 'excess' | 'copies' | 'justifiedFrom' | 'previous' | 'reads'>, rejoinedAt?: Map<number, number>): Session {
    const justifiedFrom = new Map<number, number>(rejoinedAt);
    for (const r of fields.resume?.partitions ?? []) if (r.justifiedFrom !== undefined) justifiedFrom.set(r.partition, r.justifiedFrom);
    const session: Session = { ...fields, session: ++this.#clock, time: Date.now(), drained: [], rereads: new Map(), excess: new Map(), copies: new Map(), justifiedFrom, previous: new Map(), reads: 0 };
    this.sessions.push(session);
    this.#group(fields.group);
    this.version++;
    return session;
  }

  #group(group: string): GroupReads {
    let g = this.groups.get(group);
    if (!g) this.groups.set(group, (g = { group, partitions: new Map(), unrelated: 0 }));
    return g;
  }

  /** Reads of a group of one origin partition (created empty on first use). */
  readCounts(group: string, origin: Origin, partition: number): ReadCounts {
    const g = this.#group(group);
    const key = `${origin.index}:${partition}`;
    let counts = g.partitions.get(key);
    if (!counts) g.partitions.set(key, (counts = new ReadCounts()));
    return counts;
  }

  /**
   * A record an app under test produced and had acked, named by its own value: recorded like the
   * harness's records (one run of one record), the value kept to name it wherever it is read.
   * False when the value names a record already (the app must write distinct values).
   */
  appProduced(origin: Origin, partition: number, offset: number, value: string): boolean {
    if (this.#foreign.has(value)) return false;
    const n = this.claim(origin, partition, 1);
    this.#foreign.set(value, [origin.index, partition, n]);
    this.recordProduced(origin, partition, { n, count: 1, outcome: 'acked', offset });
    return true;
  }

  /** The record a value names, when this run produced it: [origin index, partition, n]. */
  identify(value: Buffer | undefined): [number, number, number] | undefined {
    const prefix = this.#prefix;
    if (!value || value.length <= prefix.length || value.compare(prefix, 0, prefix.length, 0, prefix.length) !== 0) {
      // Not stamped by this run: a value an app under test wrote, or nothing of this drill's.
      return value && this.#foreign.size ? this.#foreign.get(value.toString('utf8')) : undefined;
    }
    const parts: number[] = [];
    let v = 0;
    let digits = 0;
    for (let i = prefix.length; i < value.length; i++) {
      const c = value[i]!;
      if (c === COLON || c === QUOTE) {
        if (digits === 0) return undefined;
        parts.push(v);
        if (c === QUOTE) break;
        v = 0;
        digits = 0;
      } else if (c >= 0x30 && c <= 0x39) {
        v = v * 10 + (c - 0x30);
        digits++;
      } else return undefined;
    }
    return parts.length === 3 ? (parts as [number, number, number]) : undefined;
  }

  /** One record read by a session, at `offset` of `partition` of the log the session reads (`now`: when it was read, if not now). */
  recordRead(session: Session, partition: number, offset: number, value: Buffer | undefined, now = Date.now()): void {
    session.reads++;
    session.firstReadTime ??= now;
    session.lastReadTime = now;
    const id = this.identify(value);
    const origin = id && this.origins[id[0]];
    if (!id || origin !== session.origin || id[1] >= origin.partitions.length) {
      this.#group(session.group).unrelated++;
      this.version++;
      return;
    }
    const counts = this.readCounts(session.group, origin, id[1]);
    const copy = this.#readInLog(session, id[1], offset, id[2]);
    if (counts.add(id[2]) === 0) {
      // First read of the record by the group.
    } else if (copy) {
      // The log holds the record again further on: MM2 (or a retrying producer) wrote it twice.
      counts.copies++;
      counts.copyCounts = holding(counts.copyCounts, id[2]);
      if (counts.copyCounts[id[2]]! < 255) counts.copyCounts[id[2]]!++;
      session.copies.set(id[1], (session.copies.get(id[1]) ?? 0) + 1);
    } else {
      session.rereads.set(id[1], (session.rereads.get(id[1]) ?? 0) + 1);
      // Judged where it was read: MM2 answers for what lies at or after the offset it gave.
      const from = session.justifiedFrom.get(partition);
      if (from === undefined || offset < from) session.excess.set(id[1], (session.excess.get(id[1]) ?? 0) + 1);
    }
    const before = session.previous.get(partition);
    if (before !== undefined && offset < before) {
      counts.reordered++;
      if (counts.reorderedAt.length < EXAMPLES) counts.reorderedAt.push(this.offsetOf(origin, id[1], id[2]) ?? offset);
    }
    session.previous.set(partition, offset);
    this.version++;
  }

  /**
   * Marks record n as read by the session's group in the log partition it reads; returns true when
   * the group had read n from this same log before and this read lies beyond every offset it had
   * read there: a second copy of the record in the log, read moving forward.
   */
  #readInLog(session: Session, originPartition: number, offset: number, n: number): boolean {
    const key = logKey(session.group, session, originPartition);
    let log = this.#logReads.get(key);
    if (!log) this.#logReads.set(key, (log = { bits: new Uint8Array(64), high: -1 }));
    const byte = n >> 3;
    log.bits = holding(log.bits, byte);
    const bit = 1 << (n & 7);
    const seen = (log.bits[byte]! & bit) !== 0;
    const forward = offset > log.high;
    log.bits[byte]! |= bit;
    if (forward) log.high = offset;
    return seen && forward;
  }

  /** Whether the group read record n of an origin partition from the log `ref` (its copy there, or the origin itself). */
  readFromLog(group: string, ref: TopicRef, originPartition: number, n: number): boolean {
    const log = this.#logReads.get(logKey(group, ref, originPartition));
    return log !== undefined && ((log.bits[n >> 3] ?? 0) & (1 << (n & 7))) !== 0;
  }

  /**
   * The origin offset of the record a value found at the end of a copy names, when it is a record
   * of that origin partition (MM2 keeps partition numbers); undefined otherwise.
   */
  copiedOffset(origin: Origin, partition: number, value: Buffer | undefined): number | undefined {
    const id = this.identify(value);
    return id && id[0] === origin.index && id[1] === partition ? this.offsetAtOrBefore(origin, partition, id[2]) : undefined;
  }

  /**
   * The origin offset of record n when it was acked; for a record that was not (indeterminate,
   * with no offset known), the offset of the last acked record produced before it, or -1.
   */
  offsetAtOrBefore(origin: Origin, partition: number, n: number): number {
    const exact = this.offsetOf(origin, partition, n);
    if (exact !== undefined) return exact;
    let best = -1;
    for (const r of origin.partitions[partition]?.runs ?? []) {
      if (r.offset === undefined || r.n > n) continue;
      best = Math.max(best, r.offset + Math.min(r.count, n - r.n) - 1);
    }
    return best;
  }

  recordCommit(group: string, ref: TopicRef, offsets: Map<number, number>): void {
    const key = `${group}/${ref.cluster}/${ref.topic}`;
    this.commitLog.push({ time: Date.now(), group, cluster: ref.cluster, topic: ref.topic, offsets: Object.fromEntries(offsets) });
    const known = this.commits.get(key) ?? new Map<number, number>();
    for (const [p, o] of offsets) known.set(p, o);
    this.commits.set(key, known);
  }

  committed(group: string, ref: TopicRef): Map<number, number> | undefined {
    return this.commits.get(`${group}/${ref.cluster}/${ref.topic}`);
  }

  finishSession(session: Session, drained: number[]): void {
    session.drained.push(...drained);
    session.endTime = Date.now();
    this.version++;
  }

  /** The run holding record n of a partition. */
  runOf(origin: Origin, partition: number, n: number): ProducedRun | undefined {
    const runs = origin.partitions[partition]?.runs ?? [];
    // Runs are appended as answers arrive, so not necessarily in n order; a scan from the end
    // finds recent records first.
    for (let i = runs.length - 1; i >= 0; i--) {
      const r = runs[i]!;
      if (n >= r.n && n < r.n + r.count) return r;
    }
    return undefined;
  }

  /** Offset record n was acked at on its origin, if it was acked. */
  offsetOf(origin: Origin, partition: number, n: number): number | undefined {
    const r = this.runOf(origin, partition, n);
    return r?.offset === undefined ? undefined : r.offset + (n - r.n);
  }

  get produced(): number {
    let n = 0;
    for (const o of this.origins) for (const p of o.partitions) for (const r of p.runs) n += r.count;
    return n;
  }

  get acked(): number {
    let n = 0;
    for (const o of this.origins) for (const p of o.partitions) n += p.acked;
    return n;
  }

  get reads(): number {
    let n = 0;
    for (const s of this.sessions) n += s.reads;
    return n;
  }

  get isEmpty(): boolean {
    return this.produced === 0 && this.reads === 0;
  }

  /** Bytes the ledger holds per record, roughly: read counts plus runs. */
  get bytes(): number {
    let bytes = 0;
    for (const g of this.groups.values()) for (const c of g.partitions.values()) bytes += c.bytes;
    for (const o of this.origins) for (const p of o.partitions) bytes += p.runs.length * 64;
    return bytes;
  }
}
