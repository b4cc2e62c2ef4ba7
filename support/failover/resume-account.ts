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

  // The record at each checkpoint's downstream offset (or the last one, when the checkpoint
  // points at the end of the log) tells which origin offset the group resumes from.
  const probe = new Map<number, number>();
  for (const [p, c] of checkpoints) {
    const o = ends.get(p);
    if (!o || o.end === 0) continue;
    probe.set(p, Math.max(o.start, Math.min(c.downstreamOffset, o.end - 1)));
  }
  const probed = probe.size ? await target.readAt(topic, probe) : new Map();

  const partitions: ResumedPartition[] = [];
  const unread: number[] = [];
  const unsynced: number[] = [];
  for (let p = 0; p < input.partitions; p++) {
    const o = ends.get(p)!;
    const c = checkpoints.get(p);
    const startOffset = committed.get(p) !== undefined && committed.get(p)! >= o.start && committed.get(p)! <= o.end ? committed.get(p)! : o.start;
    const counts = ledger.groups.get(group)?.partitions.get(`${origin.index}:${p}`);
    const entry: ResumedPartition = { partition: p, startOffset, implied: 0 };
    const upstreamCommit = ledger.committed(group, { cluster: origin.cluster, topic: origin.topic })?.get(p);
    if (upstreamCommit !== undefined) entry.committedUpstream = upstreamCommit;
    if (c) {
      entry.checkpoint = { upstream: c.upstreamOffset, downstream: c.downstreamOffset };
      const record = probed.get(p);
      const id = record ? ledger.identify(record.value) : undefined;
      const at = id && id[0] === origin.index && id[1] === p ? ledger.offsetOf(origin, p, id[2]) : undefined;
      if (at !== undefined) entry.checkpointOrigin = record!.offset < c.downstreamOffset ? at + 1 : at;
      else if (o.end <= c.downstreamOffset || o.end === 0) entry.checkpointOrigin = Number.POSITIVE_INFINITY;
      // Records the group read before, at or after the origin offset the checkpoint stands for.
      if (counts && entry.checkpointOrigin !== undefined) {
        for (const r of origin.partitions[p]!.runs) {
          if (r.offset === undefined) continue;
          for (let i = 0; i < r.count; i++) if (r.offset + i >= entry.checkpointOrigin && counts.get(r.n + i) > 0) entry.implied++;
        }
      }
      if (entry.checkpointOrigin === Number.POSITIVE_INFINITY) delete entry.checkpointOrigin;
      explain(entry, input);
      if (input.mode === 'synced' && committed.get(p) === undefined) unsynced.push(p);
    } else if (counts && counts.reads > 0) {
      unread.push(p);
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
