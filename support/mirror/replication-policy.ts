import { effectiveSetting, type MirrorSpec } from './mm2-properties.ts';

/**
 * How MM2 names a source topic on the target: DefaultReplicationPolicy prefixes the source
 * alias and the separator (es-src.products); IdentityReplicationPolicy keeps the name.
 */
export function remoteTopic(spec: MirrorSpec, topic: string): string {
  const policy = effectiveSetting(spec, 'replication.policy.class', 'org.apache.kafka.connect.mirror.DefaultReplicationPolicy');
  if (policy.endsWith('IdentityReplicationPolicy')) return topic;
  const separator = effectiveSetting(spec, 'replication.policy.separator', '.');
  return `${spec.source}${separator}${topic}`;
}

/** The inverse: which source topic a target topic mirrors, or undefined if it mirrors none. */
export function upstreamTopic(spec: MirrorSpec, remote: string): string | undefined {
  const policy = effectiveSetting(spec, 'replication.policy.class', 'org.apache.kafka.connect.mirror.DefaultReplicationPolicy');
  if (policy.endsWith('IdentityReplicationPolicy')) return remote;
  const prefix = `${spec.source}${effectiveSetting(spec, 'replication.policy.separator', '.')}`;
  return remote.startsWith(prefix) ? remote.slice(prefix.length) : undefined;
}
