import { DEFAULTS } from '../config/defaults.ts';
import { BadStepParameter } from '../errors.ts';
import { metadataOf } from '../kafka/replication-state.ts';
import { noteLogStart } from '../mirror/log-starts.ts';
import { replicationFactorFor } from '../runtime/broker-properties.ts';
import { RULES } from '../step-numbers.ts';
import { waitFor } from '../wait-for.ts';
import { partitionOf, type DrillContext, type TopicLookups } from './context.ts';

/** Topics the scenario creates, and the lookups every part makes of the topics a step names. */
export class Topics implements TopicLookups {
  constructor(private readonly ctx: DrillContext) {}

  /**
   * A topic with min(3, brokers) replicas, or `replicas` when the step names them; its
   * min.insync.replicas is one less than its replicas (at least 1), as the clusters' default is
   * for theirs, so that acks=all can be met.
   */
  async createTopic(topic: string, alias: string, partitions: number, replicas?: number, configs: Record<string, string> = {}): Promise<void> {
    const { names } = this.ctx;
    topic = names.t(topic);
    names.count(partitions, RULES.partitions);
    if (replicas !== undefined) names.count(replicas, RULES.replicationFactor);
    const cluster = await this.ctx.topology.cluster(alias);
    if (replicas !== undefined && (replicas < 1 || replicas > cluster.brokers.length)) {
      throw new BadStepParameter(`topic "${topic}" cannot have ${replicas} replicas on "${alias}", which has ${cluster.brokers.length} broker${cluster.brokers.length > 1 ? 's' : ''}`, {
        hint: `use a replication factor from 1 to ${cluster.brokers.length}`,
      });
    }
    const rf = replicas ?? replicationFactorFor(cluster.brokers.length);
    const admin = await this.ctx.topology.admin(alias);
    cluster.own?.('topic', topic);
    await admin.createTopic(topic, partitions, rf, { ...(replicas === undefined ? {} : { 'min.insync.replicas': String(Math.max(1, rf - 1)) }), ...configs });
    // Created means usable from any broker: each answers metadata from its own cache, which the
    // controller updates a moment later.
    await waitFor(
      async () => {
        for (const b of cluster.brokers.filter((x) => x.running)) {
          const led = (await metadataOf(b.bootstrap, undefined, cluster.security)).partitions.filter((p) => p.topic === topic && p.leader >= 0).length;
          if (led < partitions) return `broker ${b.nodeId} knows a leader for ${led} of ${partitions} partition(s)`;
        }
        return true;
      },
      { what: `topic ${topic} on ${alias} to have a leader for every partition in every broker's metadata`, timeoutMs: DEFAULTS.brokerStartTimeoutMs, log: cluster.brokers[0]?.logFile },
    );
  }

  /** The partition count of a topic the step names, once it has the partition the step names. */
  async requirePartition(alias: string, topic: string, partition: number): Promise<number> {
    return partitionOf(topic, alias, partition, await this.requireTopic(alias, topic));
  }

  /** The partition count of a topic the step names, or an error that says what exists instead. */
  async requireTopic(alias: string, topic: string): Promise<number> {
    const partitions = await (await this.ctx.topology.admin(alias)).partitionCount(topic);
    if (partitions !== undefined) return partitions;
    const mirrored = this.ctx.topology.remoteTopicsOn(alias, topic);
    throw new BadStepParameter(`topic "${topic}" does not exist on "${alias}"`, {
      hint: mirrored.length
        ? `MM2 names it ${mirrored.map((t) => `"${t}"`).join(' or ')} on "${alias}"`
        : `create it first: Given topic "${topic}" on "${alias}" with 1 partition`,
    });
  }

  /** Every log start of `topic` on `alias` past its first record, in the ledger (support/mirror/log-starts.ts). */
  async noteLogStarts(alias: string, topic: string, how: string): Promise<void> {
    const { ledger } = this.ctx;
    const via = this.ctx.topology.mirrorInto(alias, topic);
    const origin = ledger.findOrigin(via ? { cluster: via.mirror.spec.source, topic: via.upstream } : { cluster: alias, topic });
    if (origin) await noteLogStart(ledger, origin, await this.ctx.topology.admin(alias), alias, topic, how);
  }
}
