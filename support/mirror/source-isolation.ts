import type { IsolationLevel } from '../kafka/read-end.ts';
import type { MirrorSpec } from './mm2-properties.ts';

/**
 * The isolation level of MM2's consumer on the flow's source, as MM2 resolves it: the flow's own
 * `<src>-><tgt>.source.consumer.isolation.level`, else the source cluster's
 * `<src>.consumer.isolation.level` (MirrorMakerConfig.clusterProps makes it the connector's
 * `source.consumer.isolation.level`), else the Java consumer's default, read_uncommitted: then MM2
 * copies the records of aborted transactions too (Kafka's docs recommend read_committed with
 * exactly-once). It tells which records of the source MM2 copies, and so where its copy ends.
 */
export function sourceConsumerIsolation(spec: Pick<MirrorSpec, 'source' | 'target' | 'overrides'>): IsolationLevel {
  const o = spec.overrides;
  const value = o[`${spec.source}->${spec.target}.source.consumer.isolation.level`] ?? o[`${spec.source}.consumer.isolation.level`];
  return value?.trim().toLowerCase() === 'read_committed' ? 'read_committed' : 'read_uncommitted';
}
