import { Kafka, logLevel, type Consumer, type Producer } from 'kafkajs';
import { kafkajsSecurity, type ClientSecurity } from '../security/cluster-security.ts';
import { progress as say } from '../progress.ts';
import { leaveForStaleMember } from './stale-member.ts';
import { ReadProgress, requireAssigned, type ConsumerOptions, type ConsumerSession, type OutgoingRecord, type ProducerSession, type ReadOptions, type TransactionalProducerSession, type WorkloadClient } from './workload-client.ts';

function kafka(bootstrap: string[], clientId: string, security?: ClientSecurity): Kafka {
  // kafkajs logs connection errors at ERROR while it retries; the drill reports what matters.
  return new Kafka({ clientId, brokers: bootstrap, logLevel: logLevel.NOTHING, retry: { retries: 3, initialRetryTime: 100 }, ...kafkajsSecurity(security) });
}

/** The consumers' session.timeout.ms. */
const SESSION_TIMEOUT_MS = 10_000;

class KafkajsSession implements ConsumerSession {
  readonly #consumer: Consumer;
  readonly #topic: string;
  #running = false;
  /** The read in progress, fed by kafkajs' eachMessage. */
  #active: { progress: ReadProgress; resolve: () => void; reject: (error: Error) => void } | undefined;
  /** Why kafkajs gave up on this consumer, once it has. */
  #crash: Error | undefined;
  /** Partitions of the topic assigned at the last rebalance. */
  #assigned: number[] = [];
  /** Next offset per partition, from the records handed to a read. */
  readonly #positions = new Map<number, number>();
  /** OffsetCommit requests the broker answered (kafkajs' COMMIT_OFFSETS event, emitted after the answer). */
  #commitsAnswered = 0;
  /** Messages fetched after a read completed; handed to the next read first. */
  readonly #buffer: { partition: number; offset: number; value: Buffer | undefined }[] = [];
  /**
   * The fetch position per partition: after the last offset of the last batch kafkajs processed,
   * control records and aborted records included (its END_BATCH_PROCESS event; kafkajs emits it
   * for batches of only markers or aborted records too, so that consumers move past them).
   */
  readonly #fetched = new Map<number, number>();

  /** The member id of the last join: the member kafkajs leaves behind when it restarts itself. */
  #memberId: string | undefined;

  constructor(options: ConsumerOptions) {
    this.#topic = options.topic;
    this.#consumer = kafka(options.bootstrap, `mirrordrill-${options.group}`, options.security).consumer({
      groupId: options.group,
      sessionTimeout: SESSION_TIMEOUT_MS,
      heartbeatInterval: 1_000,
      maxWaitTimeInMs: 200,
      retry: { retries: 3 },
      ...(options.isolation ? { readUncommitted: options.isolation === 'read_uncommitted' } : {}),
    });
    this.#consumer.on(this.#consumer.events.END_BATCH_PROCESS, ({ payload }) => {
      if (payload.topic !== this.#topic) return;
      const position = Number(payload.lastOffset) + 1;
      if (position > (this.#fetched.get(payload.partition) ?? -1)) this.#fetched.set(payload.partition, position);
      this.#offerPositions();
    });
    // kafkajs logs nothing here (logLevel NOTHING); a crash must fail the read with its cause,
    // not surface a minute later as "read 0 of 20".
    this.#consumer.on(this.#consumer.events.GROUP_JOIN, ({ payload }) => {
      this.#assigned = payload.memberAssignment[this.#topic] ?? [];
      this.#memberId = payload.memberId;
    });
    this.#consumer.on(this.#consumer.events.COMMIT_OFFSETS, () => this.#commitsAnswered++);
    this.#consumer.on(this.#consumer.events.CRASH, ({ payload }) => {
      // A retriable error (a lost connection, the coordinator still loading) restarts the consumer
      // by itself, as a new member: the old one's LeaveGroup is sent again until Kafka takes it.
      if (payload.restart) {
        // The restarted consumer starts at the group's commit: what was read before is no longer
        // its position, nor what a commit commits (a commit of it would land above the re-reads).
        this.#positions.clear();
        this.#fetched.clear();
        this.#buffer.length = 0;
        const memberId = this.#memberId;
        this.#memberId = undefined;
        if (memberId) void this.#leaveForStale(options, memberId, payload.error.message);
        return;
      }
      this.#crash = payload.error;
      this.#active?.reject(new Error(`the kafkajs consumer crashed: ${payload.error.message}`));
      this.#active = undefined;
    });
  }

  async #leaveForStale(options: ConsumerOptions, memberId: string, why: string): Promise<void> {
    const removed = await leaveForStaleMember({ bootstrap: options.bootstrap, security: options.security, group: options.group, memberId, withinMs: SESSION_TIMEOUT_MS, stopped: () => this.#closed }).catch(() => false);
    if (removed) say(`group "${options.group}": kafkajs restarted its consumer as a new member (${why.split('\n')[0]}); the old member ${memberId}, whose LeaveGroup had not reached the coordinator, was removed from the group`);
  }

  /** Hands the fetch positions of partitions with nothing buffered to the active read; resolves it when that completes it. */
  #offerPositions(): void {
    const active = this.#active;
    if (!active) return;
    for (const [p, position] of this.#fetched) {
      if (this.#buffer.some((m) => m.partition === p)) continue;
      active.progress.position(p, position);
    }
    if (active.progress.done()) {
      this.#active = undefined;
      active.resolve();
    }
  }

  #deliver(message: { partition: number; offset: number; value: Buffer | undefined }): void {
    const active = this.#active;
    if (!active) {
      this.#buffer.push(message);
      return;
    }
    this.#positions.set(message.partition, message.offset + 1);
    if (active.progress.accept(message)) {
      this.#active = undefined;
      active.resolve();
    }
  }

  async read(options: ReadOptions): Promise<void> {
    const progress = new ReadProgress(options);
    if (progress.done()) return;
    if (this.#crash) throw new Error(`the kafkajs consumer crashed earlier: ${this.#crash.message}`);
    const finished = new Promise<void>((resolve, reject) => (this.#active = { progress, resolve, reject }));
    // A read until told to stop ends when its signal aborts.
    const onAbort = () => {
      const active = this.#active;
      if (active?.progress !== progress) return;
      this.#active = undefined;
      active.resolve();
    };
    options.signal?.addEventListener('abort', onAbort, { once: true });
    while (this.#buffer.length && this.#active) this.#deliver(this.#buffer.shift()!);
    this.#offerPositions();
    if (!this.#running) {
      this.#running = true;
      try {
        await this.#consumer.connect();
        // fromBeginning: where the group has no committed offset, start at the earliest.
        await this.#consumer.subscribe({ topics: [this.#topic], fromBeginning: true });
        await this.#consumer.run({
          autoCommit: false,
          eachMessage: async ({ partition, message }) => {
            this.#deliver({ partition, offset: Number(message.offset), value: message.value ?? undefined });
          },
        });
      } catch (error) {
        // Started halfway: not a consumer to read again with.
        this.#startFailed = true;
        throw error;
      }
    } else {
      this.#consumer.resume([{ topic: this.#topic }]);
    }
    // No cap on the read as a whole: it fails only when no record came for stallMs.
    let timer: NodeJS.Timeout | undefined;
    const stalled = new Promise<Error>((resolve) => {
      timer = setInterval(() => {
        const error = progress.stalled();
        if (error) resolve(error);
      }, 1_000);
    });
    const outcome = await Promise.race([finished.then(() => undefined), stalled]).finally(() => {
      clearInterval(timer);
      options.signal?.removeEventListener('abort', onAbort);
    });
    // Hold further fetches until the next read; messages already in flight are buffered.
    this.#consumer.pause([{ topic: this.#topic }]);
    if (outcome) {
      this.#active = undefined;
      throw outcome;
    }
  }

  async seek(partition: number, offset: number): Promise<void> {
    if (!this.#running) throw new Error('kafkajs can only seek after the consumer has started reading');
    // kafkajs silently ignores a seek on a partition it does not own; the read would then time out.
    requireAssigned(this.#topic, partition, this.#assigned);
    // Records of this partition fetched before the seek belong to the old position; those of the
    // other partitions were already marked consumed by kafkajs and must still be delivered.
    const others = this.#buffer.filter((m) => m.partition !== partition);
    this.#buffer.length = 0;
    this.#fetched.delete(partition);
    this.#buffer.push(...others);
    this.#consumer.seek({ topic: this.#topic, partition, offset: String(offset) });
  }

  async commit(): Promise<Map<number, number>> {
    const offsets = [...this.#positions].map(([partition, offset]) => ({ topic: this.#topic, partition, offset: String(offset) }));
    if (offsets.length) {
      const answered = this.#commitsAnswered;
      await this.#consumer.commitOffsets(offsets);
      // kafkajs resolves commitOffsets without sending anything while its consumer is not running
      // (restarting itself after a lost connection or a rebalance error): only the broker's answer
      // makes it a commit.
      if (this.#commitsAnswered === answered) throw new Error('kafkajs did not send the commit: its consumer was not running (restarting after an error)');
    }
    // What was sent, not the positions reached while the commit was on its way.
    return new Map(offsets.map((o) => [o.partition, Number(o.offset)]));
  }

  /** kafkajs restarts itself after a retriable error; once it gave up (a crash it does not restart from), a new consumer is needed. */
  get reusable(): boolean {
    return !this.#crash && !this.#startFailed && !this.#closed;
  }

  #closed = false;
  #startFailed = false;

  async close(): Promise<void> {
    this.#closed = true;
    await this.#consumer.disconnect().catch(() => undefined);
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }
}

/** kafkajs 2.2: what most Node apps run, unmaintained since 2023. */
export class KafkajsClient implements WorkloadClient {
  readonly name = 'kafkajs' as const;

  /**
   * kafkajs' idempotent producer takes back the sequence numbers of a request whenever the request
   * fails (sendMessages.js: updateSequence(-count) on any error, the connection lost after the
   * broker appended, or one partition's error failing the request for every partition), so its
   * next batch reuses sequence numbers the broker already holds: a single-record batch then matches
   * one of the 5 batches the broker caches per producer and is answered as a duplicate, with that
   * batch's offset and without being written (ProducerStateEntry.findDuplicateBatch,
   * UnifiedLog.analyzeAndValidateProducerState), and every other batch gets
   * OUT_OF_ORDER_SEQUENCE_NUMBER for good. Seen after a broker restart: records acked at offsets
   * holding other records, then no acks at all. After a failed send the session therefore takes a
   * new producer (a new producer id, sequences from 0), as the Java client bumps its epoch (KIP-360);
   * the failed send stays indeterminate.
   */
  async openProducer(bootstrap: string[], topic: string, timeoutMs: number, security?: ClientSecurity): Promise<ProducerSession> {
    const open = async () => {
      const p = kafka(bootstrap, 'mirrordrill-producer', security).producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
      await p.connect();
      return p;
    };
    let current: Promise<Producer> = open();
    await current;
    let closed = false;
    return {
      async send(records: OutgoingRecord[]): Promise<Map<number, number>> {
        const used = current;
        let producer: Producer | undefined;
        try {
          producer = await used;
          const metadata = await producer.send({
            topic,
            acks: -1,
            timeout: timeoutMs,
            messages: records.map((r) => ({ key: r.key, value: r.value, partition: r.partition })),
          });
          const base = new Map<number, number>();
          for (const m of metadata) if (m.topicName === topic && m.baseOffset !== undefined) base.set(m.partition, Number(m.baseOffset));
          return base;
        } catch (e) {
          // Replaced once per failure of this producer (a failed connect is replaced by the next send).
          if (current === used && !closed) {
            current = open();
            current.catch(() => undefined);
            void producer?.disconnect().catch(() => undefined);
          }
          throw e;
        }
      },
      async close(): Promise<void> {
        closed = true;
        await (await current.catch(() => undefined))?.disconnect().catch(() => undefined);
      },
    };
  }

  async openTransactionalProducer(bootstrap: string[], topic: string, transactionalId: string, timeoutMs: number, security?: ClientSecurity): Promise<TransactionalProducerSession> {
    // kafkajs requires idempotence and one request in flight for a transactional producer.
    const producer = kafka(bootstrap, 'mirrordrill-txn-producer', security).producer({ idempotent: true, maxInFlightRequests: 1, transactionalId, allowAutoTopicCreation: false });
    await producer.connect();
    return {
      async transaction(records: OutgoingRecord[], end: 'commit' | 'abort'): Promise<Map<number, number>> {
        const transaction = await producer.transaction();
        let metadata;
        try {
          metadata = await transaction.send({ topic, acks: -1, timeout: timeoutMs, messages: records.map((r) => ({ key: r.key, value: r.value, partition: r.partition })) });
        } catch (error) {
          await transaction.abort().catch(() => undefined);
          throw error;
        }
        if (end === 'commit') await transaction.commit();
        else await transaction.abort();
        const base = new Map<number, number>();
        for (const m of metadata) if (m.topicName === topic && m.baseOffset !== undefined) base.set(m.partition, Number(m.baseOffset));
        return base;
      },
      async close(): Promise<void> {
        await producer.disconnect().catch(() => undefined);
      },
    };
  }

  async openConsumer(options: ConsumerOptions): Promise<ConsumerSession> {
    return new KafkajsSession(options);
  }
}
