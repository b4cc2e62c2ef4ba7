import type { ClusterAdmin } from '../kafka/cluster-admin.ts';
import type { Ledger, Origin, Resume, ResumedPartition } from '../ledger/ledger.ts';
import type { FlowRecords } from '../mirror/flow-records.ts';
import type { Checkpoint } from '../mirror/checkpoint-codec.ts';

export interface ResumeInput {
  ledger: Ledger;
  group: string;
  /** The remote topic the group resumes on, on the target, and its partition count. */
  topic: string;
  partitions: number;
  target: ClusterAdmin;
  origin: Origin;
  mode: string;
  /** The flow the topic is mirrored through, with its upstream topic name. */
  flow?: { records: FlowRecords; upstream: string; name: string };
  checkpoints: Map<number, Checkpoint>;
}

/**
 * What MM2's checkpoint means for a group about to resume on the target, per partition: where
 * the group will start, where MM2 said it should, and how many records the group has read before
 * that the checkpoint makes it read again (`implied`). The checkpoint's downstream offset is
 * mapped back to the origin through the record the target holds there (its value names it), so
 * the account holds whatever MM2's offsets on the target are. Called before the session starts.
 */
export async function accountResume(input: ResumeInput): Promise<Resume> {
  const { ledger, group, topic, target, origin, checkpoints } = input;
  const [offsets, committed] = await Promise.all([target.offsets(topic, input.partitions), target.groupOffsets(group, topic)]);
  const ends = new Map(offsets.map((o) => [o.partition, o]));

  // Where MM2 says each partition resumes: the latest checkpoint's downstream offset, or, when
  // MM2 synced an older checkpoint into the group (it syncs on its own schedule), that one.
  const from = new Map<number, number>();
  const syncedOlder = new Map<number, number>();
  for (const [p, c] of checkpoints) {
    const synced = committed.get(p);
    if (input.mode === 'synced' && synced !== undefined && synced < c.downstreamOffset && input.flow?.records.checkpointed(group, topic, p, synced)) {
      syncedOlder.set(p, synced);
      from.set(p, synced);
    } else from.set(p, c.downstreamOffset);
  }
  // A partition MM2 never checkpointed because the group's upstream commit is below every offset
  // sync it keeps: MM2 declines to translate it (OffsetSyncStore.translateDownstream gives -1,
  // which MirrorCheckpointTask drops), so the group resumes at the log start by MM2's own design.
  const untranslatable = new Map<number, { kept: number[]; written: number }>();
  const upstreamCommits = ledger.committed(group, { cluster: origin.cluster, topic: origin.topic });
  const store = (p: number) => (input.flow ? input.flow.records.store(input.flow.upstream, p) : undefined);
  for (let p = 0; p < input.partitions; p++) {
    if (checkpoints.has(p)) continue;
    const upstream = upstreamCommits?.get(p);
    const s = store(p);
    if (upstream === undefined || !s || s.translate(upstream) !== -1) continue;
    untranslatable.set(p, { kept: s.kept().map((k) => k.upstream), written: s.written });
    from.set(p, ends.get(p)?.start ?? 0);
  }
  // The records at those offsets and at each log's end tell which origin records the group will
  // see again: those it had read that the target holds from there to its end.
  // (The first record at or after the offset MM2 gave, and the last record before the end: with
  // exactly-once MM2 the target's log holds transaction markers, so neither need be at the offset.)
  const at = new Map<number, number>();
  const last: typeof offsets = [];
  for (const [p, f] of from) {
    const o = ends.get(p);
    if (!o || o.end === 0) continue;
    // A group already past the checkpoint on the target starts where it is: MM2 implies re-reads
    // from there, not from the checkpoint it will not move the group back to.
    const own = committed.get(p);
    const begin = own !== undefined && own > f && own <= o.end ? own : f;
    if (begin >= o.end) continue;
    at.set(p, Math.max(o.start, begin));
    last.push(o);
  }
  const [atRecords, lastRecords] = at.size ? await Promise.all([target.readAt(topic, at), target.lastRecords(topic, last)]) : [new Map(), new Map()];
  const originOffset = (p: number, record: { value: Buffer | undefined } | undefined): number | undefined => {
    const id = record ? ledger.identify(record.value) : undefined;
    return id && id[0] === origin.index && id[1] === p ? ledger.offsetOf(origin, p, id[2]) : undefined;
  };

  const partitions: ResumedPartition[] = [];
  const unread: number[] = [];
  const unsynced: number[] = [];
  for (let p = 0; p < input.partitions; p++) {
    const o = ends.get(p)!;
    const c = checkpoints.get(p);
    const startOffset = committed.get(p) !== undefined && committed.get(p)! >= o.start && committed.get(p)! <= o.end ? committed.get(p)! : o.start;
    const counts = ledger.groups.get(group)?.partitions.get(`${origin.index}:${p}`);
    const entry: ResumedPartition = { partition: p, startOffset, implied: 0 };
    const upstreamCommit = upstreamCommits?.get(p);
    if (upstreamCommit !== undefined) entry.committedUpstream = upstreamCommit;
    const cannot = untranslatable.get(p);
    if (c || cannot) {
      if (c) entry.checkpoint = { upstream: c.upstreamOffset, downstream: c.downstreamOffset };
      if (cannot) entry.untranslatable = cannot;
      entry.justifiedFrom = from.get(p)!;
      if (syncedOlder.has(p)) entry.syncedCheckpoint = syncedOlder.get(p)!;
      // The group had read on the target past the checkpoint already: MM2 syncs a checkpoint only
      // into an empty group and never backwards (MirrorCheckpointTask), so the group stays there.
      const own = committed.get(p);
      if (c && own !== undefined && own > c.downstreamOffset && own <= o.end) entry.aheadOfCheckpoint = own;
      const first = originOffset(p, atRecords.get(p));
      const end = originOffset(p, lastRecords.get(p));
      if (first !== undefined) entry.checkpointOrigin = first;
      // MM2's prediction: records the group had read, from the origin record at the offset MM2
      // gave to the last one the target holds.
      if (counts && first !== undefined && end !== undefined) {
        for (const r of origin.partitions[p]!.runs) {
          if (r.offset === undefined) continue;
          for (let i = 0; i < r.count; i++) {
            const offset = r.offset + i;
            if (offset >= first && offset <= end && counts.get(r.n + i) > 0) entry.implied++;
          }
        }
      }
      explain(entry, input);
      if (c && input.mode === 'synced' && committed.get(p) === undefined) unsynced.push(p);
    } else if (counts && counts.reads > 0) {
      // Read but never committed here, while the group committed other partitions: nothing for
      // MM2 to checkpoint. (A group that committed nothing at all upstream is not told apart from
      // one whose commits MM2 missed: every re-read is unjustified.)
      if (upstreamCommit === undefined && upstreamCommits?.size) {
        entry.neverCommitted = true;
        entry.justifiedFrom = startOffset;
      } else unread.push(p);
    }
    partitions.push(entry);
  }

  const resume: Resume = { mode: input.mode, partitions };
  if (input.flow) resume.flow = input.flow.name;
  const warnings: string[] = [];
  if (unread.length) {
    warnings.push(
      `MM2 gave no checkpoint of group "${group}" for partition(s) ${unread.join(', ')} of ${topic}, which the group had read: ` +
        `it starts there at ${unread.map((p) => partitions[p]!.startOffset).join(', ')} and every re-read is unjustified`,
    );
  }
  if (unsynced.length) {
    // MM2 writes synced offsets on its own schedule, only into an empty group; consumers started
    // before it did start at the log start of those partitions.
    warnings.push(
      `MM2 had checkpointed group "${group}" for partition(s) ${unsynced.join(', ')} of ${topic} but not synced the offset into the group yet: ` +
        `consumers started now begin there at the log start`,
    );
  }
  if (warnings.length) resume.warning = warnings.join('; ');
  return resume;
}

/** The offset sync the checkpoint translates through, and the syncs MM2 kept, from the model of its store. */
function explain(entry: ResumedPartition, input: ResumeInput): void {
  const store = input.flow?.records.store(input.flow.upstream, entry.partition);
  if (!store || !entry.checkpoint) return;
  const { upstream, downstream } = entry.checkpoint;
  const kept = store.kept();
  entry.kept = kept.map((s) => s.upstream);
  entry.written = store.written;
  const sync = kept.find((s) => s.upstream <= upstream && s.downstream + (upstream === s.upstream ? 0 : 1) === downstream);
  if (sync) entry.sync = { upstream: sync.upstream, downstream: sync.downstream };
}
