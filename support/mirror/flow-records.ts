import type { ClusterAdmin } from '../kafka/cluster-admin.ts';
import { decodeCheckpoint, decodeOffsetSync, type Checkpoint } from './checkpoint-codec.ts';
import { offsetSyncsLocation, type MirrorSpec } from './mm2-properties.ts';
import { PartitionSyncStore } from './offset-sync-store.ts';
import { checkpointsTopic, offsetSyncsTopic } from './replication-policy.ts';

/**
 * What one MM2 flow wrote into its internal topics, read incrementally by the harness: the
 * checkpoints on the target (latest per group and downstream partition, as
 * RemoteClusterUtils.translateOffsets keeps them) and the offset syncs (on the source unless
 * offset-syncs.topic.location=target), replayed into a model of MM2's OffsetSyncStore per
 * upstream partition. The syncs stay readable only while their cluster lives: what was read
 * before a fault is what explains a checkpoint afterwards.
 */
export class FlowRecords {
  readonly #checkpoints = new Map<string, Checkpoint>();
  /** Every downstream offset MM2 checkpointed, per group, downstream topic and partition. */
  readonly #downstreams = new Map<string, Set<number>>();
  /** One read of each topic at a time: two would feed the same syncs into the model twice. */
  #reading: Promise<unknown> = Promise.resolve();
  readonly #stores = new Map<string, PartitionSyncStore>();
  readonly #checkpointsFrom = new Map<number, number>();
  readonly #syncsFrom = new Map<number, number>();

  constructor(
    readonly spec: MirrorSpec,
    private readonly admins: { source: () => Promise<ClusterAdmin>; target: () => Promise<ClusterAdmin> },
  ) {}

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
      store.add({ upstream: s.upstreamOffset, downstream: s.downstreamOffset });
    }
  }

  /** The latest checkpoint of a group per partition of a downstream topic. */
  latestCheckpoints(group: string, downstreamTopic: string): Map<number, Checkpoint> {
    const latest = new Map<number, Checkpoint>();
    for (const c of this.#checkpoints.values()) if (c.group === group && c.topic === downstreamTopic) latest.set(c.partition, c);
    return latest;
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
