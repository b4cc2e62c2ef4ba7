import { effectiveSetting, internalTopicSeparatorEnabled, isSet, keepsTopicNames, offsetSyncsLocation, type MirrorSpec } from './mm2-properties.ts';

/**
 * How MM2 names topics for a flow, as DefaultReplicationPolicy and IdentityReplicationPolicy
 * (connect-mirror-client) do. Both read replication.policy.* from the connector's config, i.e.
 * globally or flow-prefixed (es-src->es-tgt.replication.policy.separator), never per cluster.
 */

/** replication.policy.separator as the policy gets it: the raw value, "." by default. */
function separator(spec: MirrorSpec): string {
  return effectiveSetting(spec, 'replication.policy.separator', '.');
}

/**
 * The separator in the names of MM2's internal topics (checkpoints, offset syncs). The policy
 * reads replication.policy.internal.topic.separator.enabled only when a separator is set; false
 * there keeps the "." of older MM2 releases (KIP-690) whatever the separator.
 */
function internalSeparator(spec: MirrorSpec): string {
  if (!isSet(spec, 'replication.policy.separator')) return '.';
  return internalTopicSeparatorEnabled(spec) ? separator(spec) : '.';
}

/**
 * How MM2 names a source topic on the target: DefaultReplicationPolicy prefixes the source
 * alias and the separator (es-src.products); IdentityReplicationPolicy keeps the name.
 */
export function remoteTopic(spec: MirrorSpec, topic: string): string {
  if (keepsTopicNames(spec)) return topic;
  return `${spec.source}${separator(spec)}${topic}`;
}

/** The inverse: which source topic a target topic mirrors, or undefined if it mirrors none. */
export function upstreamTopic(spec: MirrorSpec, remote: string): string | undefined {
  if (keepsTopicNames(spec)) return remote;
  const prefix = `${spec.source}${separator(spec)}`;
  return remote.startsWith(prefix) ? remote.slice(prefix.length) : undefined;
}

/**
 * The downstream topic MM2 would write a checkpoint of `topic` (a topic of the flow's source) under,
 * as MirrorCheckpointTask.renameTopicPartition names it: a topic that came from the flow's target
 * (es-src.products, checkpointed by the flow es-tgt → es-src) goes back to its original name
 * (products); any other gets the remote name (es-tgt.products).
 */
export function checkpointedAs(spec: MirrorSpec, topic: string): string {
  if (keepsTopicNames(spec)) return topic;
  const fromTarget = `${spec.target}${separator(spec)}`;
  return topic.startsWith(fromTarget) ? topic.slice(fromTarget.length) : remoteTopic(spec, topic);
}

/** The flow's checkpoints topic on the target: `<source>.checkpoints.internal`, with the internal separator. */
export function checkpointsTopic(spec: MirrorSpec): string {
  const sep = internalSeparator(spec);
  return `${spec.source}${sep}checkpoints${sep}internal`;
}

/**
 * The flow's offset-syncs topic: `mm2-offset-syncs.<target>.internal` on the source, or, with
 * offset-syncs.topic.location=target, `mm2-offset-syncs.<source>.internal` on the target (the
 * alias is always the other cluster's). See offsetSyncsLocation for which cluster holds it.
 */
export function offsetSyncsTopic(spec: MirrorSpec): string {
  const sep = internalSeparator(spec);
  const other = offsetSyncsLocation(spec) === 'source' ? spec.target : spec.source;
  return `mm2-offset-syncs${sep}${other}${sep}internal`;
}
