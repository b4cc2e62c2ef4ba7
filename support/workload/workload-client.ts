import type { ClientSecurity } from '../security/cluster-security.ts';
import { reachedEnd, type IsolationLevel } from '../kafka/read-end.ts';
import type { ClientName } from '../config/choices.ts';

/** The client libraries a scenario can choose (declared in config, which validates MIRRORDRILL_CLIENT). */
export { CLIENTS, type ClientName } from '../config/choices.ts';

export interface OutgoingRecord {
  partition: number;
  key: string;
  value: string;
}

/**
 * One producer (acks=all, idempotent) for the length of a produce step. `send` answers with the
 * base offset the broker gave each partition of the batch, or throws when the batch was not
 * acked (then its records may or may not have been written: indeterminate).
 */
export interface ProducerSession {
  send(records: OutgoingRecord[]): Promise<Map<number, number>>;
  close(): Promise<void>;
}

/**
 * One transactional producer (transactional.id, idempotent, acks=all) for the length of a produce
 * step: each call sends its records in one transaction and ends it as told. It answers with each
 * partition's base offset once the commit (or the abort) was confirmed, and throws when the
 * transaction could not be ended as told (then a commit may or may not have happened).
 */
export interface TransactionalProducerSession {
  transaction(records: OutgoingRecord[], end: 'commit' | 'abort'): Promise<Map<number, number>>;
  close(): Promise<void>;
}

export interface ConsumedRecord {
  partition: number;
  offset: number;
  value: Buffer | undefined;
}

export interface ReadOptions {
  /** Stop after this many records (the group's "reads N"). */
  max?: number;
  /**
   * Stop when every listed partition's position reached this offset ("reads to the end"): the
   * offset after the last record read, or the client's fetch position, which moves past
   * transaction markers and aborted records no read delivers.
   */
  until?: Map<number, number>;
  /** Fail when no record arrives for this long; there is no cap on the read as a whole. */
  stallMs: number;
  onRecord: (record: ConsumedRecord) => void;
  /** Called about every 5 s with what the read has done so far. */
  onProgress?: (progress: ReadProgress) => void;
  /** Ends the read when aborted (a consumer that reads until it is told to stop). */
  signal?: AbortSignal;
}

/**
 * One consumer instance in a group, from join to close: it starts at the group's committed
 * offsets, or at the earliest offset where it has none (auto.offset.reset=earliest, as the
 * lab's consumer), and commits only when asked.
 */
export interface ConsumerSession extends AsyncDisposable {
  read(options: ReadOptions): Promise<void>;
  /** Moves this consumer's position in one partition, as KafkaConsumer.seek does. */
  seek(partition: number, offset: number): Promise<void>;
  /** Commits the position after the last record read, per partition; returns what it committed. */
  commit(): Promise<Map<number, number>>;
  /**
   * Whether a read may be tried again on this consumer after one failed: it stays the same group
   * member and rejoins with its member id. False once its client gave up on it (or it was closed):
   * a reader that goes on then opens a new consumer, a new member of the group.
   */
  readonly reusable: boolean;
  close(): Promise<void>;
}

export interface ConsumerOptions {
  bootstrap: string[];
  group: string;
  topic: string;
  /** TLS and SASL of a secured cluster. */
  security?: ClientSecurity;
  /** The consumer's isolation level; each client's own default (read_committed for both) when unset. */
  isolation?: IsolationLevel;
}

export interface WorkloadClient {
  readonly name: ClientName;
  openProducer(bootstrap: string[], topic: string, timeoutMs: number, security?: ClientSecurity): Promise<ProducerSession>;
  openTransactionalProducer(bootstrap: string[], topic: string, transactionalId: string, timeoutMs: number, security?: ClientSecurity): Promise<TransactionalProducerSession>;
  openConsumer(options: ConsumerOptions): Promise<ConsumerSession>;
}

/** Tracks a read's progress against its stop condition and its stall limit; shared by every client. */
export class ReadProgress {
  readonly #options: ReadOptions;
  readonly #next = new Map<number, number>();
  /** The client's fetch position per partition, once every record fetched was delivered. */
  readonly #position = new Map<number, number>();
  readonly started = Date.now();
  count = 0;
  lastRecordAt = Date.now();
  #reported = Date.now();

  constructor(options: ReadOptions) {
    this.#options = options;
  }

  get signal(): AbortSignal | undefined {
    return this.#options.signal;
  }

  /** Records one consumed record; returns true when the read is complete. */
  accept(record: ConsumedRecord): boolean {
    this.count++;
    this.#next.set(record.partition, record.offset + 1);
    this.#options.onRecord(record);
    // Every record counts as progress: a trickle of a few records a second is never a stall.
    this.lastRecordAt = Date.now();
    if (this.#options.onProgress && (this.count & 1023) === 0 && this.lastRecordAt - this.#reported >= 5_000) {
      this.#reported = this.lastRecordAt;
      this.#options.onProgress(this);
    }
    return this.done();
  }

  /**
   * The client's fetch position of a partition (the next offset it will fetch), given only when
   * every record it fetched from there was handed to this read: past markers and aborted records,
   * it tells a read at the end that got no record for them. Returns true when the read is complete.
   */
  position(partition: number, offset: number): boolean {
    if (offset > (this.#position.get(partition) ?? -1)) this.#position.set(partition, offset);
    return this.done();
  }

  done(): boolean {
    if (this.#options.signal?.aborted) return true;
    if (this.#options.max !== undefined && this.count >= this.#options.max) return true;
    const until = this.#options.until;
    if (!until) return false;
    for (const [p, end] of until) if (!reachedEnd(end, this.#next.get(p), this.#position.get(p))) return false;
    return true;
  }

  /** The error to fail with when no record came for `stallMs`, else undefined. */
  stalled(): Error | undefined {
    const idle = Date.now() - this.lastRecordAt;
    return idle >= this.#options.stallMs ? new Error(`no record for ${(idle / 1000).toFixed(0)} s; ${this.describe()}`) : undefined;
  }

  describe(): string {
    const until = this.#options.until;
    const at = (p: number) => {
      const next = this.#next.get(p);
      const position = this.#position.get(p);
      if (position !== undefined && position > (next ?? -1)) return `${next ?? 'nothing read'} (fetch position ${position})`;
      return `${next ?? 'nothing read'}`;
    };
    const parts = until ? [...until].map(([p, end]) => `partition ${p} at ${at(p)} of end ${end}`) : [];
    const of = this.#options.max !== undefined ? ` of ${this.#options.max}` : '';
    const shown = parts.length > 8 ? [...parts.slice(0, 8), `${parts.length - 8} more`] : parts;
    return `read ${this.count}${of} record(s)${shown.length ? `; ${shown.join(', ')}` : ''}`;
  }
}

/**
 * Runs `next` until the read is done, failing when it stalls: the watchdog checks every second
 * and calls `interrupt` (which must make a pending `next` settle) before rejecting.
 */
export async function readUntilDone(progress: ReadProgress, next: () => Promise<boolean>, interrupt: () => void): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  let stalledWith: Error | undefined;
  let onAbort: (() => void) | undefined;
  const signal = progress.signal;
  const aborted = new Promise<void>((resolve) => {
    onAbort = () => {
      stalledWith ??= new Error('aborted');
      interrupt();
      resolve();
    };
    if (signal?.aborted) onAbort();
    else signal?.addEventListener('abort', onAbort, { once: true });
  });
  const watchdog = new Promise<never>((_, reject) => {
    timer = setInterval(() => {
      const stalled = progress.stalled();
      if (!stalled) return;
      stalledWith = stalled;
      interrupt();
      reject(stalled);
    }, 1_000);
  });
  watchdog.catch(() => undefined);
  try {
    const loop = (async () => {
      while (!stalledWith) if (await next()) return;
    })();
    loop.catch(() => undefined);
    await Promise.race([loop, watchdog, aborted]);
  } finally {
    clearInterval(timer);
    if (onAbort) signal?.removeEventListener('abort', onAbort);
  }
}

/** Seeking a partition the consumer does not own would be ignored (kafkajs) or misplaced; refuse it. */
export function requireAssigned(topic: string, partition: number, assigned: readonly number[]): void {
  if (!assigned.includes(partition)) {
    throw new Error(`partition ${partition} of ${topic} is not assigned to this consumer (it has ${assigned.join(', ') || 'none'})`);
  }
}
