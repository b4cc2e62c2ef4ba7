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

  /** Reads the checkpoints written since the last call. */
  async readCheckpoints(): Promise<void> {
    const target = await this.admins.target();
    const topic = checkpointsTopic(this.spec);
    if (!(await target.topics()).includes(topic)) return;
    for (const r of await target.readAll(topic, { from: this.#checkpointsFrom })) {
      this.#checkpointsFrom.set(r.partition, r.offset + 1);
      if (!r.key || !r.value) continue;
      const c = decodeCheckpoint(r.key, r.value);
      this.#checkpoints.set(`${c.group}\u0000${c.topic}\u0000${c.partition}`, c);
    }
  }

  /** Reads the offset syncs written since the last call into the model stores. */
  async readSyncs(): Promise<void> {
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

  /** The model of MM2's sync store for an upstream partition, once a sync was read for it. */
  store(upstreamTopic: string, partition: number): PartitionSyncStore | undefined {
    return this.#stores.get(`${upstreamTopic}\u0000${partition}`);
  }
}
