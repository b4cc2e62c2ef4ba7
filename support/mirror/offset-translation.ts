import { decodeCheckpoint, type Checkpoint } from './checkpoint-codec.ts';

export interface CheckpointRecord {
  key: Buffer | undefined;
  value: Buffer | undefined;
}

/** Where a group should resume on the target: downstream topic → partition → offset. */
export type TranslatedOffsets = Map<string, Map<number, number>>;

/** Decodes a checkpoints topic's records, skipping tombstones. */
export function decodeCheckpoints(records: CheckpointRecord[]): Checkpoint[] {
  const checkpoints: Checkpoint[] = [];
  for (const r of records) {
    if (!r.key || !r.value) continue;
    checkpoints.push(decodeCheckpoint(r.key, r.value));
  }
  return checkpoints;
}

/**
 * The TypeScript equivalent of RemoteClusterUtils.translateOffsets: read the flow's
 * checkpoints topic on the target (checkpointsTopic in replication-policy.ts) from the
 * beginning, in order, and keep the last checkpoint of `group` for every downstream
 * topic-partition. The result is what the group should commit (or seek to) on the target
 * before it resumes there.
 */
export function translateOffsets(records: CheckpointRecord[], group: string): TranslatedOffsets {
  const result: TranslatedOffsets = new Map();
  for (const c of decodeCheckpoints(records)) {
    if (c.group !== group) continue;
    let partitions = result.get(c.topic);
    if (!partitions) result.set(c.topic, (partitions = new Map()));
    partitions.set(c.partition, c.downstreamOffset);
  }
  return result;
}

/** The latest checkpoint per downstream partition of one group, for waiting and reporting. */
export function latestCheckpoints(records: CheckpointRecord[], group: string, topic: string): Map<number, Checkpoint> {
  const latest = new Map<number, Checkpoint>();
  for (const c of decodeCheckpoints(records)) if (c.group === group && c.topic === topic) latest.set(c.partition, c);
  return latest;
}
