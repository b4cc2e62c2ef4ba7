import { DEFAULTS } from '../config/defaults.ts';
import { BadStepParameter } from '../errors.ts';
import type { ClusterAdmin } from '../kafka/cluster-admin.ts';
import { progress } from '../progress.ts';
import { waitFor } from '../wait-for.ts';
import { syncsGroupOffsets, type MirrorSpec } from './mm2-properties.ts';
import type { Checkpoint } from './checkpoint-codec.ts';
import type { FlowRecords } from './flow-records.ts';
import type { PartitionSyncStore } from './offset-sync-store.ts';
import { remoteTopic } from './replication-policy.ts';
import { sourceConsumerIsolation } from './source-isolation.ts';

/** One running MM2 flow, seen through the harness' admin clients of both ends. */
export interface FlowView {
  spec: MirrorSpec;
  source: ClusterAdmin;
  target: ClusterAdmin;
  /** MM2's log, named when a wait times out. */
  log: string;
  /** The error to stop waiting with when MM2 died, else undefined. */
  died: () => Error | undefined;
  /** The flow's checkpoints and offset syncs, read incrementally. */
  records: FlowRecords;
  /** Why MM2 will never copy all of a topic (it skipped records the source removed first), else undefined. */
  skipped?: (topic: string) => Error | undefined;
  /** Notes what the source removed before MM2 copied it, from the copy's last record and the source's log start. */
  checkRemovals?: (topic: string) => Promise<void>;
}

function waitOnFlow(flow: FlowView, what: string, condition: () => Promise<true | string>, progressLabel: string, abort?: () => Error | undefined, timeoutMs: number = DEFAULTS.mirrorTimeoutMs): Promise<void> {
  return waitFor(condition, {
    what,
    timeoutMs,
    log: flow.log,
    onProgress: (ms, state) => progress(`waiting ${(ms / 1000).toFixed(0)} s for ${progressLabel}: ${state ?? ''}`),
    abort: () => flow.died() ?? abort?.(),
  });
}

/**
 * What the source says now, asked again while it cannot answer (a broker just lost: until the
 * controller fences it, its partitions' leaders are unknown to the harness's admin), within
 * 30 s; then the last error, with the state it left.
 */
async function askSource<T>(flow: FlowView, what: string, ask: () => Promise<T>): Promise<T> {
  let answer: { value: T } | undefined;
  await waitFor(
    async (): Promise<true> => {
      answer = { value: await ask() };
      return true;
    },
    { what: `${what} on ${flow.spec.source}`, timeoutMs: 30_000, log: flow.log, onProgress: (ms, state) => progress(`waiting ${(ms / 1000).toFixed(0)} s for ${what} on ${flow.spec.source}: ${state ?? ''}`) },
  );
  return answer!.value;
}

/** What a source partition holds at its end, for MM2's consumer: the last record it gets, if any. */
export interface SourceTail {
  partition: number;
  /** The offset of the last record MM2's consumer gets (none: the partition holds none). */
  last?: { offset: number };
}

/**
 * Whether MM2 has mirrored one source partition, or what it still lacks: the latest offset sync
 * MM2 wrote must reach the last record of the source (it writes the sync of the last record it
 * copied, after the copy was acked or its transaction committed, at its next offset commit), and
 * the target's end (the last stable offset: what a read_committed reader gets) must be past that
 * sync's downstream offset, where the copy is. The sync does not prove that MM2 committed the
 * record's source offset: Connect fires the syncs queued since its last offset commit even when
 * that commit had nothing acked to flush, so a record acked just after a commit began has its
 * sync written one commit before its offset (a restart in between copies it again).
 * Offsets of the two logs are never compared with each
 * other: markers of transactions (an app's on the source, exactly-once MM2's on the target) and
 * aborted records take offsets in one log, not the other. Monotone: records produced since only
 * move the sync and the end further.
 */
export function mirroredState(tail: SourceTail, latestSync: { upstream: number; downstream: number } | undefined, targetEnd: number | undefined): string | undefined {
  const last = tail.last;
  if (!last) return undefined;
  if (!latestSync || latestSync.upstream < last.offset) return `partition ${tail.partition}: latest offset sync at ${latestSync?.upstream ?? 'none'}, the source's last record at ${last.offset}`;
  if (targetEnd === undefined || targetEnd <= latestSync.downstream) {
    return `partition ${tail.partition}: the copy of ${latestSync.upstream} at ${latestSync.downstream} is not readable on the target yet (end ${targetEnd ?? 'unknown'})`;
  }
  return undefined;
}

/**
 * Until the last record of every partition of the source (as MM2's consumer reads it: committed
 * records only with read_committed) is copied and readable on the target, and MM2 has written the
 * offset sync of that record (it delays that sync to its next offset commit): from then on, a
 * group caught up with the source translates exactly.
 */
export async function waitMirrored(flow: FlowView, topic: string, timeoutMs: number = DEFAULTS.mirrorTimeoutMs): Promise<void> {
  const remote = remoteTopic(flow.spec, topic);
  const isolation = sourceConsumerIsolation(flow.spec);
  const expected = await askSource(flow, `the last records of ${topic}`, async (): Promise<SourceTail[]> => {
    const offsets = await flow.source.offsets(topic, undefined, isolation);
    const last = await flow.source.lastRecords(topic, offsets, isolation);
    return offsets.map((o) => {
      const r = last.get(o.partition);
      return r ? { partition: o.partition, last: { offset: r.offset } } : { partition: o.partition };
    });
  });
  // What the source removed before MM2 copied it is never mirrored: noted now, said by the abort.
  await flow.checkRemovals?.(topic);
  await waitOnFlow(
    flow,
    `MM2 to mirror ${topic} from ${flow.spec.source} to ${remote} on ${flow.spec.target} and sync its offsets`,
    async () => {
      await flow.records.readSyncs();
      // Syncs that show a skip of removed records end the wait by its abort, even when the same
      // read shows MM2 at the source's end: the copy is not whole.
      if (flow.skipped?.(topic)) return 'MM2 skipped records the source removed first';
      const ends = new Map((await flow.target.offsets(remote, expected.length, 'read_committed')).map((o) => [o.partition, o.end]));
      const pending = expected.flatMap((e) => mirroredState(e, flow.records.lastSync(topic, e.partition), ends.get(e.partition)) ?? []);
      return pending.length === 0 ? true : pending.join(', ');
    },
    `MM2 to mirror ${topic}`,
    () => flow.skipped?.(topic),
    timeoutMs,
  );
}

/** Whether MM2 wrote past `before` since (its copies go on downstream, the rewind's included), or what it still shows. */
export function copiedAgainState(now: { upstream: number; downstream: number } | undefined, before: { upstream: number; downstream: number }): string | undefined {
  return now && now.downstream > before.downstream ? undefined : `latest offset sync ${now ? `${now.upstream} → ${now.downstream}` : 'none'}, as before the reset (${before.upstream} → ${before.downstream})`;
}

/**
 * After MM2's source offset of a partition was set back (Connect's offsets API): until MM2 has
 * copied again from there, its latest offset sync of the partition lying further downstream than
 * `before`, the one it had written before the reset. Until then that sync still shows the copy
 * whole, so a wait on MM2 having mirrored the topic would pass before anything was copied again.
 */
export async function waitCopyingAgain(flow: FlowView, topic: string, partition: number, before: { upstream: number; downstream: number }): Promise<void> {
  await waitOnFlow(
    flow,
    `MM2 to copy ${topic} partition ${partition} again from the offset it was set back to`,
    async () => {
      await flow.records.readSyncs();
      return copiedAgainState(flow.records.lastSync(topic, partition), before) ?? true;
    },
    `MM2 to copy ${topic} again`,
  );
}

/**
 * Until MM2 has gone through everything the source holds of `topic` now, copied or skipped: its
 * latest offset sync of every partition is at the source's last offset (MM2 writes the sync of
 * the last record it copied at its next offset commit). For a drill that asserts what MM2 skipped.
 */
export async function waitThroughSource(flow: FlowView, topic: string): Promise<void> {
  // The last record MM2's consumer gets, not the offset before the end: a transactional source
  // ends in a marker (support/kafka/read-end.ts).
  const isolation = sourceConsumerIsolation(flow.spec);
  const expected = await askSource(flow, `the last records of ${topic}`, async () => {
    const offsets = await flow.source.offsets(topic, undefined, isolation);
    const last = await flow.source.lastRecords(topic, offsets, isolation);
    return offsets.flatMap((o) => (last.has(o.partition) ? [{ partition: o.partition, last: last.get(o.partition)!.offset }] : []));
  });
  await waitOnFlow(
    flow,
    `MM2 to go through everything ${flow.spec.source} holds of ${topic} (its offset syncs at the source's last offset)`,
    async () => {
      await flow.records.readSyncs();
      const behind = expected.filter((e) => (flow.records.lastSync(topic, e.partition)?.upstream ?? -1) < e.last);
      return behind.length === 0
        ? true
        : behind.map((e) => `partition ${e.partition}: MM2's latest offset sync at ${flow.records.lastSync(topic, e.partition)?.upstream ?? 'none'}, the source's last record at ${e.last}`).join(', ');
    },
    `MM2 to go through ${topic}`,
  );
}

/**
 * Until the target holds a checkpoint of the group's committed source offset for every
 * partition it committed, as precise as the offset syncs MM2 has written allow (MM2's
 * checkpoint task re-translates every interval and emits a checkpoint whenever its downstream
 * offset advances, so it reaches what its OffsetSyncStore translates from the syncs read so
 * far; a commit that would not advance it gets none, see checkpointState), and, when MM2 syncs
 * group offsets, the target group holds the checkpoint's offset.
 */
export async function waitCheckpointed(flow: FlowView, group: string, timeoutMs: number = DEFAULTS.mirrorTimeoutMs): Promise<void> {
  const sync = syncsGroupOffsets(flow.spec);
  const committedPerTopic = await askSource(flow, `the offsets group "${group}" committed`, () =>
    Promise.all(flow.spec.topics.map(async (topic) => [topic, await flow.source.groupOffsets(group, topic)] as const)),
  );
  if (committedPerTopic.every(([, committed]) => committed.size === 0)) {
    const groups = await flow.source.groups();
    throw new BadStepParameter(`group "${group}" has committed no offset on ${flow.spec.source} for ${flow.spec.topics.join(', ')}, so MM2 has nothing to checkpoint`, {
      hint: groups.length ? `groups on ${flow.spec.source}: ${groups.map((g) => `"${g}"`).join(', ')}` : `let the group read and commit on ${flow.spec.source} first`,
    });
  }
  for (const [topic, committed] of committedPerTopic) {
    if (committed.size === 0) continue;
    const remote = remoteTopic(flow.spec, topic);
    // Partitions the source holds no record of: MM2 has copied nothing there, so it has no offset
    // sync to translate a commit through (a Java consumer's commitSync() commits 0 on them).
    const empty = new Set(
      (await askSource(flow, `the offsets of ${topic}`, () => flow.source.offsets(topic))).filter((o) => o.start === o.end).map((o) => o.partition),
    );
    await waitOnFlow(
      flow,
      `MM2 to checkpoint group "${group}" on ${remote}${sync ? ' and sync its offsets' : ''} to ${flow.spec.target}`,
      async () => {
        await Promise.all([flow.records.readCheckpoints(), flow.records.readSyncs()]);
        const latest = flow.records.latestCheckpoints(group, remote);
        const synced = sync ? await flow.target.groupOffsets(group, remote) : undefined;
        const pending: string[] = [];
        const unsynced: number[] = [];
        for (const [partition, offset] of committed) {
          const best = flow.records.store(topic, partition)?.translate(offset);
          if (nothingToTranslate(partition, latest.get(partition), best, empty)) {
            unsynced.push(partition);
            continue;
          }
          const state = checkpointState(partition, offset, latest.get(partition), best, synced);
          if (state) pending.push(state);
        }
        if (pending.length) return pending.join('; ');
        for (const p of unsynced) {
          progress(
            `group "${group}" on ${remote}: partition ${p}: ${topic} partition ${p} holds no record on ${flow.spec.source}, so MM2 wrote no offset sync of it: ` +
              `OffsetSyncStore.translateDownstream gives nothing for the group's commit ${committed.get(p)} and MirrorCheckpointTask emits no checkpoint (a resume there starts at the log start)`,
          );
        }
        for (const line of untranslatable(committed, latest, (p) => flow.records.store(topic, p))) progress(`group "${group}" on ${remote}: ${line}`);
        if (synced) for (const line of aheadOfCheckpoint(latest, synced, flow.spec.target)) progress(`group "${group}" on ${remote}: ${line}`);
        return true;
      },
      `the checkpoint of "${group}"`,
      undefined,
      timeoutMs,
    );
  }
}

/**
 * Whether MM2 can never checkpoint this partition as things stand: the source holds no record of
 * it (`empty`), MM2 wrote no offset sync of it (`best` undefined) and no checkpoint either. MM2
 * translates only through an offset sync (OffsetSyncStore.translateDownstream gives an empty
 * OptionalLong without one, and MirrorCheckpointTask.checkpointsForGroup drops the partition), so
 * the wait has nothing to wait for there until records arrive.
 */
export function nothingToTranslate(partition: number, checkpoint: Checkpoint | undefined, best: number | undefined, empty: ReadonlySet<number>): boolean {
  return checkpoint === undefined && best === undefined && empty.has(partition);
}

/**
 * What is still missing for one partition of a group committed at `committed`, or undefined when
 * MM2 is done with it: `checkpoint` is MM2's latest, `best` what the offset syncs MM2 wrote
 * translate the commit to (-1 below every kept sync, undefined with no sync), `synced` the target
 * group's offsets when MM2 syncs them. MM2 emits a checkpoint only when its downstream offset
 * advances (MirrorCheckpointTask.checkpointIsMoreRecent), so a commit that translates to the
 * downstream offset of the checkpoint already there, or not at all, gets no checkpoint of its
 * own: the earlier checkpoint is then as precise as MM2 gets (a group moved from 150 to 750 while
 * MM2 kept no sync between 0 and 750 stays checkpointed at 150 → 1).
 */
export function checkpointState(partition: number, committed: number, checkpoint: Checkpoint | undefined, best: number | undefined, synced?: Map<number, number>): string | undefined {
  const c = checkpoint;
  // Below every offset sync MM2 keeps: MM2 declines to translate the commit (translateDownstream
  // gives -1, which MirrorCheckpointTask drops) and never checkpoints it; syncs only get newer, so
  // nothing is left to wait for (see untranslatable).
  if (c === undefined && best !== undefined && best < 0) return undefined;
  // A group that kept committing (a consumer reading continuously) is past the commit the wait
  // started from, and MM2 has checkpointed a later one: that is as recent as a checkpoint gets.
  if (c !== undefined && c.upstreamOffset > committed && c.downstreamOffset >= Math.max(0, best ?? 0)) {
    const wanted = Math.max(0, best ?? 0);
    if (synced && (synced.get(partition) ?? -1) < wanted) return `partition ${partition}: target group at ${synced.get(partition) ?? 'none'}, MM2's checkpoint of a later commit says ${c.downstreamOffset}`;
    return undefined;
  }
  const superseded = c !== undefined && c.upstreamOffset < committed && best !== undefined && (best < 0 || c.downstreamOffset >= best);
  if (c?.upstreamOffset !== committed && !superseded) {
    const translated = best === undefined ? 'no offset sync yet' : best < 0 ? 'below every sync MM2 keeps' : `the syncs MM2 keeps translate it to ${best}`;
    return `partition ${partition}: checkpoint at ${c ? `${c.upstreamOffset} → ${c.downstreamOffset}` : 'none'}, group at ${committed} (${translated})`;
  }
  if (best !== undefined && best >= 0 && c!.downstreamOffset < best) {
    return `partition ${partition}: checkpoint ${committed} → ${c!.downstreamOffset}, the offset syncs MM2 wrote translate it to ${best}`;
  }
  // MM2 syncs a checkpoint only into an empty group and never moves one back: a group that read
  // on the target past the checkpoint already stays where it is (see aheadOfCheckpoint).
  if (synced && (synced.get(partition) ?? -1) < c!.downstreamOffset) return `partition ${partition}: target group at ${synced.get(partition) ?? 'none'}, checkpoint says ${c!.downstreamOffset}`;
  return undefined;
}

/**
 * "partition 1: the group's commit 150 is below every offset sync MM2 keeps (…): MM2 gives it no
 * checkpoint …" for each committed partition MM2 cannot translate and has not checkpointed.
 */
export function untranslatable(committed: Map<number, number>, checkpoints: Map<number, Checkpoint>, store: (p: number) => PartitionSyncStore | undefined): string[] {
  const out: string[] = [];
  for (const [p, offset] of committed) {
    const s = store(p);
    if (checkpoints.has(p) || !s || s.translate(offset) !== -1) continue;
    const kept = s.kept().map((k) => k.upstream);
    out.push(
      `partition ${p}: the group's commit ${offset} is below every offset sync MM2 keeps (at ${kept.join(', ')} of the ${s.written} it wrote): ` +
        `MM2 gives it no checkpoint, and a resume on the target starts at the log start`,
    );
  }
  return out;
}

/** "partition 0: the group is at 51 on es-tgt, past MM2's checkpoint 20 → 1 …" for each partition where it is, else nothing. */
export function aheadOfCheckpoint(checkpoints: Map<number, Checkpoint>, synced: Map<number, number>, target: string): string[] {
  const out: string[] = [];
  for (const [p, c] of checkpoints) {
    const at = synced.get(p);
    if (at !== undefined && at > c.downstreamOffset) out.push(`partition ${p}: the group is already at ${at} on ${target}, past MM2's checkpoint ${c.upstreamOffset} → ${c.downstreamOffset}; MM2 does not move a group back`);
  }
  return out;
}
