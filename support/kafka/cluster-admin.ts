import { Admin, Consumer, MessagesStreamModes } from '@platformatic/kafka';
import { randomUUID } from 'node:crypto';
import { describeReasons, kafkaReasons, topicNotCreated } from './kafka-error.ts';
import { BadStepParameter } from '../errors.ts';
import { platformaticSecurity, type ClientSecurity } from '../security/cluster-security.ts';

/** A partition's offsets as the broker reports them. */
export interface PartitionOffsets {
  partition: number;
  /** Log start offset (first offset still in the log). */
  start: number;
  /** High watermark: the offset the next record will get. */
  end: number;
}

/** A partition's offsets and the value of the record just before its end. */
export interface PartitionTail extends PartitionOffsets {
  value?: Buffer;
}

export interface ScanOptions {
  from?: Map<number, number>;
  limit?: number;
  timeoutMs?: number;
}

export interface RawRecord {
  partition: number;
  offset: number;
  key: Buffer | undefined;
  value: Buffer | undefined;
}

/** The reader groups this process made, per cluster alias (the external runtime deletes them from clusters it did not start). */
const readerGroups = new Map<string, Set<string>>();
export function readerGroupsMade(alias: string): string[] {
  return [...(readerGroups.get(alias) ?? [])];
}

/**
 * The harness' own view of a cluster (metadata, offsets, group offsets, deleting records,
 * reading internal topics), through @platformatic/kafka. This is not the client under test:
 * the workload's clients live in support/workload/.
 */
export class ClusterAdmin implements AsyncDisposable {
  readonly #admin: Admin;
  readonly #bootstrap: string[];
  readonly #security: ClientSecurity | undefined;

  /** `security`: the cluster's client security when it is secured (StartedCluster.security). */
  constructor(bootstrap: string[], readonly alias: string, security?: ClientSecurity) {
    this.#bootstrap = bootstrap;
    this.#security = security;
    this.#admin = new Admin({ clientId: `mirrordrill-admin-${alias}`, bootstrapBrokers: bootstrap, timeout: 5_000, retries: 1, retryDelay: 200, ...platformaticSecurity(security) });
  }

  /** Ids of the brokers the cluster's metadata lists. */
  async brokerIds(): Promise<number[]> {
    const metadata = await this.#admin.metadata({ topics: [], forceUpdate: true });
    return [...metadata.brokers.keys()].sort((a, b) => a - b);
  }

  /** The brokers the cluster's metadata lists, with the address each advertises. */
  async brokers(): Promise<{ nodeId: number; address: string }[]> {
    const metadata = await this.#admin.metadata({ topics: [], forceUpdate: true });
    return [...metadata.brokers].map(([nodeId, b]) => ({ nodeId, address: `${b.host}:${b.port}` })).sort((a, b) => a.nodeId - b.nodeId);
  }

  async deleteTopics(topics: string[]): Promise<void> {
    if (topics.length) await this.#admin.deleteTopics({ topics });
  }

  async deleteGroups(groups: string[]): Promise<void> {
    if (groups.length) await this.#admin.deleteGroups({ groups });
  }

  /** Consumer groups the cluster knows. */
  async groups(): Promise<string[]> {
    return [...(await this.#admin.listGroups()).keys()].sort();
  }

  async topics(): Promise<string[]> {
    return this.#admin.listTopics({ includeInternals: false });
  }

  /** Partition count of a topic, or undefined when it does not exist. */
  async partitionCount(topic: string): Promise<number | undefined> {
    const topics = await this.topics();
    if (!topics.includes(topic)) return undefined;
    const metadata = await this.#admin.metadata({ topics: [topic], forceUpdate: true });
    return metadata.topics.get(topic)?.partitionsCount;
  }

  /** Throws a DrillError naming the topic, the cluster and Kafka's reason (error code and message) when the broker refuses. */
  async createTopic(topic: string, partitions: number, replicas: number, configs: Record<string, string> = {}): Promise<void> {
    try {
      await this.#admin.createTopics({ topics: [topic], partitions, replicas, configs: Object.entries(configs).map(([name, value]) => ({ name, value })) });
    } catch (error) {
      throw topicNotCreated(error, topic, this.alias, partitions, replicas);
    }
  }

  /** Sets topic configs (IncrementalAlterConfigs SET); Kafka's refusal is quoted with the step's fix. */
  async alterTopicConfigs(topic: string, configs: Record<string, string>): Promise<void> {
    try {
      await this.#admin.incrementalAlterConfigs({
        resources: [{ resourceType: 2, resourceName: topic, configs: Object.entries(configs).map(([name, value]) => ({ name, value, configOperation: 0 as const })) }],
      });
    } catch (error) {
      const reasons = kafkaReasons(error);
      throw new BadStepParameter(`the configs of topic "${topic}" on ${this.alias} were not changed: ${describeReasons(reasons) || String(error)}`, {
        hint: "give each config a value Kafka accepts (its reason above says which and why), or check the key's spelling against Kafka's topic configs",
      });
    }
  }

  /** `partitions`: the topic's partition count when the caller already looked it up. */
  async offsets(topic: string, partitions?: number): Promise<PartitionOffsets[]> {
    const count = partitions ?? (await this.partitionCount(topic));
    if (count === undefined) throw new Error(`topic "${topic}" does not exist on ${this.alias}`);
    const indexes = Array.from({ length: count }, (_, p) => p);
    const ask = async (timestamp: bigint) => {
      const result = await this.#admin.listOffsets({ topics: [{ name: topic, partitions: indexes.map((partitionIndex) => ({ partitionIndex, timestamp })) }] });
      const map = new Map<number, number>();
      for (const t of result) for (const p of t.partitions) map.set(p.partitionIndex, Number(p.offset));
      return map;
    };
    // ListOffsets timestamps: -2 asks for the log start offset, -1 for the high watermark.
    const [start, end] = await Promise.all([ask(-2n), ask(-1n)]);
    return indexes.map((partition) => ({ partition, start: start.get(partition) ?? 0, end: end.get(partition) ?? 0 }));
  }

  /** Committed offsets of a group on one topic: partition → offset (absent when none). */
  async groupOffsets(group: string, topic: string): Promise<Map<number, number>> {
    const result = await this.#admin.listConsumerGroupOffsets({ groups: [group] });
    const offsets = new Map<number, number>();
    for (const g of result) {
      for (const t of g.topics) {
        if (t.name !== topic) continue;
        for (const p of t.partitions) if (p.committedOffset >= 0n) offsets.set(p.partitionIndex, Number(p.committedOffset));
      }
    }
    return offsets;
  }

  async setGroupOffsets(group: string, topic: string, offsets: Map<number, number>): Promise<void> {
    await this.#admin.alterConsumerGroupOffsets({
      groupId: group,
      topics: [{ name: topic, partitionOffsets: [...offsets].map(([partition, offset]) => ({ partition, offset: BigInt(offset) })) }],
    });
  }

  async deleteRecordsBefore(topic: string, partition: number, offset: number): Promise<number> {
    const result = await this.#admin.deleteRecords({ topics: [{ name: topic, partitions: [{ partition, offset: BigInt(offset) }] }] });
    return Number(result[0]?.partitions[0]?.lowWatermark ?? -1);
  }

  /**
   * Every record of a topic from its log start (or from `from`, per partition) to the high
   * watermark seen when the call began, read without a
   * consumer group commit (the group id is throwaway and never commits). `limit` stops each
   * partition after that many records.
   */
  async readAll(topic: string, options: ScanOptions = {}): Promise<RawRecord[]> {
    const records: RawRecord[] = [];
    await this.scan(topic, options, (r) => records.push(r));
    return records;
  }

  /** The same read, record by record, keeping nothing; returns how many records it read. */
  async scan(topic: string, options: ScanOptions, onRecord: (record: RawRecord) => void): Promise<number> {
    const timeoutMs = options.timeoutMs ?? 15_000;
    const offsets = await this.offsets(topic);
    const starts = new Map(offsets.map((o) => [o.partition, Math.max(o.start, options.from?.get(o.partition) ?? o.start)]));
    const ends = new Map(offsets.map((o) => [o.partition, options.limit === undefined ? o.end : Math.min(o.end, starts.get(o.partition)! + options.limit)]));
    const wanted = offsets.filter((o) => ends.get(o.partition)! > starts.get(o.partition)!);
    if (wanted.length === 0) return 0;
    const groupId = `mirrordrill-reader-${randomUUID()}`;
    if (!readerGroups.has(this.alias)) readerGroups.set(this.alias, new Set());
    readerGroups.get(this.alias)!.add(groupId);
    const consumer = new Consumer({
      clientId: `mirrordrill-reader-${this.alias}`,
      groupId,
      bootstrapBrokers: this.#bootstrap,
      ...platformaticSecurity(this.#security),
      autocommit: false,
      maxWaitTime: 200,
      // Bounded fetches: the library's 50 MB default makes its buffer reads quadratic.
      maxBytes: 262_144,
      timeout: 5_000,
    });
    let count = 0;
    const remaining = new Map(wanted.map((o) => [o.partition, ends.get(o.partition)!]));
    try {
      const stream = await consumer.consume({
        topics: [topic],
        mode: MessagesStreamModes.MANUAL,
        offsets: wanted.map((o) => ({ topic, partition: o.partition, offset: BigInt(starts.get(o.partition)!) })),
      });
      const timer = setTimeout(() => stream.destroy(new Error(`reading ${topic} on ${this.alias} took longer than ${timeoutMs} ms`)), timeoutMs);
      try {
        for await (const message of stream) {
          const offset = Number(message.offset);
          const end = remaining.get(message.partition);
          if (end === undefined || offset >= end) continue;
          count++;
          onRecord({ partition: message.partition, offset, key: message.key ?? undefined, value: message.value ?? undefined });
          if (offset + 1 >= end) remaining.delete(message.partition);
          if (remaining.size === 0) break;
        }
      } finally {
        clearTimeout(timer);
        await stream.close().catch(() => undefined);
      }
    } finally {
      await consumer.close(true).catch(() => undefined);
    }
    return count;
  }

  /**
   * Each partition's log offsets as given, with the record just before its end (the last record
   * the log held at those offsets; absent where the log was empty).
   */
  async tails(topic: string, offsets: PartitionOffsets[]): Promise<Map<number, PartitionTail>> {
    const at = new Map(offsets.filter((o) => o.end > o.start).map((o) => [o.partition, o.end - 1]));
    const last = at.size ? await this.readAt(topic, at) : new Map<number, RawRecord>();
    return new Map(offsets.map((o) => [o.partition, { ...o, value: last.get(o.partition)?.value }]));
  }

  /** The record at one offset of each given partition (absent where the log has none there). */
  async readAt(topic: string, at: Map<number, number>): Promise<Map<number, RawRecord>> {
    const records = await this.readAll(topic, { from: at, limit: 1 });
    return new Map(records.filter((r) => r.offset === at.get(r.partition)).map((r) => [r.partition, r]));
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  async close(): Promise<void> {
    await this.#admin.close().catch(() => undefined);
  }
}
