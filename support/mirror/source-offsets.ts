import type { MirrorSpec } from './mm2-properties.ts';
import { CONNECT_CLUSTER } from './connect-config.ts';

/**
 * MM2's committed source offsets, as Kafka Connect keeps them in its offsets topic on the target:
 * a record keyed `["MirrorSourceConnector",{"cluster":"es-src","partition":0,"topic":"products"}]`
 * (the connector's name, then MirrorUtils.wrapPartition) whose value is `{"offset":N}`
 * (MirrorUtils.wrapOffset of the last source offset MM2 copied and had acked; JSON, schemas off:
 * Connect's internal converter). The last value of a key wins; a null value (a tombstone) clears it.
 * A restarted MirrorSourceTask seeks to N + 1 (MirrorSourceTask.initializeConsumer), so whatever
 * MM2 wrote to the target past N before it died it writes again.
 */

/** The offsets topic of the flow's MM2 on its target: the dedicated driver's (MirrorMakerConfig.workerConfig), or the harness's Connect cluster's. */
export function offsetsTopic(spec: Pick<MirrorSpec, 'source' | 'target' | 'overrides' | 'deployment'>): string {
  if (spec.deployment?.kind === 'connect') return CONNECT_CLUSTER.offsetTopic;
  // workerConfig: the target's cluster props first, then a top-level offset.storage.* wins.
  return spec.overrides['offset.storage.topic'] ?? spec.overrides[`${spec.target}.offset.storage.topic`] ?? `mm2-offsets.${spec.source}.internal`;
}

/**
 * Folds the records of the offsets topic, in log order, into the committed source offset of
 * each partition of `topic` from `cluster` (MirrorSourceConnector's keys only; other connectors
 * and topics are left out). A key or value that is not Connect's JSON is skipped.
 */
export function committedSourceOffsets(records: Iterable<{ key: Buffer | undefined; value: Buffer | undefined }>, cluster: string, topic: string, connector = 'MirrorSourceConnector'): Map<number, number> {
  const offsets = new Map<number, number>();
  for (const r of records) {
    if (!r.key) continue;
    let key: unknown;
    try {
      key = JSON.parse(r.key.toString('utf8'));
    } catch {
      continue;
    }
    if (!Array.isArray(key) || key[0] !== connector || typeof key[1] !== 'object' || key[1] === null) continue;
    const p = key[1] as { cluster?: unknown; topic?: unknown; partition?: unknown };
    if (p.cluster !== cluster || p.topic !== topic || typeof p.partition !== 'number') continue;
    if (!r.value) {
      offsets.delete(p.partition);
      continue;
    }
    let value: unknown;
    try {
      value = JSON.parse(r.value.toString('utf8'));
    } catch {
      continue;
    }
    const offset = (value as { offset?: unknown } | null)?.offset;
    if (typeof offset === 'number') offsets.set(p.partition, offset);
  }
  return offsets;
}
