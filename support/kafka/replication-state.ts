import { Connection, metadataV12 } from '@platformatic/kafka';
import { platformaticSecurity, type ClientSecurity } from '../security/cluster-security.ts';

/** One partition as a broker's metadata describes it. */
export interface PartitionReplication {
  topic: string;
  partition: number;
  /** -1 when the partition has no leader. */
  leader: number;
  replicas: number[];
  isr: number[];
}

/** What one broker's metadata says of its cluster: the brokers it lists, and every partition of every topic. */
export interface MetadataView {
  brokers: number[];
  partitions: PartitionReplication[];
}

/**
 * The metadata of one broker, asked directly (no client cache, no bootstrap rotation), for every
 * topic including the internal ones (__consumer_offsets, __transaction_state). The Admin client
 * of @platformatic/kafka drops internal topics from its metadata, and the group coordinator's
 * partitions are the ones a rolling restart must not leave under-replicated, so this speaks the
 * Metadata API (v12, Kafka 2.8+) itself.
 */
export async function metadataOf(bootstrap: string, timeoutMs = 5_000, security?: ClientSecurity): Promise<MetadataView> {
  const at = bootstrap.lastIndexOf(':');
  const connection = new Connection('mirrordrill-replication-state', { connectTimeout: timeoutMs, requestTimeout: timeoutMs, ...platformaticSecurity(security) });
  try {
    await connection.connect(bootstrap.slice(0, at), Number(bootstrap.slice(at + 1)));
    // null: every topic the cluster has.
    const response = await metadataV12.api.async(connection, null, false, false);
    return {
      brokers: response.brokers.map((b) => b.nodeId).sort((a, b) => a - b),
      partitions: response.topics.flatMap((t) =>
        t.partitions.map((p) => ({ topic: t.name ?? t.topicId, partition: p.partitionIndex, leader: p.leaderId, replicas: p.replicaNodes, isr: p.isrNodes })),
      ),
    };
  } finally {
    await connection.close().catch(() => undefined);
  }
}

/** Partitions whose in-sync replicas are not all their replicas, or that have no leader. */
export function underReplicated(partitions: PartitionReplication[]): PartitionReplication[] {
  return partitions.filter((p) => p.leader < 0 || p.replicas.some((r) => !p.isr.includes(r)));
}

function describePartition(p: PartitionReplication): string {
  const name = `${p.topic}-${p.partition}`;
  return p.leader < 0 ? `${name} has no leader` : `${name} in sync [${p.isr.join(', ')}] of [${p.replicas.join(', ')}]`;
}

/**
 * Whether a cluster is whole again, from the metadata each of its running brokers gave: every
 * one lists every broker in `expected` (a fenced or unregistered broker is not listed), and no
 * partition of any topic is under-replicated or leaderless. Every broker's view is checked
 * because each answers from its own metadata cache. `true`, or the first things still missing,
 * in words.
 */
export function clusterWhole(views: Map<number, MetadataView>, expected: number[]): true | string {
  const problems: string[] = [];
  for (const [asked, view] of [...views].sort(([a], [b]) => a - b)) {
    const unlisted = expected.filter((id) => !view.brokers.includes(id));
    if (unlisted.length) problems.push(`broker ${asked}'s metadata lists brokers [${view.brokers.join(', ')}], not yet ${unlisted.join(', ')}`);
    const under = underReplicated(view.partitions);
    if (under.length) {
      const shown = under.slice(0, 3).map(describePartition).join('; ');
      problems.push(`broker ${asked} sees ${under.length} of ${view.partitions.length} partition(s) under-replicated: ${shown}${under.length > 3 ? '; …' : ''}`);
    }
    if (problems.length) break;
  }
  if (views.size === 0) problems.push('no broker answered');
  return problems.length === 0 ? true : problems.join('; ');
}
