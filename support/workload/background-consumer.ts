import { progress } from '../progress.ts';
import type { Ledger, Session, TopicRef } from '../ledger/ledger.ts';
import type { ClientSecurity } from '../security/cluster-security.ts';
import type { IsolationLevel } from '../kafka/read-end.ts';
import type { ConsumerSession, WorkloadClient } from './workload-client.ts';

/** The Java consumer's default auto.commit.interval.ms: what "with auto-commit" commits at. */
export const AUTO_COMMIT_INTERVAL_MS = 5_000;

export interface BackgroundConsumerOptions {
  client: WorkloadClient;
  bootstrap: string[];
  /** TLS and SASL of a secured cluster. */
  security?: ClientSecurity;
  /** The consumer's isolation level (the client's default when unset). */
  isolation?: IsolationLevel;
  group: string;
  ref: TopicRef;
  session: Session;
  ledger: Ledger;
  /** Commit the position after the last record read this often. */
  commitEveryMs: number;
  /** "auto-commit" or "committing every 500 ms": how the drill names it. */
  how: string;
}

/**
 * One consumer of a group that reads a topic continuously across steps, through faults, until it
 * is stopped: every record goes to the ledger as it arrives; the position after the last record
 * read is committed every `commitEveryMs` (auto-commit is that, at the Java default of 5 s, as
 * enable.auto.commit does: it commits what poll returned). A read or a commit that fails (its
 * cluster paused or gone) is reported and retried a second later, on the same consumer (the same
 * group member) unless its client gave up on it; the consumer never ends a step.
 */
export class BackgroundConsumer {
  readonly #options: BackgroundConsumerOptions;
  readonly #abort = new AbortController();
  readonly #loop: Promise<void>;
  #consumer: ConsumerSession | undefined;
  #commitTimer: NodeJS.Timeout | undefined;
  #committing: Promise<void> = Promise.resolve();
  #errors = 0;
  #lastError: string | undefined;
  commits = 0;

  constructor(options: BackgroundConsumerOptions) {
    this.#options = options;
    this.#session = options.session;
    this.sessions.push(options.session);
    this.#loop = this.#run();
  }

  get group(): string {
    return this.#options.group;
  }

  /** The ledger session the consumer reads in now: a new one each time it starts over in its group. */
  get session(): Session {
    return this.#session;
  }

  #session: Session;
  /** Last offset read per partition in the current session. */
  #last = new Map<number, number>();
  /** Sessions this consumer read in, the current one last. */
  readonly sessions: Session[] = [];

  /**
   * One record. A read at or below the previous one in its partition, at or after the group's
   * last commit (or anywhere, when the group never committed: it starts over at the earliest),
   * means the consumer started over in its group (rebuilt after an error, rejoined after a
   * rebalance, or kafkajs restarting itself): it re-reads from the commit, as any Kafka consumer
   * does, so a new session begins there. Below the commit it stays a re-read of this session.
   */
  #onRecord(partition: number, offset: number, value: Buffer | undefined): void {
    const { ledger, group, ref } = this.#options;
    const before = this.#last.get(partition);
    if (before !== undefined && offset <= before) {
      const committed = ledger.committed(group, ref);
      if (offset >= (committed?.get(partition) ?? 0)) {
        ledger.finishSession(this.#session, []);
        const s = this.#session;
        // It starts over at the group's commit, or, in a partition the group never committed, at
        // the earliest offset (auto.offset.reset=earliest): re-reads from there are at-least-once.
        const rejoinedAt = new Map<number, number>([...this.#last.keys()].map((p) => [p, 0]));
        for (const [p, o] of committed ?? []) rejoinedAt.set(p, o);
        this.#session = ledger.newSession({ cluster: s.cluster, topic: s.topic, group: s.group, origin: s.origin, client: s.client }, rejoinedAt);
        this.sessions.push(this.#session);
        this.#last = new Map();
        this.restarts++;
      }
    }
    this.#last.set(partition, offset);
    this.#readSinceRebuild = true;
    ledger.recordRead(this.#session, partition, offset, value);
  }

  /** Times the consumer started over in its group (a new ledger session each time). */
  restarts = 0;
  /** Times its consumer was replaced by a new one after its client gave up on it. */
  rebuilds = 0;
  #readSinceRebuild = true;

  async #run(): Promise<void> {
    const { client, bootstrap, security, group, ref, isolation } = this.#options;
    const signal = this.#abort.signal;
    while (!signal.aborted) {
      try {
        this.#consumer ??= await client.openConsumer({ bootstrap, security, group, topic: ref.topic, ...(isolation ? { isolation } : {}) });
        if (signal.aborted) break;
        this.#commitTimer ??= setInterval(() => this.#commitSoon(), this.#options.commitEveryMs);
        await this.#consumer.read({
          stallMs: Number.POSITIVE_INFINITY,
          signal,
          onRecord: (r) => this.#onRecord(r.partition, r.offset, r.value),
        });
      } catch (error) {
        if (signal.aborted) break;
        this.#failed('read', error);
        const consumer = this.#consumer;
        if (consumer && !consumer.reusable) {
          // Its client gave up on it: a new consumer, a new member of the group. (One that can read
          // again is kept: a new member would wait in its JoinGroup for the old one's session to
          // time out when the coordinator reloaded the group, its broker restarted while the old
          // member's LeaveGroup could not reach it.)
          this.#consumer = undefined;
          this.rebuilds++;
          // Once per outage: a consumer that cannot start is rebuilt every second until it can.
          if (this.#readSinceRebuild) progress(`group "${this.#options.group}" on ${this.#options.ref.topic}@${this.#options.ref.cluster}: its consumer is rebuilt, a new member of the group that starts at its commit`);
          this.#readSinceRebuild = false;
          await closeWithin(consumer, 3_000);
        }
        await new Promise((resolve) => setTimeout(resolve, 1_000));
      }
    }
  }

  #commitPending = false;

  /** A commit per tick, never two at once: a tick while one is pending (its cluster frozen) is skipped. */
  #commitSoon(): void {
    if (this.#commitPending) return;
    this.#commitPending = true;
    this.#committing = this.commit().finally(() => (this.#commitPending = false));
  }

  /** Commits the position after the last record read, bounded by 5 s; a failure is reported, never thrown. */
  async commit(): Promise<void> {
    const consumer = this.#consumer;
    if (!consumer) return;
    const { ledger, group, ref } = this.#options;
    try {
      const committed = await within(consumer.commit(), 5_000, 'the commit took longer than 5 s');
      if (committed.size === 0) return;
      ledger.recordCommit(group, ref, committed);
      this.commits++;
    } catch (error) {
      this.#failed('commit', error);
    }
  }

  #failed(what: string, error: unknown): void {
    const message = error instanceof Error ? error.message.split('\n')[0]! : String(error);
    this.#errors++;
    if (message !== this.#lastError) {
      progress(`group "${this.#options.group}" on ${this.#options.ref.topic}@${this.#options.ref.cluster}: ${what} failed (${message}); it goes on`);
      this.#lastError = message;
    }
  }

  /**
   * Stops reading; with `lastCommit`, commits once more (as a closing auto-commit consumer does)
   * when its cluster answers within 5 s. The consumer is closed in the background (its cluster
   * may be gone, and a group moving elsewhere does not wait for it): `closed` settles when it is.
   */
  async stop(lastCommit: boolean): Promise<{ reads: number; commits: number; errors: number }> {
    clearInterval(this.#commitTimer);
    this.#abort.abort();
    await this.#loop;
    await this.#committing;
    if (lastCommit) await this.commit();
    const consumer = this.#consumer;
    this.#consumer = undefined;
    this.closed = closeWithin(consumer, 10_000);
    return { reads: this.sessions.reduce((n, x) => n + x.reads, 0), commits: this.commits, errors: this.#errors };
  }

  closed: Promise<void> = Promise.resolve();
}

async function within<T>(work: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([work, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(message)), ms)))]);
  } finally {
    clearTimeout(timer);
  }
}

async function closeWithin(consumer: ConsumerSession | undefined, ms: number): Promise<void> {
  if (!consumer) return;
  await within(consumer.close(), ms, 'close timed out').catch(() => undefined);
}
