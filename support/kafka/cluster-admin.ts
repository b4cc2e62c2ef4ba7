import { Admin, Consumer, FetchIsolationLevels, MessagesStreamModes } from '@platformatic/kafka';
import { randomUUID } from 'node:crypto';
import { describeReasons, kafkaReasons, topicNotCreated } from './kafka-error.ts';
import { BadStepParameter } from '../errors.ts';
import { platformaticSecurity, type ClientSecurity } from '../security/cluster-security.ts';
import { watchAbortedRecords } from './aborted-batches.ts';
import { isolationCode, reachedEnd, tailWindows, Ticker, TICK, type IsolationLevel } from './read-end.ts';

/** A partition's offsets as the broker reports them. */
export interface PartitionOffsets {
  partition: number;
  /** Log start offset (first offset still in the log). */
  start: number;
  /**
   * High watermark (the offset the next record will get), or, asked for read_committed, the last
   * stable offset: where a read_committed reader's records end while a transaction is open.
   */
  end: number;
}

/** A partition's offsets and the value of the record just before its end. */
export interface PartitionTail extends PartitionOffsets {
  value?: Buffer;
}

export interface ScanOptions {
  from?: Map<number, number>;
  /** Stop each partition after this many records (records, not offsets: markers take offsets too). */
  limit?: number;
  /** Stop each partition here (exclusive) when it is before the end the read finds. */
  until?: Map<number, number>;
  timeoutMs?: number;
  /** The reader's isolation, and so its end (LSO or high watermark); read_committed unless said. */
  isolation?: IsolationLevel;
  /** Read only the partitions `from` names. */
  only?: boolean;
}

export interface RawRecord {
  partition: number;
  offset: number;
  key: Buffer | undefined;
  value: Buffer | undefined;
  /** The record's timestamp and headers, as the log holds them (set by scan). */
  timestamp?: bigint;
  headers?: Array<[Buffer, Buffer]>;
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

  /**
   * Every config of a topic as the broker describes it (DescribeConfigs, no synonyms): name,
   * value, and where the value comes from (ConfigSource: 1 DYNAMIC_TOPIC_CONFIG is the topic's
   * own; 4 STATIC_BROKER_CONFIG, 5 DEFAULT_CONFIG, … the broker's showing through).
   */
  async topicConfigs(topic: string): Promise<{ name: string; value: string | null; source: number; sensitive: boolean }[]> {
    const [result] = await this.#admin.describeConfigs({ resources: [{ resourceType: 2, resourceName: topic }] });
    return (result?.configs ?? []).map((c) => ({ name: c.name, value: c.value ?? null, source: c.configSource, sensitive: c.isSensitive }));
  }

  /**
   * `partitions`: the topic's partition count when the caller already looked it up. `isolation`:
   * read_committed asks for the last stable offset as the end, not the high watermark.
   */
  async offsets(topic: string, partitions?: number, isolation: IsolationLevel = 'read_uncommitted'): Promise<PartitionOffsets[]> {
    const count = partitions ?? (await this.partitionCount(topic));
    if (count === undefined) throw new Error(`topic "${topic}" does not exist on ${this.alias}`);
    const indexes = Array.from({ length: count }, (_, p) => p);
    const ask = async (timestamp: bigint) => {
      const result = await this.#admin.listOffsets({ isolationLevel: isolationCode(isolation), topics: [{ name: topic, partitions: indexes.map((partitionIndex) => ({ partitionIndex, timestamp })) }] });
      const map = new Map<number, number>();
      for (const t of result) for (const p of t.partitions) map.set(p.partitionIndex, Number(p.offset));
      return map;
    };
    // ListOffsets timestamps: -2 asks for the log start offset, -1 for the high watermark (LSO for read_committed).
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
   * Every record of a topic from its log start (or from `from`, per partition) to the end seen
   * when the call began (the LSO for the default read_committed reader, the high watermark for
   * read_uncommitted), read without a consumer group commit (the group id is throwaway and never
   * commits). `limit` stops each partition after that many records.
   */
  async readAll(topic: string, options: ScanOptions = {}): Promise<RawRecord[]> {
    const records: RawRecord[] = [];
    await this.scan(topic, options, (r) => records.push(r));
    return records;
  }

  /**
   * The same read, record by record, keeping nothing; returns how many records it read. A
   * partition is done when the reader's fetch position reached its end with nothing fetched left
   * undelivered (support/kafka/read-end.ts): a log that ends in a transaction marker, or in
   * aborted records a read_committed reader never gets, ends the read there, not at a timeout.
   */
  async scan(topic: string, options: ScanOptions, onRecord: (record: RawRecord) => void): Promise<number> {
    const timeoutMs = options.timeoutMs ?? 15_000;
    const isolation = options.isolation ?? 'read_committed';
    const offsets = await this.offsets(topic, undefined, isolation);
    const starts = new Map(offsets.map((o) => [o.partition, Math.max(o.start, options.from?.get(o.partition) ?? o.start)]));
    const ends = new Map(offsets.map((o) => [o.partition, Math.min(o.end, options.until?.get(o.partition) ?? o.end)]));
    const wanted = offsets.filter((o) => (!options.only || options.from?.has(o.partition)) && ends.get(o.partition)! > starts.get(o.partition)!);
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
      isolationLevel: isolation === 'read_committed' ? FetchIsolationLevels.READ_COMMITTED : FetchIsolationLevels.READ_UNCOMMITTED,
    });
    let count = 0;
    // The library's read_committed filter misses aborted transactions (support/kafka/aborted-batches.ts): the harness applies Kafka's.
    const aborted = isolation === 'read_committed' ? watchAbortedRecords(consumer) : undefined;
    const remaining = new Map(wanted.map((o) => [o.partition, ends.get(o.partition)!]));
    const taken = new Map<number, number>();
    const ticker = new Ticker(50);
    try {
      const stream = await consumer.consume({
        topics: [topic],
        mode: MessagesStreamModes.MANUAL,
        offsets: wanted.map((o) => ({ topic, partition: o.partition, offset: BigInt(starts.get(o.partition)!) })),
      });
      const timer = setTimeout(() => stream.destroy(new Error(`reading ${topic} on ${this.alias} took longer than ${timeoutMs} ms (${[...remaining].map(([p, end]) => `partition ${p} at ${stream.offsetsToFetch.get(`${topic}:${p}`) ?? '?'} of end ${end}`).join(', ')})`)), timeoutMs);
      const iterator = stream[Symbol.asyncIterator]();
      let pending: ReturnType<typeof iterator.next> | undefined;
      try {
        while (remaining.size > 0) {
          pending ??= iterator.next();
          const next = await Promise.race([pending, ticker.next]);
          if (next === TICK) {
            // Nothing arrived for a while: the partitions whose fetch position passed their end
            // (over markers and aborted records) with nothing fetched left to deliver are done.
            if (stream.readableLength > 0) continue;
            for (const [p, end] of remaining) {
              const position = stream.offsetsToFetch.get(`${topic}:${p}`);
              if (reachedEnd(end, undefined, position === undefined ? undefined : Number(position))) remaining.delete(p);
            }
            continue;
          }
          pending = undefined;
          if (next.done) break;
          const message = next.value;
          const offset = Number(message.offset);
          const end = remaining.get(message.partition);
          if (end === undefined || offset >= end || aborted?.isAborted(message.partition, offset)) continue;
          count++;
          onRecord({ partition: message.partition, offset, key: message.key ?? undefined, value: message.value ?? undefined, timestamp: message.timestamp, headers: message.headerEntries });
          const n = (taken.get(message.partition) ?? 0) + 1;
          taken.set(message.partition, n);
          if (reachedEnd(end, offset + 1, undefined) || (options.limit !== undefined && n >= options.limit)) remaining.delete(message.partition);
        }
      } finally {
        clearTimeout(timer);
        ticker.stop();
        await stream.close().catch(() => undefined);
      }
    } finally {
      aborted?.stop();
      await consumer.close(true).catch(() => undefined);
    }
    return count;
  }

  /**
   * Each partition's log offsets as given, with the last record before that end a reader of the
   * given isolation gets (absent where it gets none): with transactions, the offset before the
   * end is often a marker, and the last record lies further back.
   */
  async tails(topic: string, offsets: PartitionOffsets[], isolation: IsolationLevel = 'read_committed'): Promise<Map<number, PartitionTail>> {
    const last = await this.lastRecords(topic, offsets, isolation);
    return new Map(offsets.map((o) => [o.partition, { ...o, value: last.get(o.partition)?.value }]));
  }

  /**
   * The last record before each given end (before the reader's own end, when that is earlier),
   * read backwards in widening windows (support/kafka/read-end.ts tailWindows) until a record is
   * found or the window reaches the log start.
   */
  async lastRecords(topic: string, offsets: PartitionOffsets[], isolation: IsolationLevel = 'read_committed'): Promise<Map<number, RawRecord>> {
    const found = new Map<number, RawRecord>();
    const windows = new Map(offsets.filter((o) => o.end > o.start).map((o) => [o.partition, tailWindows(o.start, o.end)]));
    const until = new Map(offsets.map((o) => [o.partition, o.end]));
    for (let round = 0; windows.size > 0; round++) {
      const from = new Map<number, number>();
      for (const [p, froms] of windows) {
        if (round < froms.length) from.set(p, froms[round]!);
        else windows.delete(p);
      }
      if (from.size === 0) break;
      const last = new Map<number, RawRecord>();
      await this.scan(topic, { from, until, isolation, only: true }, (r) => last.set(r.partition, r));
      for (const p of from.keys()) {
        const r = last.get(p);
        if (r) {
          found.set(p, r);
          windows.delete(p);
        }
      }
    }
    return found;
  }

  /**
   * The first record at or after one offset of each given partition (absent where the log has
   * none from there): with transactions, the offset may hold a marker or an aborted record.
   */
  async readAt(topic: string, at: Map<number, number>, isolation: IsolationLevel = 'read_committed'): Promise<Map<number, RawRecord>> {
    const records = await this.readAll(topic, { from: at, limit: 1, isolation, only: true });
    return new Map(records.map((r) => [r.partition, r]));
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  async close(): Promise<void> {
    await this.#admin.close().catch(() => undefined);
  }
}
