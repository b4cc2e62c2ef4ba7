/**
 * The ledger: what the producers were told (acked / failed / indeterminate, with the offset
 * the broker gave), and what every consumer session read, where, in order. The checker turns
 * it into a verdict; the report keeps it as JSON.
 */

export const PRODUCE_OUTCOMES = ['acked', 'failed', 'indeterminate'] as const;
export type ProduceOutcome = (typeof PRODUCE_OUTCOMES)[number];

/** A topic on a cluster: where records were produced, or where a group reads. */
export interface TopicRef {
  cluster: string;
  topic: string;
}

export interface ProducedRecord extends TopicRef {
  /** Unique in a run: `<key>#<seq>`. */
  id: string;
  key: string;
  /** Per-key sequence number, from 0. */
  seq: number;
  partition: number;
  /** Offset in the partition it was produced to; known for acked records. */
  offset: number | undefined;
  outcome: ProduceOutcome;
  error?: string;
  /** Ledger clock when the producer got its answer; sessions share the clock. */
  at: number;
}

export interface ReadRecord extends TopicRef {
  group: string;
  /** Consumer session (one consumer instance from join to close), numbered by the ledger clock at its start. */
  session: number;
  partition: number;
  offset: number;
  /** The produced record's id, parsed from the value; undefined for records not of this run. */
  id: string | undefined;
}

export interface SessionRecord extends TopicRef {
  group: string;
  session: number;
  /** The produced topic this session's topic carries (itself, or the source of a mirror). */
  origin: TopicRef;
  /** Partitions this session read up to the high watermark. */
  drained: number[];
  client: string;
}

export interface History {
  produced: ProducedRecord[];
  reads: ReadRecord[];
  sessions: SessionRecord[];
}

export function recordId(key: string, seq: number): string {
  return `${key}#${seq}`;
}

export class Ledger {
  readonly produced: ProducedRecord[] = [];
  readonly reads: ReadRecord[] = [];
  readonly sessions: SessionRecord[] = [];
  /** One clock for produce answers and session starts, so the checker knows which came first. */
  #clock = 0;
  readonly #seqs = new Map<string, number>();

  newSession(): number {
    return ++this.#clock;
  }

  recordProduced(records: Omit<ProducedRecord, 'at'>[]): void {
    const at = ++this.#clock;
    this.produced.push(...records.map((r) => ({ ...r, at })));
  }

  recordRead(read: ReadRecord): void {
    this.reads.push(read);
  }

  recordSession(session: SessionRecord): void {
    this.sessions.push(session);
  }

  /** Claims the next per-key sequence number, so repeated produce steps never reuse an id. */
  claimSeq(key: string): number {
    const seq = this.#seqs.get(key) ?? 0;
    this.#seqs.set(key, seq + 1);
    return seq;
  }

  get isEmpty(): boolean {
    return this.produced.length === 0 && this.reads.length === 0;
  }

  history(): History {
    return { produced: [...this.produced], reads: [...this.reads], sessions: [...this.sessions] };
  }
}
