import type { ProduceOutcome } from '../ledger/ledger.ts';

/** The client libraries a scenario can choose for its apps' producers and consumers. */
export const CLIENTS = ['platformatic', 'kafkajs'] as const;
export type ClientName = (typeof CLIENTS)[number];

export interface OutgoingRecord {
  id: string;
  key: string;
  seq: number;
  partition: number;
  value: string;
}

export interface ProduceReport {
  record: OutgoingRecord;
  outcome: ProduceOutcome;
  offset?: number;
  error?: string;
}

export interface ConsumedRecord {
  topic: string;
  partition: number;
  offset: number;
  value: string | undefined;
}

export interface ReadOptions {
  /** Stop after this many records (the group's "reads N"). */
  max?: number;
  /** Stop when every listed partition's position reached this offset ("reads to the end"). */
  until?: Map<number, number>;
  timeoutMs: number;
  onRecord: (record: ConsumedRecord) => void;
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
  /** Commits the position after the last record read, per partition. */
  commit(): Promise<void>;
  close(): Promise<void>;
}

export interface ConsumerOptions {
  bootstrap: string[];
  group: string;
  topic: string;
}

export interface WorkloadClient {
  readonly name: ClientName;
  /** Sends with acks=all and an idempotent producer; every record gets an outcome. */
  produce(bootstrap: string[], topic: string, records: OutgoingRecord[], timeoutMs: number): Promise<ProduceReport[]>;
  openConsumer(options: ConsumerOptions): Promise<ConsumerSession>;
}

/** Tracks a read's progress against its stop condition; shared by every client. */
export class ReadProgress {
  readonly #options: ReadOptions;
  readonly #next = new Map<number, number>();
  count = 0;
  constructor(options: ReadOptions) {
    this.#options = options;
  }

  /** Records one consumed record; returns true when the read is complete. */
  accept(record: ConsumedRecord): boolean {
    this.count++;
    this.#next.set(record.partition, record.offset + 1);
    this.#options.onRecord(record);
    return this.done();
  }

  done(): boolean {
    if (this.#options.max !== undefined && this.count >= this.#options.max) return true;
    const until = this.#options.until;
    if (until) return [...until].every(([p, end]) => (this.#next.get(p) ?? -1) >= end);
    return false;
  }

  describe(): string {
    const until = this.#options.until;
    const parts = until ? [...until].map(([p, end]) => `partition ${p} at ${this.#next.get(p) ?? 'nothing read'} of end ${end}`) : [];
    const of = this.#options.max !== undefined ? ` of ${this.#options.max}` : '';
    return `read ${this.count}${of} record(s)${parts.length ? `; ${parts.join(', ')}` : ''}`;
  }
}

/**
 * Per-record outcomes from the base offset the broker gave each partition of one send: records
 * of one partition in one send are written consecutively, in order (idempotent producer).
 */
export function acknowledge(records: OutgoingRecord[], base: Map<number, number>): ProduceReport[] {
  const next = new Map<number, number>();
  return records.map((record) => {
    const start = base.get(record.partition);
    if (start === undefined) return { record, outcome: 'indeterminate', error: 'the broker reported no offset for its partition' };
    const i = next.get(record.partition) ?? 0;
    next.set(record.partition, i + 1);
    return { record, outcome: 'acked', offset: start + i };
  });
}

/** Seeking a partition the consumer does not own would be ignored (kafkajs) or misplaced; refuse it. */
export function requireAssigned(topic: string, partition: number, assigned: readonly number[]): void {
  if (!assigned.includes(partition)) {
    throw new Error(`partition ${partition} of ${topic} is not assigned to this consumer (it has ${assigned.join(', ') || 'none'})`);
  }
}
