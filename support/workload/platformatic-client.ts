import {
  Consumer,
  FetchIsolationLevels,
  MessagesStreamFallbackModes,
  MessagesStreamModes,
  Producer,
  stringSerializers,
  type Message,
} from '@platformatic/kafka';
import { kafkaReasons } from '../kafka/kafka-error.ts';
import { Ticker, TICK } from '../kafka/read-end.ts';
import { platformaticSecurity, type ClientSecurity } from '../security/cluster-security.ts';
import { ReadProgress, readUntilDone, requireAssigned, type ConsumerOptions, type ConsumerSession, type OutgoingRecord, type ProducerSession, type ReadOptions, type TransactionalProducerSession, type WorkloadClient } from './workload-client.ts';

type RawMessage = Message<Buffer, Buffer, Buffer, Buffer>;

/**
 * Kafka's answers that mean "the group coordinator is not ready yet, ask again": a cluster's first
 * group makes it create and load __consumer_offsets, which on a busy machine outlasts the
 * library's retries (4 JoinGroups 100 ms apart).
 */
const COORDINATOR_NOT_READY = new Set(['COORDINATOR_LOAD_IN_PROGRESS', 'COORDINATOR_NOT_AVAILABLE', 'NOT_COORDINATOR', 'REBALANCE_IN_PROGRESS']);
const JOIN_PATIENCE_MS = 20_000;

/** Joins again while Kafka says only that the coordinator is not ready, for at most 20 s; any other answer is thrown at once. */
export async function joinPatiently<T>(join: () => Promise<T>, patienceMs = JOIN_PATIENCE_MS, pauseMs = 250): Promise<T> {
  const deadline = Date.now() + patienceMs;
  for (;;) {
    try {
      return await join();
    } catch (error) {
      const codes = kafkaReasons(error).map((r) => r.code);
      const retriable = codes.length > 0 && codes.every((c) => c !== undefined && COORDINATOR_NOT_READY.has(c));
      if (!retriable || Date.now() + pauseMs > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, pauseMs));
    }
  }
}

class PlatformaticSession implements ConsumerSession {
  readonly #consumer: Consumer<Buffer, Buffer, Buffer, Buffer>;
  readonly #topic: string;
  #iterator: AsyncIterator<RawMessage> | undefined;
  #stream: { close(): Promise<void>; readonly readableLength: number; readonly offsetsToFetch: Map<string, bigint> } | undefined;
  /** The iterator's next record, asked for and not handed to a read yet (a read may end first, at its end). */
  #pending: Promise<IteratorResult<RawMessage>> | undefined;
  /** Where the next stream starts, per partition, after a seek. */
  #seek: Map<number, number> | undefined;
  /** Next offset per partition after the last record read: what a commit commits. */
  readonly #positions = new Map<number, number>();
  /** The last message read per partition, whose commit() commits its offset + 1. */
  readonly #last = new Map<number, RawMessage>();

  constructor(options: ConsumerOptions) {
    this.#topic = options.topic;
    this.#consumer = new Consumer({
      clientId: `mirrordrill-${options.group}`,
      groupId: options.group,
      bootstrapBrokers: options.bootstrap,
      ...platformaticSecurity(options.security),
      autocommit: false,
      maxWaitTime: 200,
      // The library's default fetch (50 MB) arrives as hundreds of socket chunks, and its buffer
      // scans them from the first on every read: 256 KiB fetches read 1M records about 7x faster
      // (npm run bench:volume) than the default.
      maxBytes: 262_144,
      // A fresh broker answers the first coordinator lookup with a retriable error: retry
      // after 100 ms, not the library's 1 s.
      retryDelay: 100,
      sessionTimeout: 10_000,
      heartbeatInterval: 1_000,
      timeout: 5_000,
      ...(options.isolation ? { isolationLevel: options.isolation === 'read_committed' ? FetchIsolationLevels.READ_COMMITTED : FetchIsolationLevels.READ_UNCOMMITTED } : {}),
    });
  }

  async #open(): Promise<AsyncIterator<RawMessage>> {
    if (this.#iterator) return this.#iterator;
    const seek = this.#seek;
    this.#seek = undefined;
    const topic = this.#topic;
    const stream = await joinPatiently(() => this.#consumer.consume(
      seek
        ? {
            topics: [topic],
            mode: MessagesStreamModes.MANUAL,
            offsets: [...seek].map(([partition, offset]) => ({ topic, partition, offset: BigInt(offset) })),
            fallbackMode: MessagesStreamFallbackModes.EARLIEST,
            autocommit: false,
          }
        : { topics: [topic], mode: MessagesStreamModes.COMMITTED, fallbackMode: MessagesStreamFallbackModes.EARLIEST, autocommit: false },
    ));
    this.#stream = stream;
    this.#iterator = stream[Symbol.asyncIterator]();
    return this.#iterator;
  }

  async read(options: ReadOptions): Promise<void> {
    const progress = new ReadProgress(options);
    if (progress.done()) return;
    const iterator = await this.#open();
    // A read to the end may get no record for its last offsets (transaction markers, aborted
    // records): while none comes, the stream's fetch positions tell when it is there.
    const ticker = new Ticker(100);
    try {
      await readUntilDone(
        progress,
        async () => {
          this.#pending ??= iterator.next();
          const next = await Promise.race([this.#pending, ticker.next]);
          if (next === TICK) return this.#atPositions(progress);
          this.#pending = undefined;
          if (next.done) throw new Error(`the consumer stream ended early; ${progress.describe()}`);
          const message = next.value;
          const offset = Number(message.offset);
          this.#last.set(message.partition, message);
          this.#positions.set(message.partition, offset + 1);
          return progress.accept({ partition: message.partition, offset, value: message.value ?? undefined });
        },
        () => void this.#dropStream(),
      );
    } catch (error) {
      await this.#failed();
      throw error;
    } finally {
      ticker.stop();
    }
  }

  /**
   * A read failed (the stream ended with an error: its broker went away, say): the stream is
   * dropped and the next read opens a new one on the same Consumer, so it rejoins the group as the
   * same member, with its member id. A new Consumer would join as a new member, and a coordinator
   * that reloaded the group (its broker restarted) holds that JoinGroup until the old member's
   * session times out. The new stream starts at the group's commit (a rejoin, as a rebuilt
   * consumer's would): what this consumer read since is no longer its position, nor what a commit
   * commits.
   */
  async #failed(): Promise<void> {
    // Cleared first: a commit tick while the stream closes must not commit the old positions.
    this.#last.clear();
    this.#positions.clear();
    await this.#dropStream();
  }

  /** A failed read can be tried again on this consumer until it is closed (see #failed). */
  get reusable(): boolean {
    return !this.#closed;
  }

  /** Hands the stream's fetch positions to the read when every record it fetched was delivered; whether the read is done. */
  #atPositions(progress: ReadProgress): boolean {
    const stream = this.#stream;
    if (!stream || stream.readableLength > 0) return progress.done();
    const prefix = `${this.#topic}:`;
    for (const [key, offset] of stream.offsetsToFetch) if (key.startsWith(prefix)) progress.position(Number(key.slice(prefix.length)), Number(offset));
    return progress.done();
  }

  async #dropStream(): Promise<void> {
    const stream = this.#stream;
    this.#stream = undefined;
    this.#iterator = undefined;
    this.#pending = undefined;
    await stream?.close().catch(() => undefined);
  }

  async seek(partition: number, offset: number): Promise<void> {
    const assigned = this.#consumer.assignments?.find((a) => a.topic === this.#topic)?.partitions ?? [];
    requireAssigned(this.#topic, partition, assigned);
    // The same consumer (same group member) continues from a new stream. Every other assigned
    // partition keeps its position: after the last record read, else the group's commit.
    const committed = (await this.#consumer.listCommittedOffsets({ topics: [{ topic: this.#topic, partitions: assigned }] })).get(this.#topic) ?? [];
    const positions = new Map<number, number>();
    assigned.forEach((p, i) => {
      const read = this.#positions.get(p);
      const c = committed[i];
      if (read !== undefined) positions.set(p, read);
      else if (c !== undefined && c >= 0n) positions.set(p, Number(c));
    });
    positions.set(partition, offset);
    await this.#dropStream();
    this.#seek = positions;
  }

  /** Commits the last record read per partition as the call begins; returns exactly what it committed. */
  async commit(): Promise<Map<number, number>> {
    const messages = [...this.#last.values()];
    for (const message of messages) await message.commit();
    return new Map(messages.map((m) => [m.partition, Number(m.offset) + 1]));
  }

  #closed = false;

  async close(): Promise<void> {
    this.#closed = true;
    // An iterator left pending keeps a fetch in flight; closing the stream ends it.
    await this.#dropStream();
    await this.#consumer.close(true).catch(() => undefined);
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }
}

class PlatformaticProducer implements ProducerSession {
  readonly #producer: Producer<string, string, string, string>;
  readonly #topic: string;

  constructor(bootstrap: string[], topic: string, timeoutMs: number, security?: ClientSecurity) {
    this.#topic = topic;
    this.#producer = new Producer({
      clientId: 'mirrordrill-producer',
      bootstrapBrokers: bootstrap,
      ...platformaticSecurity(security),
      serializers: stringSerializers,
      idempotent: true,
      acks: -1,
      timeout: timeoutMs,
      retries: 3,
      // The first producer-id request on a fresh broker is retried once: 100 ms, not 1 s.
      retryDelay: 100,
    });
  }

  async send(records: OutgoingRecord[]): Promise<Map<number, number>> {
    const topic = this.#topic;
    const result = await this.#producer.send({ messages: records.map((r) => ({ topic, key: r.key, value: r.value, partition: r.partition })) });
    // One base offset per partition; records of one partition in one send are consecutive.
    const base = new Map<number, number>();
    for (const o of result.offsets ?? []) if (o.topic === topic) base.set(o.partition, Number(o.offset));
    return base;
  }

  async close(): Promise<void> {
    await this.#producer.close(true).catch(() => undefined);
  }
}

class PlatformaticTransactionalProducer implements TransactionalProducerSession {
  readonly #producer: Producer<string, string, string, string>;
  readonly #topic: string;

  constructor(bootstrap: string[], topic: string, transactionalId: string, timeoutMs: number, security?: ClientSecurity) {
    this.#topic = topic;
    this.#producer = new Producer({
      clientId: 'mirrordrill-txn-producer',
      bootstrapBrokers: bootstrap,
      ...platformaticSecurity(security),
      serializers: stringSerializers,
      idempotent: true,
      transactionalId,
      acks: -1,
      timeout: timeoutMs,
      retries: 3,
      retryDelay: 100,
    });
  }

  async transaction(records: OutgoingRecord[], end: 'commit' | 'abort'): Promise<Map<number, number>> {
    const topic = this.#topic;
    const transaction = await this.#producer.beginTransaction();
    let result;
    try {
      result = await transaction.send({ messages: records.map((r) => ({ topic, key: r.key, value: r.value, partition: r.partition })) });
    } catch (error) {
      await transaction.abort().catch(() => undefined);
      throw error;
    }
    if (end === 'commit') await transaction.commit();
    else await transaction.abort();
    const base = new Map<number, number>();
    for (const o of result.offsets ?? []) if (o.topic === topic) base.set(o.partition, Number(o.offset));
    return base;
  }

  async close(): Promise<void> {
    await this.#producer.close(true).catch(() => undefined);
  }
}

/** @platformatic/kafka: maintained, tested against Kafka 3.5–4.x. */
export class PlatformaticClient implements WorkloadClient {
  readonly name = 'platformatic' as const;

  async openProducer(bootstrap: string[], topic: string, timeoutMs: number, security?: ClientSecurity): Promise<ProducerSession> {
    return new PlatformaticProducer(bootstrap, topic, timeoutMs, security);
  }

  async openTransactionalProducer(bootstrap: string[], topic: string, transactionalId: string, timeoutMs: number, security?: ClientSecurity): Promise<TransactionalProducerSession> {
    return new PlatformaticTransactionalProducer(bootstrap, topic, transactionalId, timeoutMs, security);
  }

  async openConsumer(options: ConsumerOptions): Promise<ConsumerSession> {
    return new PlatformaticSession(options);
  }
}
