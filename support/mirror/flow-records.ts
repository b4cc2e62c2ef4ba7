import type { ClusterAdmin } from '../kafka/cluster-admin.ts';
import { progress } from '../progress.ts';
import { decodeCheckpoint, decodeOffsetSync, type Checkpoint } from './checkpoint-codec.ts';
import { offsetSyncsLocation, type MirrorSpec } from './mm2-properties.ts';
import { PartitionSyncStore, type Sync } from './offset-sync-store.ts';
import { checkpointsTopic, offsetSyncsTopic } from './replication-policy.ts';

/**
 * What one MM2 flow wrote into its internal topics, read incrementally by the harness: the
 * checkpoints on the target (latest per group and downstream partition, as
 * RemoteClusterUtils.translateOffsets keeps them) and the offset syncs (on the source unless
 * offset-syncs.topic.location=target), replayed into a model of MM2's OffsetSyncStore per
 * upstream partition. The syncs stay readable only while their cluster lives: what was read
 * before a fault is what explains a checkpoint afterwards.
 */
/**
 * Upstream offsets MM2 moved past without copying them, between two consecutive offset syncs of a
 * partition: MirrorSourceTask's OffsetSyncWriter writes a sync whenever an upstream offset was
 * skipped (`upstreamOffset - previousUpstreamOffset != 1`), so the sync after a skip is exact, and
 * the skipped offsets are those just below it: `from` .. `to - 1`. Undefined when the downstream
 * offset advanced as far as the upstream one (nothing skipped), when MM2 went back upstream (a
 * restart re-copying what it had not committed) or the downstream log went back (truncated).
 * Upstream offsets that hold no record (transaction markers, compacted records) skip too: what
 * the stretch held is for the ledger to say.
 */
export function skipBetween(before: Sync | undefined, after: Sync): { from: number; to: number } | undefined {
  if (!before || after.upstream <= before.upstream || after.downstream < before.downstream) return undefined;
  const skipped = after.upstream - before.upstream - (after.downstream - before.downstream);
  return skipped > 0 ? { from: after.upstream - skipped, to: after.upstream } : undefined;
}

/** A stretch of an upstream partition MM2 skipped, with the two syncs that show it. */
export interface SyncSkip {
  topic: string;
  partition: number;
  from: number;
  to: number;
  before: Sync;
  after: Sync;
}

export class FlowRecords {
  readonly #checkpoints = new Map<string, Checkpoint>();
  /** Every downstream offset MM2 checkpointed, per group, downstream topic and partition. */
  readonly #downstreams = new Map<string, Set<number>>();
  /** One read of each topic at a time: two would feed the same syncs into the model twice. */
  #reading: Promise<unknown> = Promise.resolve();
  readonly #stores = new Map<string, PartitionSyncStore>();
  readonly #checkpointsFrom = new Map<number, number>();
  readonly #syncsFrom = new Map<number, number>();
  /** The last sync read per upstream partition, as written (not as the store keeps it). */
  readonly #lastSync = new Map<string, Sync>();
  readonly #skips: SyncSkip[] = [];

  constructor(
    readonly spec: MirrorSpec,
    private readonly admins: { source: () => Promise<ClusterAdmin>; target: () => Promise<ClusterAdmin> },
    /** Told of each stretch MM2 skipped, as its syncs are read. */
    private readonly onSkip?: (skip: SyncSkip) => Promise<void>,
  ) {}

  /** Every stretch MM2 skipped that the syncs read so far show, of one upstream topic. */
  skips(upstreamTopic: string): SyncSkip[] {
    return this.#skips.filter((k) => k.topic === upstreamTopic);
  }

  /** The last offset sync MM2 wrote for an upstream partition, as read so far. */
  lastSync(upstreamTopic: string, partition: number): Sync | undefined {
    return this.#lastSync.get(`${upstreamTopic}\u0000${partition}`);
  }

  /** Where MM2 keeps the offset syncs of this flow. */
  get syncsOn(): 'source' | 'target' {
    return offsetSyncsLocation(this.spec);
  }

  #serially<T>(work: () => Promise<T>): Promise<T> {
    const next = this.#reading.then(work, work);
    this.#reading = next.catch(() => undefined);
    return next;
  }

  /** Reads the checkpoints written since the last call. */
  readCheckpoints(): Promise<void> {
    return this.#serially(() => this.#readCheckpoints());
  }

  /** Reads the offset syncs written since the last call into the model stores. */
  readSyncs(): Promise<void> {
    return this.#serially(() => this.#readSyncs());
  }

  async #readCheckpoints(): Promise<void> {
    const target = await this.admins.target();
    const topic = checkpointsTopic(this.spec);
    if (!(await target.topics()).includes(topic)) return;
    for (const r of await target.readAll(topic, { from: this.#checkpointsFrom })) {
      this.#checkpointsFrom.set(r.partition, r.offset + 1);
      if (!r.key || !r.value) continue;
      const c = decodeCheckpoint(r.key, r.value);
      const key = `${c.group}\u0000${c.topic}\u0000${c.partition}`;
      this.#checkpoints.set(key, c);
      const seen = this.#downstreams.get(key) ?? new Set<number>();
      seen.add(c.downstreamOffset);
      this.#downstreams.set(key, seen);
    }
  }

  async #readSyncs(): Promise<void> {
    const admin = await (this.syncsOn === 'target' ? this.admins.target() : this.admins.source());
    const topic = offsetSyncsTopic(this.spec);
    if (!(await admin.topics()).includes(topic)) return;
    for (const r of await admin.readAll(topic, { from: this.#syncsFrom, timeoutMs: 60_000 })) {
      this.#syncsFrom.set(r.partition, r.offset + 1);
      if (!r.key || !r.value) continue;
      const s = decodeOffsetSync(r.key, r.value);
      const key = `${s.topic}\u0000${s.partition}`;
      let store = this.#stores.get(key);
      if (!store) this.#stores.set(key, (store = new PartitionSyncStore()));
      const sync = { upstream: s.upstreamOffset, downstream: s.downstreamOffset };
      const latest = store.latest();
      if (latest && sync.upstream < latest.upstream) {
        // OffsetSyncStore.updateSyncArray clears every kept sync on an upstream rewind: commits
        // below this sync can no longer be translated (checkpointState, untranslatable).
        progress(`MM2 wrote an offset sync of ${s.topic} partition ${s.partition} at ${sync.upstream} → ${sync.downstream} after one at ${latest.upstream} → ${latest.downstream}: an upstream rewind, which makes MM2 forget every earlier sync of the partition`);
      }
      store.add(sync);
      const before = this.#lastSync.get(key);
      this.#lastSync.set(key, sync);
      const skipped = skipBetween(before, sync);
      if (skipped) {
        const skip = { topic: s.topic, partition: s.partition, ...skipped, before: before!, after: sync };
        this.#skips.push(skip);
        await this.onSkip?.(skip);
      }
    }
  }

  /** The latest checkpoint of a group per partition of a downstream topic. */
  latestCheckpoints(group: string, downstreamTopic: string): Map<number, Checkpoint> {
    const latest = new Map<number, Checkpoint>();
    for (const c of this.#checkpoints.values()) if (c.group === group && c.topic === downstreamTopic) latest.set(c.partition, c);
    return latest;
  }

  /** Every latest checkpoint read, of every group. */
  allCheckpoints(): Checkpoint[] {
    return [...this.#checkpoints.values()];
  }

  /** Every latest checkpoint of a group, of whichever downstream topic. */
  groupCheckpoints(group: string): Checkpoint[] {
    return [...this.#checkpoints.values()].filter((c) => c.group === group);
  }

  /** The upstream topics MM2 wrote an offset sync of, as read so far. */
  syncedTopics(): string[] {
    return [...new Set([...this.#stores.keys()].map((k) => k.split('\u0000')[0]!))];
  }

  /** Whether MM2 ever checkpointed the group at this downstream offset of a partition. */
  checkpointed(group: string, downstreamTopic: string, partition: number, downstreamOffset: number): boolean {
    return this.#downstreams.get(`${group}\u0000${downstreamTopic}\u0000${partition}`)?.has(downstreamOffset) ?? false;
  }

  /** The model of MM2's sync store for an upstream partition, once a sync was read for it. */
  store(upstreamTopic: string, partition: number): PartitionSyncStore | undefined {
    return this.#stores.get(`${upstreamTopic}\u0000${partition}`);
  }
}
