import {
  Consumer,
  MessagesStreamFallbackModes,
  MessagesStreamModes,
  Producer,
  stringDeserializers,
  stringSerializers,
  type Message,
} from '@platformatic/kafka';
import { acknowledge, ReadProgress, requireAssigned, type ConsumerOptions, type ConsumerSession, type OutgoingRecord, type ProduceReport, type ReadOptions, type WorkloadClient } from './workload-client.ts';

type StringMessage = Message<string, string, string, string>;

class PlatformaticSession implements ConsumerSession {
  readonly #consumer: Consumer<string, string, string, string>;
  readonly #topic: string;
  #iterator: AsyncIterator<StringMessage> | undefined;
  #stream: { close(): Promise<void> } | undefined;
  /** Where the next stream starts, per partition, after a seek. */
  #seek: Map<number, number> | undefined;
  /** Last message read per partition: committing it commits offset + 1. */
  readonly #last = new Map<number, StringMessage>();

  constructor(options: ConsumerOptions) {
    this.#topic = options.topic;
    this.#consumer = new Consumer({
      clientId: `mirrordrill-${options.group}`,
      groupId: options.group,
      bootstrapBrokers: options.bootstrap,
      deserializers: stringDeserializers,
      autocommit: false,
      maxWaitTime: 200,
      sessionTimeout: 10_000,
      heartbeatInterval: 1_000,
      timeout: 5_000,
    });
  }

  async read(options: ReadOptions): Promise<void> {
    const progress = new ReadProgress(options);
    if (progress.done()) return;
    if (!this.#iterator) {
      const seek = this.#seek;
      this.#seek = undefined;
      const topic = this.#topic;
      const stream = await this.#consumer.consume(
        seek
          ? {
              topics: [topic],
              mode: MessagesStreamModes.MANUAL,
              offsets: [...seek].map(([partition, offset]) => ({ topic, partition, offset: BigInt(offset) })),
              fallbackMode: MessagesStreamFallbackModes.EARLIEST,
              autocommit: false,
            }
          : { topics: [topic], mode: MessagesStreamModes.COMMITTED, fallbackMode: MessagesStreamFallbackModes.EARLIEST, autocommit: false },
      );
      this.#stream = stream;
      this.#iterator = stream[Symbol.asyncIterator]();
    }
    const deadline = Date.now() + options.timeoutMs;
    for (;;) {
      const left = deadline - Date.now();
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), Math.max(0, left))));
      const next = await Promise.race([this.#iterator.next(), timeout]).finally(() => clearTimeout(timer));
      if (next === 'timeout') throw new Error(`${progress.describe()} within ${options.timeoutMs} ms`);
      if (next.done) throw new Error(`the consumer stream ended early; ${progress.describe()}`);
      const message = next.value;
      this.#last.set(message.partition, message);
      if (progress.accept({ topic: message.topic, partition: message.partition, offset: Number(message.offset), value: message.value ?? undefined })) return;
    }
  }

  async seek(partition: number, offset: number): Promise<void> {
    const assigned = this.#consumer.assignments?.find((a) => a.topic === this.#topic)?.partitions ?? [];
    requireAssigned(this.#topic, partition, assigned);
    // The same consumer (same group member) continues from a new stream. Every other assigned
    // partition keeps its position: after the last record read, else the group's commit.
    const committed = (await this.#consumer.listCommittedOffsets({ topics: [{ topic: this.#topic, partitions: assigned }] })).get(this.#topic) ?? [];
    const positions = new Map<number, number>();
    assigned.forEach((p, i) => {
      const last = this.#last.get(p);
      const c = committed[i];
      if (last) positions.set(p, Number(last.offset) + 1);
      else if (c !== undefined && c >= 0n) positions.set(p, Number(c));
    });
    positions.set(partition, offset);
    await this.#stream?.close().catch(() => undefined);
    this.#stream = undefined;
    this.#iterator = undefined;
    this.#seek = positions;
  }

  async commit(): Promise<void> {
    for (const message of this.#last.values()) await message.commit();
  }

  async close(): Promise<void> {
    // An iterator left pending keeps a fetch in flight; closing the stream ends it.
    await this.#stream?.close().catch(() => undefined);
    await this.#consumer.close(true).catch(() => undefined);
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }
}

/** @platformatic/kafka: maintained, tested against Kafka 3.5–4.x. */
export class PlatformaticClient implements WorkloadClient {
  readonly name = 'platformatic' as const;

  async produce(bootstrap: string[], topic: string, records: OutgoingRecord[], timeoutMs: number): Promise<ProduceReport[]> {
    const producer = new Producer({
      clientId: 'mirrordrill-producer',
      bootstrapBrokers: bootstrap,
      serializers: stringSerializers,
      idempotent: true,
      acks: -1,
      timeout: timeoutMs,
      retries: 3,
    });
    try {
      const result = await producer.send({ messages: records.map((r) => ({ topic, key: r.key, value: r.value, partition: r.partition })) });
      // One base offset per partition; records of one partition in one send are consecutive.
      const base = new Map<number, number>();
      for (const o of result.offsets ?? []) if (o.topic === topic) base.set(o.partition, Number(o.offset));
      return acknowledge(records, base);
    } catch (error) {
      // A send that throws may or may not have been written: indeterminate, never lost.
      const message = error instanceof Error ? error.message : String(error);
      return records.map((record) => ({ record, outcome: 'indeterminate' as const, error: message }));
    } finally {
      await producer.close(true).catch(() => undefined);
    }
  }

  async openConsumer(options: ConsumerOptions): Promise<ConsumerSession> {
    return new PlatformaticSession(options);
  }
}
